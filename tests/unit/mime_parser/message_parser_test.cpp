#include "common/mime/message_parser.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/unit/mime_parser/test_messages.hpp"

namespace mailsim::mime {
namespace {

using test::kAlternative;
using test::kNested;
using test::kSimple;

std::string body(const Entity& e, const std::string& raw) { return std::string(e.body_bytes(raw)); }
std::string header(const Entity& e, const std::string& raw) { return std::string(e.header_bytes(raw)); }

TEST(MimeMessageParser, SimpleTextMessage) {
  ParsedMessage m = parse_message(kSimple);
  const Entity& r = m.root;
  EXPECT_EQ(r.kind, Entity::Kind::leaf);
  EXPECT_FALSE(r.is_mime);
  EXPECT_TRUE(r.content_type.defaulted);
  EXPECT_EQ(r.content_type.type, "text");
  EXPECT_EQ(r.content_type.subtype, "plain");
  EXPECT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.header_begin, 0u);
  EXPECT_EQ(header(r, kSimple), kSimple.substr(0, kSimple.find("Hi Bob")));
  EXPECT_EQ(body(r, kSimple), "Hi Bob\r\nBye\r\n");
  EXPECT_EQ(r.body_lines, 2u);
  EXPECT_EQ(r.body_virtual_size, 13u);
  EXPECT_EQ(m.size, kSimple.size());
  EXPECT_EQ(m.virtual_size, kSimple.size());
  EXPECT_EQ(m.part_count, 1u);
  EXPECT_FALSE(m.truncated);
}

TEST(MimeMessageParser, MultipartAlternativeWithPreambleAndEpilogue) {
  ParsedMessage m = parse_message(kAlternative);
  const Entity& r = m.root;
  ASSERT_EQ(r.kind, Entity::Kind::multipart);
  EXPECT_TRUE(r.content_type.is("multipart", "alternative"));
  ASSERT_NE(r.content_type.params.find("boundary"), nullptr);
  EXPECT_EQ(*r.content_type.params.find("BOUNDARY"), "b1");
  ASSERT_EQ(r.children.size(), 2u);
  // the body of a multipart is everything after its header, preamble and epilogue included
  EXPECT_EQ(body(r, kAlternative), kAlternative.substr(kAlternative.find("preamble")));
  EXPECT_EQ(r.body_end, kAlternative.size());
  EXPECT_EQ(r.body_lines, 11u);

  const Entity& plain = r.children[0];
  EXPECT_TRUE(plain.is_mime);
  EXPECT_TRUE(plain.content_type.is("TEXT", "Plain"));
  EXPECT_EQ(*plain.content_type.params.find("charset"), "utf-8");
  EXPECT_EQ(header(plain, kAlternative), "Content-Type: text/plain; charset=utf-8\r\n\r\n");
  // the line break before a boundary belongs to the boundary
  EXPECT_EQ(body(plain, kAlternative), "plain body");
  EXPECT_EQ(plain.body_lines, 0u);
  EXPECT_EQ(plain.body_virtual_size, 10u);

  const Entity& html = r.children[1];
  EXPECT_TRUE(html.content_type.is("text", "html"));
  EXPECT_EQ(body(html, kAlternative), "<p>html</p>");
  EXPECT_EQ(m.part_count, 3u);
}

TEST(MimeMessageParser, NestedMultipartWithAttachmentAndMessage) {
  ParsedMessage m = parse_message(kNested);
  const Entity& r = m.root;
  ASSERT_EQ(r.kind, Entity::Kind::multipart);
  ASSERT_EQ(r.children.size(), 3u);

  const Entity& alt = r.children[0];
  ASSERT_EQ(alt.kind, Entity::Kind::multipart);
  ASSERT_EQ(alt.children.size(), 2u);
  EXPECT_EQ(body(alt.children[0], kNested), "text");
  EXPECT_EQ(body(alt.children[1], kNested), "<b>text</b>");
  // the inner closing boundary line stays in the inner multipart's body
  std::string alt_body = body(alt, kNested);
  EXPECT_EQ(alt_body.substr(alt_body.size() - 11), "--inner--\r\n");

  const Entity& pdf = r.children[1];
  EXPECT_EQ(pdf.kind, Entity::Kind::leaf);
  EXPECT_EQ(pdf.transfer_encoding(), TransferEncoding::base64);
  EXPECT_EQ(pdf.transfer_encoding_name, "base64");
  ASSERT_TRUE(pdf.disposition.has_value());
  EXPECT_EQ(pdf.disposition->type, "attachment");
  EXPECT_EQ(*pdf.disposition->params.find("filename"), "doc.pdf");
  EXPECT_EQ(body(pdf, kNested), "JVBERi0x\r\nLjQK");
  EXPECT_EQ(pdf.body_lines, 1u);

  const Entity& msg = r.children[2];
  ASSERT_EQ(msg.kind, Entity::Kind::message);
  ASSERT_NE(msg.encapsulated(), nullptr);
  const Entity& inner = *msg.encapsulated();
  EXPECT_EQ(inner.kind, Entity::Kind::leaf);
  EXPECT_EQ(inner.header_begin, msg.body_begin);
  EXPECT_EQ(inner.body_end, msg.body_end);
  EXPECT_EQ(body(inner, kNested), "inner body");
  EXPECT_EQ(body(msg, kNested), "From: c@example.com\r\nSubject: inner message\r\n\r\ninner body");
  EXPECT_EQ(msg.body_lines, 3u);  // a message/rfc822 counts the encapsulated header lines too
  EXPECT_EQ(m.part_count, 7u);
  EXPECT_FALSE(m.truncated);
}

TEST(MimeMessageParser, BareLfMessageCountsVirtualCrlf) {
  std::string raw =
      "Subject: lf\n"
      "Content-Type: multipart/mixed; boundary=b\n"
      "\n"
      "--b\n"
      "Content-Type: text/plain\n"
      "\n"
      "line one\n"
      "line two\n"
      "--b--\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 1u);
  const Entity& p = m.root.children[0];
  EXPECT_EQ(body(p, raw), "line one\nline two");
  EXPECT_EQ(p.body_lines, 1u);
  EXPECT_EQ(p.body_virtual_size, 18u);  // 17 bytes + one CR
  EXPECT_EQ(m.size, raw.size());
  EXPECT_EQ(m.virtual_size, raw.size() + 9);  // nine bare LFs
  EXPECT_EQ(m.root.header_virtual_size, (m.root.header_end - m.root.header_begin) + 3);

  // after to_crlf the same tree has real sizes equal to the virtual ones
  std::string crlf = to_crlf(raw);
  ParsedMessage m2 = parse_message(crlf);
  EXPECT_EQ(m2.size, m.virtual_size);
  EXPECT_EQ(m2.root.children[0].body_end - m2.root.children[0].body_begin, p.body_virtual_size);
}

TEST(MimeMessageParser, ToCrlfKeepsExistingCrlfAndLoneCr) {
  EXPECT_EQ(to_crlf("a\nb\r\nc\rd\n"), "a\r\nb\r\nc\rd\r\n");
  EXPECT_EQ(to_crlf("\n"), "\r\n");
  EXPECT_EQ(to_crlf(""), "");
}

TEST(MimeMessageParser, MissingClosingBoundaryEndsAtEndOfMessage) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "\r\n"
      "part one\r\n"
      "--b\r\n"
      "\r\n"
      "part two\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 2u);
  EXPECT_EQ(body(m.root.children[0], raw), "part one");
  EXPECT_EQ(body(m.root.children[1], raw), "part two\r\n");
  EXPECT_EQ(m.root.children[1].body_lines, 1u);
  EXPECT_EQ(m.root.children[1].body_end, raw.size());
  EXPECT_EQ(m.root.body_end, raw.size());
  EXPECT_FALSE(m.truncated);
}

