#include "mockserver/smtp/smtp_data_reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mailsim::mock {
namespace {

constexpr std::size_t kLimit = 1 << 20;

TEST(SmtpDataReader, EndsAtCrlfDotCrlfAndReportsWhatItUsed) {
  SmtpDataReader reader(kLimit);
  const std::string input = "Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n";
  const std::size_t used = reader.feed(input);
  ASSERT_TRUE(reader.finished());
  EXPECT_EQ(input.substr(used), "QUIT\r\n");
  EXPECT_EQ(reader.content(), "Subject: x\r\n\r\nbody\r\n");
  EXPECT_EQ(reader.line_count(), 3u);
  EXPECT_EQ(reader.bare_lf_count(), 0u);
}

TEST(SmtpDataReader, EmptyMessage) {
  SmtpDataReader reader(kLimit);
  EXPECT_EQ(reader.feed(".\r\n"), 3u);
  EXPECT_TRUE(reader.finished());
  EXPECT_EQ(reader.content(), "");
}

TEST(SmtpDataReader, RemovesDotStuffing) {
  SmtpDataReader reader(kLimit);
  reader.feed("..leading dot\r\n...\r\nmid.dle\r\n.\r\n");
  ASSERT_TRUE(reader.finished());
  EXPECT_EQ(reader.content(), ".leading dot\r\n..\r\nmid.dle\r\n");
}

TEST(SmtpDataReader, EndMarkerSplitAcrossEveryFeedBoundary) {
  const std::string input = "a\r\n..b\r\n.\r\n";
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    SmtpDataReader reader(kLimit);
    const std::size_t first = reader.feed(std::string_view(input).substr(0, cut));
    EXPECT_EQ(first, cut);
    if (!reader.finished()) reader.feed(std::string_view(input).substr(cut));
    ASSERT_TRUE(reader.finished()) << cut;
    EXPECT_EQ(reader.content(), "a\r\n.b\r\n") << cut;
  }
}

TEST(SmtpDataReader, SmugglingEndingsAreContentNotEnd) {
  // The SMTP smuggling variants: none of them ends the message.
  for (const std::string ending : {"\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r"}) {
    SmtpDataReader reader(kLimit);
    const std::string input = "first" + ending + "MAIL FROM:<evil@example.com>\r\n";
    EXPECT_EQ(reader.feed(input), input.size()) << ending.size();
    EXPECT_FALSE(reader.finished());
    reader.feed("\r\n.\r\n");
    ASSERT_TRUE(reader.finished());
    EXPECT_NE(reader.content().find("MAIL FROM:<evil@example.com>"), std::string::npos);
  }
}

TEST(SmtpDataReader, CountsBareLfs) {
  SmtpDataReader reader(kLimit);
  reader.feed("a\nb\r\n.\nc\r\n.\r\n");
  ASSERT_TRUE(reader.finished());
  EXPECT_EQ(reader.bare_lf_count(), 2u);
  EXPECT_EQ(reader.content(), "a\nb\r\n.\nc\r\n");
}

TEST(SmtpDataReader, DataStartingAfterABareLfCannotEndAtOnce) {
  SmtpDataReader reader(kLimit, /*starts_after_crlf=*/false);
  reader.feed(".\r\n");
  EXPECT_FALSE(reader.finished());
  reader.feed(".\r\n");
  EXPECT_TRUE(reader.finished());
  EXPECT_EQ(reader.content(), ".\r\n");
}

TEST(SmtpDataReader, ContentPastTheLimitIsCountedNotKept) {
  SmtpDataReader reader(100);
  const std::string line(1000, 'x');
  for (int i = 0; i < 50; ++i) reader.feed(line + "\r\n");
  reader.feed(".\r\n");
  ASSERT_TRUE(reader.finished());
  EXPECT_TRUE(reader.over_limit());
  EXPECT_EQ(reader.size(), 50u * 1002u);
  EXPECT_EQ(reader.content().size(), 100u);
  EXPECT_EQ(reader.longest_line(), 1000u);
}

TEST(SmtpDataReader, ExactlyAtTheLimitIsFine) {
  SmtpDataReader reader(5);
  reader.feed("abc\r\n.\r\n");
  ASSERT_TRUE(reader.finished());
  EXPECT_FALSE(reader.over_limit());
  EXPECT_EQ(reader.content(), "abc\r\n");
}

TEST(SmtpDataReader, VeryLongLineIsKeptWhole) {
  SmtpDataReader reader(kLimit);
  const std::string line(200000, 'y');
  for (std::size_t i = 0; i < line.size(); i += 4096) reader.feed(std::string_view(line).substr(i, 4096));
  reader.feed("\r\n.\r\n");
  ASSERT_TRUE(reader.finished());
  EXPECT_EQ(reader.content(), line + "\r\n");
  EXPECT_EQ(reader.longest_line(), line.size());
}

}  // namespace
}  // namespace mailsim::mock
