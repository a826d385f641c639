#include "client/mime/message_builder.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

#include "client/mime/encoded_word.hpp"
#include "client/mime/smtp_extensions_needed.hpp"
#include "common/clock.hpp"
#include "mime_test_reader.hpp"

namespace mailsim::client::mime {
namespace {

using testing::Entity;
using testing::parse_entity;
using testing::split_lines;
using testing::split_multipart;

// Ids "id1", "id2", ... so the output is predictable.
BuildOptions counting_options() {
  BuildOptions options;
  options.date = VirtualClock::default_start();
  options.unique_id = [n = 0]() mutable { return "id" + std::to_string(++n); };
  return options;
}

OutgoingMessage basic_message() {
  OutgoingMessage m;
  m.from = {"Tim", "tim@example.com"};
  m.to = {{"", "ann@example.org"}};
  m.subject = "Hello";
  return m;
}

// Checks what must hold for every message: CRLF only, bounded lines, a
// final CRLF, header lines within 78 characters.
void expect_well_formed(const std::string& message) {
  ASSERT_TRUE(message.ends_with("\r\n"));
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
    }
    if (message[i] == '\r') {
      ASSERT_TRUE(i + 1 < message.size() && message[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const auto& line : split_lines(message)) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_FALSE(needs_8bitmime(message));
}

TEST(MessageBuilder, WritesASimpleTextMessageByteForByte) {
  auto m = basic_message();
  m.text = "Hi Ann,\nsee you.\n";
  const auto message = build_message(m, counting_options());
  EXPECT_EQ(message,
            "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
            "From: Tim <tim@example.com>\r\n"
            "To: ann@example.org\r\n"
            "Subject: Hello\r\n"
            "Message-ID: <id1@example.com>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n"
            "\r\n"
            "Hi Ann,\r\n"
            "see you.\r\n");
  expect_well_formed(message);
}

TEST(MessageBuilder, KeepsBccOutOfTheHeadersButInTheEnvelope) {
  auto m = basic_message();
  m.cc = {{"Bob", "bob@example.org"}};
  m.bcc = {{"Secret", "hidden@example.net"}, {"", "ann@example.org"}};
  m.text = "x";
  const auto message = build_message(m, counting_options());
  EXPECT_EQ(message.find("hidden@example.net"), std::string::npos);
  EXPECT_EQ(parse_entity(message).count("Bcc"), 0u);
  EXPECT_EQ(parse_entity(message).field("Cc"), "Bob <bob@example.org>");
  EXPECT_EQ(envelope_recipients(m),
            (std::vector<std::string>{"ann@example.org", "bob@example.org", "hidden@example.net"}));
}

TEST(MessageBuilder, TextAndHtmlBecomeAlternatives) {
  auto m = basic_message();
  m.text = "plain version";
  m.html = "<p>r\xc3\xa9sum\xc3\xa9</p>";
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  const auto top = parse_entity(message);
  EXPECT_EQ(top.field("Content-Type"), "multipart/alternative; boundary=\"=_id2\"");
  EXPECT_EQ(top.count("Content-Transfer-Encoding"), 0u);
  const auto parts = split_multipart(top.body, top.boundary());
  ASSERT_EQ(parts.size(), 2u);
  const auto text = parse_entity(parts[0]);
  const auto html = parse_entity(parts[1]);
  EXPECT_EQ(text.field("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(text.decoded_body(), "plain version\r\n");
  EXPECT_EQ(html.field("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(html.field("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(html.decoded_body(), "<p>r\xc3\xa9sum\xc3\xa9</p>\r\n");
}

TEST(MessageBuilder, AttachmentsAreBase64InAMixedMultipart) {
  auto m = basic_message();
  m.text = "see attached";
  std::string pdf;
  for (int i = 0; i < 3000; ++i) pdf += static_cast<char>(i % 251);
  m.attachments = {{"report.pdf", "application/pdf", pdf}};
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  const auto top = parse_entity(message);
  EXPECT_TRUE(top.field("Content-Type")->starts_with("multipart/mixed; boundary="));
  const auto parts = split_multipart(top.body, top.boundary());
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parse_entity(parts[0]).decoded_body(), "see attached\r\n");
  const auto attachment = parse_entity(parts[1]);
  EXPECT_EQ(attachment.field("Content-Type"), "application/pdf; name=\"report.pdf\"");
  EXPECT_EQ(attachment.field("Content-Disposition"), "attachment; filename=\"report.pdf\"");
  EXPECT_EQ(attachment.field("Content-Transfer-Encoding"), "base64");
  for (const auto& line : split_lines(attachment.body)) EXPECT_LE(line.size(), 76u);
  EXPECT_EQ(attachment.decoded_body(), pdf);
}

TEST(MessageBuilder, AnAttachmentOnlyMessageHoldsJustTheAttachments) {
  auto m = basic_message();
  m.attachments = {{"a.bin", "", std::string("\0\1\2", 3)}, {"", "text/csv", "x,y\n1,2\n"}};
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  const auto top = parse_entity(message);
  const auto parts = split_multipart(top.body, top.boundary());
  ASSERT_EQ(parts.size(), 2u);
  const auto first = parse_entity(parts[0]);
  EXPECT_EQ(first.field("Content-Type"), "application/octet-stream; name=\"a.bin\"");
  EXPECT_EQ(first.decoded_body(), std::string("\0\1\2", 3));
  const auto second = parse_entity(parts[1]);
  EXPECT_EQ(second.field("Content-Type"), "text/csv");
  EXPECT_EQ(second.field("Content-Disposition"), "attachment");
  EXPECT_EQ(second.decoded_body(), "x,y\n1,2\n");
}

TEST(MessageBuilder, NestsAlternativesInsideMixed) {
  auto m = basic_message();
  m.text = "t";
  m.html = "<b>h</b>";
  m.attachments = {{"empty.txt", "text/plain", ""}};
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  const auto top = parse_entity(message);
  const auto parts = split_multipart(top.body, top.boundary());
  ASSERT_EQ(parts.size(), 2u);
  const auto alternative = parse_entity(parts[0]);
  EXPECT_TRUE(alternative.field("Content-Type")->starts_with("multipart/alternative"));
  EXPECT_NE(alternative.boundary(), top.boundary());
  ASSERT_EQ(split_multipart(alternative.body, alternative.boundary()).size(), 2u);
  EXPECT_EQ(parse_entity(parts[1]).decoded_body(), "");
}

TEST(MessageBuilder, TheBoundaryNeverAppearsInTheContent) {
  auto m = basic_message();
  // The counting generator would give "=_id2" next: the body already holds it.
  m.text = "--=_id2\r\nA trap: =_id2 and =_id2.1\r\n";
  m.attachments = {{"x.txt", "text/plain", "data"}};
  const auto message = build_message(m, counting_options());
  const auto top = parse_entity(message);
  const auto boundary = top.boundary();
  EXPECT_EQ(boundary, "=_id2.2");
  const auto parts = split_multipart(top.body, boundary);
  ASSERT_EQ(parts.size(), 2u);
  for (const auto& part : parts) EXPECT_EQ(part.find(boundary), std::string::npos);
  EXPECT_EQ(parse_entity(parts[0]).decoded_body(), "--=_id2\r\nA trap: =_id2 and =_id2.1\r\n");
}

TEST(MessageBuilder, AConstantIdGeneratorStillGivesDistinctBoundaries) {
  auto m = basic_message();
  m.text = "t";
  m.html = "h";
  m.attachments = {{"x", "", "y"}};
  auto options = counting_options();
  options.unique_id = [] { return std::string("same"); };
  const auto top = parse_entity(build_message(m, options));
  const auto parts = split_multipart(top.body, top.boundary());
  ASSERT_EQ(parts.size(), 2u);
  const auto inner = parse_entity(parts[0]);
  EXPECT_NE(inner.boundary(), top.boundary());
  EXPECT_EQ(split_multipart(inner.body, inner.boundary()).size(), 2u);
  EXPECT_EQ(top.field("Message-ID"), "<same@example.com>");
}

TEST(MessageBuilder, EncodesANonAsciiSubjectWithinRfc2047Lines) {
  auto m = basic_message();
  m.subject.clear();
  for (int i = 0; i < 12; ++i)
    m.subject +=
        "Gr\xc3\xbc\xc3\x9f"
        "e aus K\xc3\xb6ln ";
  m.text = "x";
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  const auto top = parse_entity(message);
  bool in_subject = false;
  for (const auto& line : top.raw_header_lines) {
    if (line.starts_with("Subject:")) {
      in_subject = true;
    } else if (line[0] != ' ') {
      in_subject = false;
    }
    if (in_subject) {
      EXPECT_LE(line.size(), 76u) << line;
    }
  }
  EXPECT_EQ(decode_words(*top.field("Subject")), m.subject);
}

TEST(MessageBuilder, FoldsALongAsciiSubject) {
  auto m = basic_message();
  m.subject.clear();
  for (int i = 0; i < 30; ++i) m.subject += "word" + std::to_string(i) + " ";
  m.subject.pop_back();
  m.text = "x";
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  EXPECT_EQ(parse_entity(message).field("Subject"), m.subject);
}

TEST(MessageBuilder, AVeryLongUnbrokenSubjectIsSplitIntoWords) {
  auto m = basic_message();
  m.subject = std::string(2000, 'z');
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  EXPECT_EQ(decode_words(*parse_entity(message).field("Subject")), m.subject);
}

TEST(MessageBuilder, EncodesNonAsciiDisplayNamesAndKeepsInternationalAddresses) {
  auto m = basic_message();
  m.from = {"J\xc3\xb6rg", "j\xc3\xb6rg@example.de"};
  m.to = {{"\xe5\xbc\xa0\xe4\xbc\x9f", "zhang@example.cn"}};
  m.text = "x";
  const auto message = build_message(m, counting_options());
  const auto top = parse_entity(message);
  EXPECT_EQ(decode_words(*top.field("From")), "J\xc3\xb6rg <j\xc3\xb6rg@example.de>");
  EXPECT_EQ(decode_words(*top.field("To")), "\xe5\xbc\xa0\xe4\xbc\x9f <zhang@example.cn>");
  EXPECT_EQ(top.field("Message-ID"), "<id1@example.de>");
  EXPECT_FALSE(needs_8bitmime(message));
  EXPECT_TRUE(needs_smtputf8(m.from.address, envelope_recipients(m), message));
}

TEST(MessageBuilder, ANonAsciiFileNameGetsRfc2231AndRfc2047Names) {
  auto m = basic_message();
  m.attachments = {{"\xe6\x8a\xa5\xe5\x91\x8a.pdf", "application/pdf", "%PDF"}};
  const auto top = parse_entity(build_message(m, counting_options()));
  const auto part = parse_entity(split_multipart(top.body, top.boundary()).at(0));
  EXPECT_EQ(part.field("Content-Disposition"), "attachment; filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf");
  const auto type = *part.field("Content-Type");
  EXPECT_TRUE(type.starts_with("application/pdf; name=\"=?UTF-8?")) << type;
  const auto name = type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1);
  EXPECT_EQ(decode_words(name), "\xe6\x8a\xa5\xe5\x91\x8a.pdf");
}

TEST(MessageBuilder, EncodedFileNamesKeepTheirLinesWithin76) {
  std::string name;
  for (int length = 1; length <= 80; ++length) {
    name += "\xc3\xa9";
    auto m = basic_message();
    m.attachments = {{name, "application/octet-stream", "x"}};
    const auto top = parse_entity(build_message(m, counting_options()));
    const auto part = parse_entity(split_multipart(top.body, top.boundary()).at(0));
    for (const auto& line : part.raw_header_lines) EXPECT_LE(line.size(), 76u) << line;
    const auto type = *part.field("Content-Type");
    EXPECT_EQ(decode_words(type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1)), name);
  }
}

TEST(MessageBuilder, ALongFileNameIsFoldedThroughContinuations) {
  auto m = basic_message();
  std::string name;
  for (int i = 0; i < 40; ++i) name += "\xc3\xa9t\xc3\xa9 ";
  name += ".txt";
  m.attachments = {{name, "text/plain", "x"}};
  expect_well_formed(build_message(m, counting_options()));
}

TEST(MessageBuilder, AnEmptyMessageIsAnEmptyTextPart) {
  OutgoingMessage m;
  m.from = {"", "tim@example.com"};
  const auto message = build_message(m, counting_options());
  expect_well_formed(message);
  const auto top = parse_entity(message);
  EXPECT_EQ(top.count("To"), 0u);
  EXPECT_EQ(top.count("Subject"), 0u);
  EXPECT_EQ(top.field("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(top.body, "");
}

TEST(MessageBuilder, AddsExtraHeadersEncodedWhenNeeded) {
  auto m = basic_message();
  m.text = "x";
  m.extra_headers = {{"X-Mailer", "mailsim"}, {"X-Note", "na\xc3\xafve"}, {"Reply-To", "r@example.com"}};
  const auto top = parse_entity(build_message(m, counting_options()));
  EXPECT_EQ(top.field("X-Mailer"), "mailsim");
  EXPECT_EQ(decode_words(*top.field("X-Note")), "na\xc3\xafve");
  EXPECT_NE(*top.field("X-Note"), "na\xc3\xafve");
  EXPECT_EQ(top.field("Reply-To"), "r@example.com");
}

TEST(MessageBuilder, LineBreaksInHeaderTextCannotInjectHeaders) {
  auto m = basic_message();
  m.subject = "Hi\r\nBcc: victim@example.com";
  m.extra_headers = {{"X-Note", "a\nTo: other@example.com"}};
  m.text = "x";
  const auto message = build_message(m, counting_options());
  const auto top = parse_entity(message);
  EXPECT_EQ(top.count("Bcc"), 0u);
  EXPECT_EQ(top.count("To"), 1u);
  EXPECT_EQ(top.field("Subject"), "Hi Bcc: victim@example.com");
}

TEST(MessageBuilder, UsesRandomIdsWithoutAGenerator) {
  auto m = basic_message();
  BuildOptions options;
  options.date = VirtualClock::default_start();
  const auto message_id = parse_entity(build_message(m, options)).field("Message-ID");
  ASSERT_TRUE(message_id);
  EXPECT_TRUE(std::regex_match(*message_id, std::regex("<[0-9a-f]{32}@example\\.com>"))) << *message_id;
  EXPECT_NE(parse_entity(build_message(m, options)).field("Message-ID"), message_id);
}

TEST(MessageBuilder, UsesTheDateAndOffsetItIsGiven) {
  auto options = counting_options();
  options.date += std::chrono::hours{36};
  options.utc_offset = std::chrono::hours{2};
  EXPECT_EQ(parse_entity(build_message(basic_message(), options)).field("Date"), "Fri, 02 Jan 2026 14:00:00 +0200");
}

TEST(MessageBuilder, RefusesUnusableInput) {
  const auto refuses = [](const std::function<void(OutgoingMessage&)>& change,
                          BuildOptions options = counting_options()) {
    auto m = basic_message();
    change(m);
    EXPECT_THROW(build_message(m, options), std::invalid_argument);
  };
  refuses([](auto& m) { m.from.address.clear(); });
  refuses([](auto& m) { m.from.address = "not an address"; });
  refuses([](auto& m) { m.to.push_back({"", "bad@"}); });
  refuses([](auto& m) { m.cc.push_back({"", "<x@y.z>"}); });
  refuses([](auto& m) { m.bcc.push_back({"", "x"}); });
  refuses([](auto& m) { m.to[0].name = "\xff"; });
  refuses([](auto& m) { m.subject = "bad \xc3"; });
  refuses([](auto& m) { m.text = "\xed\xa0\x80"; });  // a UTF-16 surrogate
  refuses([](auto& m) { m.html = "\xc0\xaf"; });      // overlong
  refuses([](auto& m) { m.attachments = {{"a.txt", "text", "x"}}; });
  refuses([](auto& m) { m.attachments = {{"a.txt", "text/plain; charset=utf-8", "x"}}; });
  refuses([](auto& m) { m.attachments = {{"a\r\n.txt", "text/plain", "x"}}; });
  refuses([](auto& m) { m.attachments = {{"\xff.txt", "text/plain", "x"}}; });
  refuses([](auto& m) { m.extra_headers = {{"Subject", "again"}}; });
  refuses([](auto& m) { m.extra_headers = {{"content-type", "text/html"}}; });
  refuses([](auto& m) { m.extra_headers = {{"X:Colon", "v"}}; });
  refuses([](auto& m) { m.extra_headers = {{"", "v"}}; });
  refuses([](auto& m) { m.extra_headers = {{"X-Bad", "\xff"}}; });
  auto bad_ids = counting_options();
  bad_ids.unique_id = [] { return std::string("has space"); };
  refuses([](auto&) {}, bad_ids);
}

TEST(MessageBuilder, TheErrorNamesTheField) {
  auto m = basic_message();
  m.cc = {{"", "ok@example.com"}, {"", "broken"}};
  try {
    build_message(m, counting_options());
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "invalid address in Cc entry 2");
  }
}

}  // namespace
}  // namespace mailsim::client::mime