TEST(MimeMessageParser, OuterBoundaryClosesInnerParts) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=outer\r\n"
      "\r\n"
      "--outer\r\n"
      "Content-Type: multipart/mixed; boundary=inner\r\n"
      "\r\n"
      "--inner\r\n"
      "\r\n"
      "unterminated inner\r\n"
      "--outer\r\n"
      "\r\n"
      "second\r\n"
      "--outer--\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 2u);
  ASSERT_EQ(m.root.children[0].children.size(), 1u);
  EXPECT_EQ(body(m.root.children[0].children[0], raw), "unterminated inner");
  EXPECT_EQ(body(m.root.children[1], raw), "second");
}

TEST(MimeMessageParser, BoundaryMatchesByPrefixLongestWins) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=ab\r\n"
      "\r\n"
      "--ab\r\n"
      "Content-Type: multipart/mixed; boundary=abc\r\n"
      "\r\n"
      "--abc trailing junk\r\n"
      "\r\n"
      "deep\r\n"
      "--abc--\r\n"
      "--ab--\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 1u);
  ASSERT_EQ(m.root.children[0].children.size(), 1u);
  EXPECT_EQ(body(m.root.children[0].children[0], raw), "deep");
}

TEST(MimeMessageParser, MultipartWithoutBoundaryHasNoChildren) {
  std::string raw = "Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nbody\r\n";
  ParsedMessage m = parse_message(raw);
  EXPECT_EQ(m.root.kind, Entity::Kind::multipart);
  EXPECT_TRUE(m.root.children.empty());
  EXPECT_EQ(body(m.root, raw), "--x\r\n\r\nbody\r\n");
}

