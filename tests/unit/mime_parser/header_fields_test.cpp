#include "common/mime/header_fields.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mailsim::mime {
namespace {

TEST(MimeHeaderFields, SplitsFieldsAndUnfoldsValues) {
  std::string h =
      "Subject: hello\r\n"
      " world\r\n"
      "X-Tab:\tvalue\r\n"
      "To : bob@example.com\r\n"
      "\r\n"
      "body";
  HeaderBlock b = parse_header_block(h, 0, h.size());
  ASSERT_EQ(b.fields.size(), 3u);
  EXPECT_TRUE(b.has_blank_line);
  EXPECT_EQ(b.end, h.find("body"));
  EXPECT_EQ(b.fields[0].name, "Subject");
  EXPECT_EQ(b.fields[0].raw_value, " hello\r\n world");
  EXPECT_EQ(b.fields[0].value, "hello world");
  EXPECT_EQ(b.fields[0].begin, 0u);
  EXPECT_EQ(h.substr(b.fields[0].begin, b.fields[0].end - b.fields[0].begin), "Subject: hello\r\n world\r\n");
  EXPECT_EQ(b.fields[1].value, "value");
  EXPECT_EQ(b.fields[2].name, "To");  // blanks before the colon are not part of the name
  EXPECT_EQ(b.fields[2].value, "bob@example.com");
}

TEST(MimeHeaderFields, ToleratesBareLfAndLinesWithoutColon) {
  std::string h = "A: 1\njunk line\nB:2\n\nbody";
  HeaderBlock b = parse_header_block(h, 0, h.size());
  ASSERT_EQ(b.fields.size(), 3u);
  EXPECT_EQ(b.fields[0].value, "1");
  EXPECT_EQ(b.fields[1].name, "junk line");
  EXPECT_EQ(b.fields[1].value, "");
  EXPECT_EQ(b.fields[2].name, "B");
  EXPECT_EQ(b.fields[2].value, "2");
  EXPECT_EQ(b.end, h.find("body"));
}

TEST(MimeHeaderFields, KeepsAllBlanksButOneWhenValueIsOnlyBlanks) {
  std::string h = "A:    x  \r\nB:   \r\nC:\r\n\r\n";
  HeaderBlock b = parse_header_block(h, 0, h.size());
  ASSERT_EQ(b.fields.size(), 3u);
  EXPECT_EQ(b.fields[0].value, "x  ");  // leading blanks dropped, trailing kept
  EXPECT_EQ(b.fields[1].value, "  ");
  EXPECT_EQ(b.fields[2].value, "");
}

TEST(MimeHeaderFields, HeaderWithoutBlankLineEndsAtStop) {
  std::string h = "A: 1\r\nB: 2";
  HeaderBlock b = parse_header_block(h, 0, h.size());
  EXPECT_FALSE(b.has_blank_line);
  EXPECT_EQ(b.end, h.size());
  ASSERT_EQ(b.fields.size(), 2u);
  EXPECT_EQ(b.fields[1].value, "2");
  EXPECT_EQ(b.fields[1].end, h.size());
}

TEST(MimeHeaderFields, LookupIsCaseInsensitive) {
  std::string h = "received: a\r\nReceived: b\r\nSUBJECT: s\r\n\r\n";
  HeaderBlock b = parse_header_block(h, 0, h.size());
  ASSERT_NE(find_field(b.fields, "subject"), nullptr);
  EXPECT_EQ(find_field(b.fields, "Received")->value, "a");
  EXPECT_EQ(find_last_field(b.fields, "RECEIVED")->value, "b");
  EXPECT_EQ(find_fields(b.fields, "received").size(), 2u);
  EXPECT_EQ(find_field(b.fields, "Cc"), nullptr);
}

TEST(MimeHeaderFields, BoundsFieldCountAndLineLength) {
  std::string h;
  for (int i = 0; i < 50; ++i) h += "X-N: " + std::to_string(i) + "\r\n";
  h += "Long: " + std::string(500, 'a') + "\r\n\r\n";
  Limits limits;
  limits.max_header_fields = 10;
  HeaderBlock b = parse_header_block(h, 0, h.size(), limits);
  EXPECT_EQ(b.fields.size(), 10u);
  EXPECT_TRUE(b.truncated);
  EXPECT_EQ(b.end, h.size());  // the block is still found whole

  limits = Limits{};
  limits.max_header_line = 100;
  b = parse_header_block(h, 0, h.size(), limits);
  EXPECT_TRUE(b.truncated);
  EXPECT_EQ(b.fields.back().raw_value.size(), 100u);
}

TEST(MimeHeaderFields, EmptyInputGivesNoFields) {
  HeaderBlock b = parse_header_block("", 0, 0);
  EXPECT_TRUE(b.fields.empty());
  EXPECT_FALSE(b.has_blank_line);
  EXPECT_EQ(b.end, 0u);
}

}  // namespace
}  // namespace mailsim::mime
