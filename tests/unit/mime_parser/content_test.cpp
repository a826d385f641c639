#include "common/mime/content.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/mime_parser/test_messages.hpp"

namespace mailsim::mime {
namespace {

using test::kAlternative;
using test::kNested;
using test::kSimple;

TEST(MimeContent, AttachmentsOfNestedMessage) {
  ParsedMessage m = parse_message(kNested);
  auto list = attachments(m, kNested);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].part, "2");
  EXPECT_EQ(list[0].filename, "doc.pdf");
  EXPECT_EQ(list[0].content_type, "application/pdf");
  EXPECT_EQ(list[0].disposition, "attachment");
  EXPECT_EQ(list[0].decoded_size, 9u);  // "%PDF-1.4\n"
  EXPECT_EQ(list[0].entity, &m.root.children[1]);
  EXPECT_EQ(list[1].part, "3");
  EXPECT_EQ(list[1].content_type, "message/rfc822");
  EXPECT_EQ(list[1].filename, "");
}

TEST(MimeContent, NoAttachmentsInPlainMessages) {
  ParsedMessage m = parse_message(kSimple);
  EXPECT_TRUE(attachments(m, kSimple).empty());
  m = parse_message(kAlternative);
  EXPECT_TRUE(attachments(m, kAlternative).empty());
}

TEST(MimeContent, SinglePartBinaryMessageIsAnAttachment) {
  std::string raw =
      "MIME-Version: 1.0\r\n"
      "Content-Type: image/png; name=\"=?utf-8?q?gr=C3=BCn.png?=\"\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "iVBORw0K\r\n";
  ParsedMessage m = parse_message(raw);
  auto list = attachments(m, raw);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].part, "1");
  EXPECT_EQ(list[0].filename, "gr\xC3\xBCn.png");
  EXPECT_EQ(list[0].decoded_size, 6u);
  EXPECT_EQ(list[0].disposition, "");
}

TEST(MimeContent, InlineTextWithFileNameCountsAsAttachment) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "body\r\n"
      "--b\r\n"
      "Content-Type: text/plain\r\n"
      "Content-Disposition: inline; filename*=utf-8''notes%20%C3%A9.txt\r\n"
      "\r\n"
      "notes\r\n"
      "--b--\r\n";
  ParsedMessage m = parse_message(raw);
  auto list = attachments(m, raw);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].part, "2");
  EXPECT_EQ(list[0].filename, "notes \xC3\xA9.txt");
  EXPECT_EQ(list[0].disposition, "inline");
  auto text = best_text(m, raw, "plain");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->text, "body");
  EXPECT_EQ(text->part, "1");
}

TEST(MimeContent, BestTextPicksAlternatives) {
  ParsedMessage m = parse_message(kNested);
  auto plain = best_text(m, kNested, "plain");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->text, "text");
  EXPECT_EQ(plain->part, "1.1");
  auto html = best_text(m, kNested, "HTML");
  ASSERT_TRUE(html.has_value());
  EXPECT_EQ(html->text, "<b>text</b>");
  EXPECT_EQ(html->part, "1.2");

  m = parse_message(kSimple);
  plain = best_text(m, kSimple, "plain");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->text, "Hi Bob\r\nBye\r\n");
  EXPECT_EQ(plain->charset, "us-ascii");
  EXPECT_EQ(plain->part, "1");
  EXPECT_FALSE(best_text(m, kSimple, "html").has_value());
}

TEST(MimeContent, BestTextDecodesTransferEncodingAndCharset) {
  std::string raw =
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=\"ISO-8859-1\"\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "Gr=FC=DFe, caf=E9=\r\n"
      "!\r\n";
  ParsedMessage m = parse_message(raw);
  auto text = best_text(m, raw, "plain");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->text, "Gr\xC3\xBC\xC3\x9F" "e, caf\xC3\xA9!\r\n");
  EXPECT_EQ(text->charset, "ISO-8859-1");
  EXPECT_TRUE(text->converted);

  raw = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=x-martian\r\n\r\nabc";
  m = parse_message(raw);
  text = best_text(m, raw, "plain");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->text, "abc");
  EXPECT_FALSE(text->converted);
}

TEST(MimeContent, AttachedMessageTextIsNotTheBody) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: message/rfc822\r\n"
      "\r\n"
      "Subject: inner\r\n"
      "\r\n"
      "inner text\r\n"
      "--b--\r\n";
  ParsedMessage m = parse_message(raw);
  EXPECT_FALSE(best_text(m, raw, "plain").has_value());
  // but search still finds it
  EXPECT_NE(searchable_body(m, raw).find("inner text"), std::string::npos);
}

TEST(MimeContent, SearchableBodyJoinsTextParts) {
  ParsedMessage m = parse_message(kNested);
  std::string s = searchable_body(m, kNested);
  EXPECT_NE(s.find("text"), std::string::npos);
  EXPECT_NE(s.find("<b>text</b>"), std::string::npos);
  EXPECT_NE(s.find("inner body"), std::string::npos);
  EXPECT_EQ(s.find("JVBERi0x"), std::string::npos);  // not text
}

TEST(MimeContent, PartNumbers) {
  ParsedMessage m = parse_message(kNested);
  EXPECT_EQ(part_number(m, m.root), "");
  EXPECT_EQ(part_number(m, m.root.children[0]), "1");
  EXPECT_EQ(part_number(m, m.root.children[0].children[1]), "1.2");
  EXPECT_EQ(part_number(m, m.root.children[2]), "3");
  EXPECT_EQ(part_number(m, *m.root.children[2].encapsulated()), "3.1");
  m = parse_message(kSimple);
  EXPECT_EQ(part_number(m, m.root), "1");
}

}  // namespace
}  // namespace mailsim::mime