TEST(MimeMessageParser, EmptyMultipartAndClosingFirst) {
  std::string raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b--\r\n";
  ParsedMessage m = parse_message(raw);
  EXPECT_EQ(m.root.kind, Entity::Kind::multipart);
  EXPECT_TRUE(m.root.children.empty());
  EXPECT_EQ(m.root.body_end, raw.size());
}

TEST(MimeMessageParser, DigestPartsDefaultToMessage) {
  std::string raw =
      "Content-Type: multipart/digest; boundary=d\r\n"
      "\r\n"
      "--d\r\n"
      "\r\n"
      "Subject: one\r\n"
      "\r\n"
      "first\r\n"
      "--d\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "not a message\r\n"
      "--d--\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 2u);
  const Entity& first = m.root.children[0];
  EXPECT_EQ(first.kind, Entity::Kind::message);
  EXPECT_TRUE(first.content_type.is("message", "rfc822"));
  EXPECT_TRUE(first.content_type.defaulted);
  ASSERT_NE(first.encapsulated(), nullptr);
  EXPECT_EQ(first.encapsulated()->headers.size(), 1u);
  EXPECT_EQ(body(*first.encapsulated(), raw), "first");
  EXPECT_EQ(m.root.children[1].kind, Entity::Kind::leaf);
}

TEST(MimeMessageParser, ContentFieldsNeedMime) {
  // without Mime-Version or Content-Type the Content-* fields are ignored (RFC 2045 section 4)
  std::string raw = "Content-Transfer-Encoding: base64\r\nContent-ID: <x>\r\n\r\nSGk=\r\n";
  ParsedMessage m = parse_message(raw);
  EXPECT_FALSE(m.root.is_mime);
  EXPECT_TRUE(m.root.transfer_encoding_name.empty());
  EXPECT_FALSE(m.root.id.has_value());

  raw = "MIME-Version: 1.0\r\n" + raw;
  m = parse_message(raw);
  EXPECT_TRUE(m.root.is_mime);
  EXPECT_EQ(m.root.transfer_encoding(), TransferEncoding::base64);
  EXPECT_EQ(m.root.id, "<x>");
}

TEST(MimeMessageParser, ContentFieldsAsDovecotReadsThem) {
  std::string raw =
      "MIME-Version: 1.0\r\n"
      "Content-Type: Text/HTML; Charset=\"ISO-8859-1\"; format=flowed\r\n"
      "Content-Type: image/png\r\n"
      "Content-Transfer-Encoding: quoted-printable junk\r\n"
      "Content-Transfer-Encoding: 8bit\r\n"
      "Content-Description: a\r\n description\r\n"
      "Content-Language: en-US, de\r\n"
      "Content-Location: http://example.com/x\r\n"
      "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n"
      "Content-Disposition: inline\r\n"
      "\r\n"
      "x";
  ParsedMessage m = parse_message(raw);
  const Entity& r = m.root;
  EXPECT_EQ(r.content_type.type, "Text");  // case as written: BODYSTRUCTURE shows it so
  EXPECT_EQ(r.content_type.subtype, "HTML");
  EXPECT_TRUE(r.content_type.is("text", "html"));
  ASSERT_EQ(r.content_type.params.items.size(), 2u);
  EXPECT_EQ(r.content_type.params.items[0].name, "Charset");
  EXPECT_EQ(r.content_type.params.items[0].value, "ISO-8859-1");
  EXPECT_EQ(r.transfer_encoding_name, "8bit");  // the broken first one does not count
  EXPECT_EQ(r.description, "a description");
  ASSERT_EQ(r.language.size(), 2u);
  EXPECT_EQ(r.language[0], "en-US");
  EXPECT_EQ(r.language[1], "de");
  EXPECT_EQ(r.location, "http://example.com/x");
  EXPECT_EQ(r.md5, "Q2hlY2sgSW50ZWdyaXR5IQ==");
  ASSERT_TRUE(r.disposition.has_value());
  EXPECT_EQ(r.disposition->type, "inline");
  EXPECT_TRUE(r.disposition->params.items.empty());
}

