#include "common/mime/section.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/mime_parser/test_messages.hpp"

namespace mailsim::mime {
namespace {

using test::kAlternative;
using test::kNested;
using test::kSimple;

// BODY[<text>] of `raw`, or "<none>" when the section does not exist.
std::string fetch(const std::string& raw, const std::string& text) {
  ParsedMessage m = parse_message(raw);
  auto spec = parse_section(text);
  if (!spec) return "<bad>";
  auto content = resolve_section(m, raw, *spec);
  if (!content) return "<none>";
  return std::string(content->bytes(raw));
}

TEST(MimeSection, ParsesSectionSpecs) {
  auto s = parse_section("1.2.HEADER.FIELDS (From \"To\" x-Custom)");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->part, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(s->text, SectionSpec::Text::header_fields);
  EXPECT_EQ(s->fields, (std::vector<std::string>{"From", "To", "x-Custom"}));

  s = parse_section("header.fields.not (Received)");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->part.empty());
  EXPECT_EQ(s->text, SectionSpec::Text::header_fields_not);

  s = parse_section("");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->part.empty());
  EXPECT_EQ(s->text, SectionSpec::Text::none);

  s = parse_section("3.MIME");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->text, SectionSpec::Text::mime);
  EXPECT_EQ(parse_section("TEXT")->text, SectionSpec::Text::text);
  EXPECT_EQ(parse_section("2")->part, (std::vector<std::uint32_t>{2}));
}

TEST(MimeSection, RejectsMalformedSpecs) {
  for (const char* bad : {"0", "1.", "1..2", ".1", "MIME", "1.FOO", "HEADER.FIELDS", "HEADER.FIELDS ()",
                          "HEADER.FIELDS (a", "HEADER.FIELDS (a) x", "HEADER x", "1.0", "99999999999",
                          "HEADER.FIELDS (\"unterminated)", "TEXT.1"}) {
    EXPECT_FALSE(parse_section(bad).has_value()) << bad;
  }
}

TEST(MimeSection, SimpleMessageSections) {
  EXPECT_EQ(fetch(kSimple, ""), kSimple);
  EXPECT_EQ(fetch(kSimple, "HEADER"), kSimple.substr(0, kSimple.find("Hi Bob")));
  EXPECT_EQ(fetch(kSimple, "TEXT"), "Hi Bob\r\nBye\r\n");
  // part 1 of a non-multipart message is its body
  EXPECT_EQ(fetch(kSimple, "1"), "Hi Bob\r\nBye\r\n");
  EXPECT_EQ(fetch(kSimple, "2"), "<none>");
  EXPECT_EQ(fetch(kSimple, "1.1"), "<none>");
  EXPECT_EQ(fetch(kSimple, "1.HEADER"), "<none>");
}

TEST(MimeSection, HeaderFieldsInMessageOrderWithBlankLine) {
  EXPECT_EQ(fetch(kSimple, "HEADER.FIELDS (subject FROM)"),
            "From: Alice <alice@example.com>\r\nSubject: Hello\r\n\r\n");
  EXPECT_EQ(fetch(kSimple, "HEADER.FIELDS.NOT (To)"),
            "From: Alice <alice@example.com>\r\nSubject: Hello\r\n\r\n");
  EXPECT_EQ(fetch(kSimple, "HEADER.FIELDS (X-None)"), "\r\n");
  std::string folded = "Received: a\r\n b\r\nX: 1\r\nReceived: c\r\n\r\nbody";
  EXPECT_EQ(fetch(folded, "HEADER.FIELDS (Received)"), "Received: a\r\n b\r\nReceived: c\r\n\r\n");
}

TEST(MimeSection, MultipartSectionsAreByteExact) {
  EXPECT_EQ(fetch(kAlternative, "1"), "plain body");
  EXPECT_EQ(fetch(kAlternative, "1.MIME"), "Content-Type: text/plain; charset=utf-8\r\n\r\n");
  EXPECT_EQ(fetch(kAlternative, "2"), "<p>html</p>");
  EXPECT_EQ(fetch(kAlternative, "2.MIME"), "Content-Type: text/html\r\n\r\n");
  EXPECT_EQ(fetch(kAlternative, "TEXT"), kAlternative.substr(kAlternative.find("preamble")));
  EXPECT_EQ(fetch(kAlternative, "3"), "<none>");
  EXPECT_EQ(fetch(kAlternative, "1.TEXT"), "<none>");
}

TEST(MimeSection, NestedAndEncapsulatedSections) {
  EXPECT_EQ(fetch(kNested, "1.1"), "text");
  EXPECT_EQ(fetch(kNested, "1.2"), "<b>text</b>");
  EXPECT_EQ(fetch(kNested, "1.2.MIME"), "Content-Type: text/html\r\n\r\n");
  EXPECT_EQ(fetch(kNested, "2"), "JVBERi0x\r\nLjQK");
  EXPECT_EQ(fetch(kNested, "3"), "From: c@example.com\r\nSubject: inner message\r\n\r\ninner body");
  EXPECT_EQ(fetch(kNested, "3.MIME"), "Content-Type: message/rfc822\r\n\r\n");
  // HEADER and TEXT of a message/rfc822 part are the encapsulated message's
  EXPECT_EQ(fetch(kNested, "3.HEADER"), "From: c@example.com\r\nSubject: inner message\r\n\r\n");
  EXPECT_EQ(fetch(kNested, "3.TEXT"), "inner body");
  EXPECT_EQ(fetch(kNested, "3.HEADER.FIELDS (Subject)"), "Subject: inner message\r\n\r\n");
  // its numbers address the encapsulated message: a single part one's 1 is its body
  EXPECT_EQ(fetch(kNested, "3.1"), "inner body");
  EXPECT_EQ(fetch(kNested, "3.2"), "<none>");
  // like Dovecot, a leaf's own number may be followed by a final 1
  EXPECT_EQ(fetch(kNested, "2.1"), "JVBERi0x\r\nLjQK");
  EXPECT_EQ(fetch(kNested, "2.2"), "<none>");
  EXPECT_EQ(fetch(kNested, "2.1.1"), "<none>");
  EXPECT_EQ(fetch(kNested, "4"), "<none>");
}

TEST(MimeSection, EncapsulatedMultipartNumbering) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=o\r\n"
      "\r\n"
      "--o\r\n"
      "Content-Type: message/rfc822\r\n"
      "\r\n"
      "Subject: fwd\r\n"
      "Content-Type: multipart/mixed; boundary=i\r\n"
      "\r\n"
      "--i\r\n"
      "\r\n"
      "first\r\n"
      "--i\r\n"
      "Content-Type: text/x-second\r\n"
      "\r\n"
      "second\r\n"
      "--i--\r\n"
      "--o--\r\n";
  EXPECT_EQ(fetch(raw, "1.1"), "first");
  EXPECT_EQ(fetch(raw, "1.2"), "second");
  EXPECT_EQ(fetch(raw, "1.2.MIME"), "Content-Type: text/x-second\r\n\r\n");
  EXPECT_EQ(fetch(raw, "1.HEADER.FIELDS (subject)"), "Subject: fwd\r\n\r\n");
  EXPECT_EQ(fetch(raw, "1.3"), "<none>");
  ParsedMessage m = parse_message(raw);
  const Entity* p = find_part(m, {1, 2});
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->content_type.is("text", "x-second"));
  EXPECT_EQ(find_part(m, {1}), &m.root.children[0]);
  EXPECT_EQ(find_part(m, {}), &m.root);
  EXPECT_EQ(find_part(m, {2}), nullptr);
}

}  // namespace
}  // namespace mailsim::mime
