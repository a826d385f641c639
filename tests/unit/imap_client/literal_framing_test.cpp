// Literals kept aside by the response parser (their bytes go straight into
// the string the response holds): several literals in one response, every
// three-way split of the input, and data with no typed field that keeps its
// literal bytes inline.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/imap/imap_response_parser.hpp"

namespace mailsim::client::imap {
namespace {

using Kind = ParseResult::Kind;
using namespace std::string_literals;

std::vector<ParseResult> drain(ResponseParser& parser) {
  std::vector<ParseResult> out;
  for (ParseResult r = parser.next(); r.kind != Kind::need_more; r = parser.next()) {
    const bool fatal = r.fatal;
    out.push_back(std::move(r));
    if (fatal) break;
  }
  return out;
}

// Header and text literals (the text holds CRLF, '{', ')' and a NUL), a
// continuation and the tagged end, as one server write.
const std::string kWire =
    "* 3 FETCH (UID 30 BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n BODY[TEXT] {9}\r\n{1}\r\n)\x00x\r FLAGS (\\Seen))\r\n"
    "+ more\r\n"
    "A7 OK done\r\n"s;

void expect_parsed(const std::vector<ParseResult>& results, const std::string& where) {
  ASSERT_EQ(results.size(), 3u) << where;
  ASSERT_EQ(results[0].kind, Kind::response) << where << ": " << results[0].error;
  const auto& fetch = std::get<FetchData>(results[0].response);
  EXPECT_EQ(fetch.uid, 30u) << where;
  ASSERT_EQ(fetch.sections.size(), 2u) << where;
  EXPECT_EQ(fetch.sections[0].section, "HEADER") << where;
  EXPECT_EQ(fetch.sections[0].data, "Subject: hi\r\n\r\n") << where;
  EXPECT_EQ(fetch.sections[1].data, "{1}\r\n)\x00x\r"s) << where;
  EXPECT_EQ(fetch.flags, std::vector<std::string>{"\\Seen"}) << where;
  // Wire size counts the literal bytes; the transcript only names them.
  EXPECT_EQ(results[0].size, kWire.find("+ more")) << where;
  EXPECT_EQ(results[0].transcript,
            "* 3 FETCH (UID 30 BODY[HEADER] {15}<15 bytes> BODY[TEXT] {9}<9 bytes> FLAGS (\\Seen))")
      << where;
  EXPECT_EQ(std::get<Continuation>(results[1].response).text, "more") << where;
  EXPECT_EQ(std::get<StatusResponse>(results[2].response).tag, "A7") << where;
}

TEST(ImapLiteralFraming, TwoLiteralsInOneResponse) {
  ResponseParser parser;
  parser.feed(kWire);
  expect_parsed(drain(parser), "whole");
}

TEST(ImapLiteralFraming, EveryThreeWaySplit) {
  for (std::size_t a = 0; a <= kWire.size(); ++a) {
    for (std::size_t b = a; b <= kWire.size(); ++b) {
      ResponseParser parser;
      std::vector<ParseResult> results;
      for (const auto& [from, to] : {std::pair{std::size_t{0}, a}, std::pair{a, b}, std::pair{b, kWire.size()}}) {
        parser.feed(std::string_view(kWire).substr(from, to - from));
        auto some = drain(parser);
        results.insert(results.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
      }
      expect_parsed(results, "split at " + std::to_string(a) + "," + std::to_string(b));
      if (HasFailure()) return;
    }
  }
}

TEST(ImapLiteralFraming, TwoFeedsBeforeTheParserRuns) {
  // The second feed arrives while the first still waits in the line buffer:
  // its literal bytes must queue behind it, not jump ahead.
  ResponseParser parser;
  parser.feed("* 1 FETCH (UID 1 BODY[] {6}\r\nab");
  parser.feed("cdef)\r\n");
  const auto results = drain(parser);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(std::get<FetchData>(results[0].response).sections[0].data, "abcdef");
}

TEST(ImapLiteralFraming, UntypedDataKeepsItsLiteralsInline) {
  ResponseParser parser;
  parser.feed("* ID (\"name\" {7}\r\nDove\r\nc \"x\" NIL)\r\n* 4 XFOO {2}\r\nab tail\r\n");
  const auto results = drain(parser);
  ASSERT_EQ(results.size(), 2u);
  const auto& id = std::get<OtherData>(results[0].response);
  EXPECT_EQ(id.keyword, "ID");
  EXPECT_EQ(id.text, "(\"name\" {7}\r\nDove\r\nc \"x\" NIL)");
  EXPECT_EQ(std::get<OtherData>(results[1].response).text, "4 {2}\r\nab tail");
}

TEST(ImapLiteralFraming, StatusTextAfterALiteralAnnouncementKeepsItsBytes) {
  // Not valid IMAP, but a line ending in "{n}" is framed as a literal; the
  // text keeps those bytes as it did when literals were inline.
  ResponseParser parser;
  parser.feed("* OK [ALERT] see {3}\r\nabc later\r\n");
  const auto results = drain(parser);
  ASSERT_EQ(results.size(), 1u);
  const auto& status = std::get<StatusResponse>(results[0].response);
  EXPECT_TRUE(status.has_code("ALERT"));
  EXPECT_EQ(status.text, "see {3}\r\nabc later");
}

TEST(ImapLiteralFraming, TooLongLiteralAfterAnotherIsStillFatal) {
  ParserLimits limits;
  limits.max_literal = 8;
  ResponseParser parser(limits);
  parser.feed("* 1 FETCH (BODY[1] {8}\r\n12345678 BODY[2] {9}\r\n123456789)\r\n");
  const auto results = drain(parser);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].fatal);
  EXPECT_NE(results[0].error.find("literal of 9 bytes"), std::string::npos) << results[0].error;
}

}  // namespace
}  // namespace mailsim::client::imap