TEST(MimeMessageParser, BrokenContentTypeKeepsWhatItCan) {
  ParsedMessage m = parse_message("Content-Type: text\r\n\r\nx");
  EXPECT_FALSE(m.root.content_type.defaulted);
  EXPECT_EQ(m.root.content_type.type, "text");
  EXPECT_EQ(m.root.content_type.subtype, "");
  EXPECT_EQ(m.root.kind, Entity::Kind::leaf);
}

TEST(MimeMessageParser, BoundaryInsidePartHeaderEndsTheHeader) {
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: text/plain\r\n"
      "--b--\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 1u);
  const Entity& p = m.root.children[0];
  EXPECT_EQ(header(p, raw), "Content-Type: text/plain");
  EXPECT_EQ(p.body_begin, p.body_end);
  EXPECT_EQ(p.headers.size(), 1u);
}

TEST(MimeMessageParser, HeaderOnlyMessages) {
  ParsedMessage m = parse_message("Subject: no body\r\n");
  EXPECT_EQ(m.root.header_end, m.size);
  EXPECT_EQ(m.root.body_begin, m.root.body_end);
  EXPECT_EQ(m.root.body_lines, 0u);

  m = parse_message("");
  EXPECT_EQ(m.size, 0u);
  EXPECT_TRUE(m.root.headers.empty());
  EXPECT_EQ(m.part_count, 1u);

  m = parse_message("\r\nbody only");
  EXPECT_TRUE(m.root.headers.empty());
  EXPECT_EQ(m.root.body_begin, 2u);
}

TEST(MimeMessageParser, MessageRfc822WithoutBodyStillHasAnEncapsulatedMessage) {
  ParsedMessage m = parse_message("Content-Type: message/rfc822\r\n");
  ASSERT_EQ(m.root.kind, Entity::Kind::message);
  ASSERT_NE(m.root.encapsulated(), nullptr);
  EXPECT_TRUE(m.root.encapsulated()->headers.empty());
}

// `levels` nested multiparts; with `suffix` empty, boundary "b1" is a prefix
// of "b10", which boundary matching by prefix turns into many more parts.
std::string nested_bomb(int levels, const std::string& suffix = "x") {
  std::string raw;
  for (int i = 0; i < levels; ++i) {
    std::string b = "b" + std::to_string(i) + suffix;
    raw += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n";
  }
  raw += "Content-Type: text/plain\r\n\r\ncore\r\n";
  for (int i = levels - 1; i >= 0; --i) raw += "--b" + std::to_string(i) + suffix + "--\r\n";
  return raw;
}

std::size_t depth_of(const Entity& e) {
  std::size_t d = 0;
  for (const Entity& c : e.children) d = std::max(d, depth_of(c));
  return d + 1;
}

