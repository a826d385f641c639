#include <gtest/gtest.h>

#include "client/smtp/reply.hpp"

namespace mailsim::client::smtp {
namespace {

using Kind = ReplyReader::Result::Kind;

TEST(ReplyReader, SingleLineReply) {
  ReplyReader reader;
  reader.append("220 mail.example.com ESMTP ready\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.code, 220);
  ASSERT_EQ(r.reply.lines.size(), 1u);
  EXPECT_EQ(r.reply.lines[0], "mail.example.com ESMTP ready");
  EXPECT_FALSE(r.reply.enhanced);
  EXPECT_EQ(reader.next().kind, Kind::need_more);
}

TEST(ReplyReader, MultiLineReplyKeepsEveryLine) {
  ReplyReader reader;
  reader.append("250-mail.example.com\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.code, 250);
  EXPECT_EQ(r.reply.lines, (std::vector<std::string>{"mail.example.com", "PIPELINING", "SIZE 1000"}));
  EXPECT_EQ(r.reply.to_string(), "250-mail.example.com\n250-PIPELINING\n250 SIZE 1000");
}

TEST(ReplyReader, NeedsMoreDataUntilTheLastLineIsComplete) {
  ReplyReader reader;
  reader.append("250-first\r\n25");
  EXPECT_EQ(reader.next().kind, Kind::need_more);
  reader.append("0 sec");
  EXPECT_EQ(reader.next().kind, Kind::need_more);
  reader.append("ond\r");
  EXPECT_EQ(reader.next().kind, Kind::need_more);
  reader.append("\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.lines, (std::vector<std::string>{"first", "second"}));
}

TEST(ReplyReader, ByteByByteGivesTheSameReply) {
  const std::string bytes = "250-a\r\n250-b\r\n250 c\r\n";
  ReplyReader reader;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    reader.append(bytes.substr(i, 1));
    ASSERT_EQ(reader.next().kind, Kind::need_more) << "after byte " << i;
  }
  reader.append(bytes.substr(bytes.size() - 1));
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.lines.size(), 3u);
}

TEST(ReplyReader, SeveralRepliesInOnePacketComeOutInOrder) {
  ReplyReader reader;
  reader.append("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 no such user\r\n354 go ahead\r\n");
  std::vector<int> codes;
  for (auto r = reader.next(); r.kind == Kind::reply; r = reader.next()) codes.push_back(r.reply.code);
  EXPECT_EQ(codes, (std::vector<int>{250, 250, 550, 354}));
}

TEST(ReplyReader, EnhancedCodeIsParsedFromTheFirstLine) {
  ReplyReader reader;
  reader.append("535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 Learn more\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  ASSERT_TRUE(r.reply.enhanced);
  EXPECT_EQ(*r.reply.enhanced, (EnhancedCode{5, 7, 8}));
  EXPECT_EQ(r.reply.enhanced->to_string(), "5.7.8");
}

TEST(ReplyReader, CodeAloneIsAFinalLine) {
  ReplyReader reader;
  reader.append("250\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.code, 250);
  EXPECT_EQ(r.reply.to_string(), "250");
}

TEST(ReplyReader, BareLfLineEndingsAreAccepted) {
  ReplyReader reader;
  reader.append("250-a\n250 b\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.lines, (std::vector<std::string>{"a", "b"}));
}

TEST(ReplyReader, MismatchedMultiLineCodesAreAProtocolError) {
  ReplyReader reader;
  reader.append("250-a\r\n251 b\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::error);
  EXPECT_NE(r.error.find("250"), std::string::npos);
  EXPECT_NE(r.error.find("251"), std::string::npos);
  // Out of sync for good: no reply can be trusted after this.
  reader.append("250 fine\r\n");
  EXPECT_EQ(reader.next().kind, Kind::error);
}

struct BadLine {
  const char* bytes;
  const char* why;
};

class ReplyReaderGarbage : public ::testing::TestWithParam<BadLine> {};

TEST_P(ReplyReaderGarbage, IsAProtocolError) {
  ReplyReader reader;
  reader.append(GetParam().bytes);
  auto r = reader.next();
  EXPECT_EQ(r.kind, Kind::error) << GetParam().why;
  EXPECT_FALSE(r.error.empty());
}

INSTANTIATE_TEST_SUITE_P(Lines, ReplyReaderGarbage,
                         ::testing::Values(BadLine{"HTTP/1.1 400 Bad Request\r\n", "not a code"},
                                           BadLine{"25\r\n", "too short"}, BadLine{"2x0 ok\r\n", "non-digit"},
                                           BadLine{"150 ok\r\n", "first digit 1"},
                                           BadLine{"620 ok\r\n", "first digit 6"},
                                           BadLine{"270 ok\r\n", "second digit 7"},
                                           BadLine{"250_ok\r\n", "bad separator"},
                                           BadLine{"\r\n", "empty line"},
                                           BadLine{"\x16\x03\x01\x02\x05\x01\r\n", "TLS bytes"}),
                         [](const auto& info) { return std::to_string(info.index); });

TEST(ReplyReader, OverLongLineIsAnErrorNotAMemoryBlowUp) {
  ReplyReader reader(ReplyLimits{64, 10});
  reader.append("250 " + std::string(100, 'x'));  // no line end yet
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::error);
  EXPECT_NE(r.error.find("64"), std::string::npos);
  EXPECT_LE(reader.buffered(), 64u);
}

TEST(ReplyReader, LineAtTheLimitIsAccepted) {
  ReplyReader reader(ReplyLimits{64, 10});
  reader.append("250 " + std::string(60, 'x') + "\r\n");
  EXPECT_EQ(reader.next().kind, Kind::reply);
}

TEST(ReplyReader, TooManyLinesIsAnError) {
  ReplyReader reader(ReplyLimits{512, 3});
  reader.append("250-a\r\n250-b\r\n250-c\r\n250 d\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::error);
  EXPECT_NE(r.error.find("3 lines"), std::string::npos);
}

TEST(ReplyReader, DiscardDropsBufferedAndHalfReadReplies) {
  ReplyReader reader;
  reader.append("220 go ahead\r\n250-injected\r\n250 more injected\r\n250-half");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.code, 220);
  EXPECT_GT(reader.discard(), 0u);
  EXPECT_EQ(reader.buffered(), 0u);
  EXPECT_EQ(reader.next().kind, Kind::need_more);
  reader.append("250 real\r\n");
  r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.lines, (std::vector<std::string>{"real"}));
}

TEST(ReplyReader, DiscardDropsAPartlyParsedMultiLineReply) {
  ReplyReader reader;
  reader.append("250-first of a reply\r\n");
  EXPECT_EQ(reader.next().kind, Kind::need_more);
  EXPECT_GT(reader.discard(), 0u);
  reader.append("220 fresh\r\n");
  auto r = reader.next();
  ASSERT_EQ(r.kind, Kind::reply);
  EXPECT_EQ(r.reply.code, 220);
  EXPECT_EQ(r.reply.lines.size(), 1u);
}

TEST(ReplyReader, DiscardOfNothingReportsZero) {
  ReplyReader reader;
  reader.append("220 go\r\n");
  ASSERT_EQ(reader.next().kind, Kind::reply);
  EXPECT_EQ(reader.discard(), 0u);
}

TEST(EnhancedCode, AcceptsOnlyMatchingWellFormedCodes) {
  EXPECT_EQ(parse_enhanced_code(550, "5.1.1 no such user"), (EnhancedCode{5, 1, 1}));
  EXPECT_EQ(parse_enhanced_code(451, "4.7.0 try later"), (EnhancedCode{4, 7, 0}));
  EXPECT_EQ(parse_enhanced_code(250, "2.0.0"), (EnhancedCode{2, 0, 0}));
  EXPECT_EQ(parse_enhanced_code(550, "5.123.456 x"), (EnhancedCode{5, 123, 456}));
  EXPECT_FALSE(parse_enhanced_code(550, "4.1.1 class differs from the code"));
  EXPECT_FALSE(parse_enhanced_code(550, "5.1 too short"));
  EXPECT_FALSE(parse_enhanced_code(550, "5.1.1234 detail too long"));
  EXPECT_FALSE(parse_enhanced_code(550, "5.1.1x glued text"));
  EXPECT_FALSE(parse_enhanced_code(550, "3.1.1 bad class"));
  EXPECT_FALSE(parse_enhanced_code(550, "No such user"));
  EXPECT_FALSE(parse_enhanced_code(334, "VXNlcm5hbWU6"));
}

}  // namespace
}  // namespace mailsim::client::smtp