TEST(MimeMessageParser, DeepNestingBombIsBounded) {
  std::string raw = nested_bomb(10'000);
  ParsedMessage m = parse_message(raw);
  EXPECT_TRUE(m.truncated);
  Limits defaults;
  EXPECT_EQ(depth_of(m.root), defaults.max_depth);
  EXPECT_EQ(m.part_count, defaults.max_depth);
  EXPECT_EQ(m.root.body_end, raw.size());

  raw = nested_bomb(10'000, "");
  m = parse_message(raw);
  EXPECT_TRUE(m.truncated);
  EXPECT_LE(depth_of(m.root), defaults.max_depth);
  EXPECT_LE(m.part_count, defaults.max_parts);
  EXPECT_EQ(m.root.body_end, raw.size());

  Limits small;
  small.max_depth = 3;
  m = parse_message(nested_bomb(10), small);
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(depth_of(m.root), 3u);
  // the deepest entity is kept as an opaque leaf and says it was cut
  const Entity* e = &m.root;
  while (!e->children.empty()) e = &e->children[0];
  EXPECT_EQ(e->kind, Entity::Kind::leaf);
  EXPECT_TRUE(e->truncated);
  EXPECT_TRUE(e->content_type.is("application", "octet-stream"));
  EXPECT_EQ(*e->content_type.params.find("boundary"), "b2x");
}

TEST(MimeMessageParser, NestingUpToTheLimitIsNotTruncated) {
  ParsedMessage m = parse_message(nested_bomb(99));
  EXPECT_FALSE(m.truncated);
  EXPECT_EQ(depth_of(m.root), 100u);
  m = parse_message(nested_bomb(100));
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(depth_of(m.root), 100u);
}

TEST(MimeMessageParser, DeepMessageNestingIsBounded) {
  std::string raw;
  for (int i = 0; i < 5'000; ++i) raw += "Content-Type: message/rfc822\r\n\r\n";
  raw += "Subject: core\r\n\r\nbody\r\n";
  ParsedMessage m = parse_message(raw);
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(depth_of(m.root), Limits{}.max_depth);
  EXPECT_EQ(m.root.body_end, raw.size());
}

TEST(MimeMessageParser, BlankLineBeforeEnclosingBoundaryIsTheBoundarys) {
  // Dovecot: the header ends before that blank line and the body is empty
  std::string raw =
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "X: y\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: message/rfc822\r\n"
      "\r\n"
      "Subject: s\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "\r\n"
      "own\r\n"
      "--b--\r\n"
      "--b--\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 3u);
  const Entity& leaf = m.root.children[0];
  EXPECT_EQ(header(leaf, raw), "X: y\r\n");
  EXPECT_EQ(leaf.body_begin, leaf.body_end);
  const Entity& msg = m.root.children[1];
  ASSERT_EQ(msg.kind, Entity::Kind::message);
  EXPECT_EQ(header(msg, raw), "Content-Type: message/rfc822\r\n\r\n");
  EXPECT_EQ(body(msg, raw), "Subject: s\r\n\r\n");  // the message keeps it, its header does not
  EXPECT_EQ(header(*msg.encapsulated(), raw), "Subject: s\r\n");
  // a multipart whose body opens with its own boundary keeps its blank line
  const Entity& inner = m.root.children[2];
  EXPECT_EQ(header(inner, raw), "Content-Type: multipart/mixed; boundary=b\r\n\r\n");
  ASSERT_EQ(inner.children.size(), 1u);
  EXPECT_EQ(body(inner.children[0], raw), "own");
}

TEST(MimeMessageParser, BlankLineAtEndOfMessageStaysInHeader) {
  std::string raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nX: y\r\n\r\n";
  ParsedMessage m = parse_message(raw);
  ASSERT_EQ(m.root.children.size(), 1u);
  EXPECT_EQ(header(m.root.children[0], raw), "X: y\r\n\r\n");
}

TEST(MimeMessageParser, WidePartsBombIsBounded) {
  std::string raw = "Content-Type: multipart/mixed; boundary=w\r\n\r\n";
  for (int i = 0; i < 20'000; ++i) raw += "--w\r\n\r\np\r\n";
  raw += "--w--\r\n";
  ParsedMessage m = parse_message(raw);
  Limits defaults;
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(m.part_count, defaults.max_parts);
  EXPECT_EQ(m.root.children.size(), defaults.max_parts - 1);
  EXPECT_EQ(m.root.body_end, raw.size());
}

TEST(MimeMessageParser, ManyHeaderFieldsAreBounded) {
  std::string raw;
  for (int i = 0; i < 5'000; ++i) raw += "X-Spam: " + std::to_string(i) + "\r\n";
  raw += "\r\nbody";
  ParsedMessage m = parse_message(raw);
  EXPECT_TRUE(m.truncated);
  EXPECT_TRUE(m.root.truncated);
  EXPECT_EQ(m.root.headers.size(), Limits{}.max_header_fields);
  EXPECT_EQ(body(m.root, raw), "body");
}

TEST(MimeMessageParser, GarbageNeverBreaksOffsets) {
  // every kind of half-written structure: offsets must stay ordered and in range
  const std::string samples[] = {
      "Content-Type: multipart/mixed; boundary=",
      "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n--\r\n",
      "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a",
      "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n",
      "Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\n",
      "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: message/rfc822\r\n\r\n--a--",
      std::string("\0\0\r\n\r\n\0", 7),
      "\r",
      "--a\r\n",
      ":\r\n \r\n\t\r\n\r\n",
  };
  std::function<void(const Entity&, std::size_t)> check = [&](const Entity& e, std::size_t size) {
    EXPECT_LE(e.header_begin, e.header_end);
    EXPECT_EQ(e.header_end, e.body_begin);
    EXPECT_LE(e.body_begin, e.body_end);
    EXPECT_LE(e.body_end, size);
    if (e.kind == Entity::Kind::message) {
      EXPECT_EQ(e.children.size(), 1u);
    }
    for (const Entity& c : e.children) check(c, size);
  };
  for (const std::string& s : samples) {
    ParsedMessage m = parse_message(s);
    SCOPED_TRACE(s);
    check(m.root, s.size());
  }
}

}  // namespace
}  // namespace mailsim::mime
