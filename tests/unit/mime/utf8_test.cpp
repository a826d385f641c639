#include "client/mime/utf8.hpp"

#include <gtest/gtest.h>

namespace mailsim::client::mime {
namespace {

using namespace std::string_literals;

TEST(Utf8, AcceptsWellFormedText) {
  for (const std::string_view ok : {"", "ascii", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x93\xa7",
                                    "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_TRUE(is_valid_utf8(ok)) << ok;
  }
  EXPECT_TRUE(is_valid_utf8("nul\0inside"s));
}

TEST(Utf8, RejectsMalformedText) {
  for (const std::string_view bad : {"\x80", "\xc3", "\xc3(", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                                     "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\xff", "ok\xe6\x97"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
  }
}

TEST(Utf8, MeasuresCharactersAndStraysAsOneByte) {
  const std::string_view text = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x93\xa7\x80\xe6";
  EXPECT_EQ(utf8_char_length(text, 0), 1u);
  EXPECT_EQ(utf8_char_length(text, 1), 2u);
  EXPECT_EQ(utf8_char_length(text, 3), 3u);
  EXPECT_EQ(utf8_char_length(text, 6), 4u);
  EXPECT_EQ(utf8_char_length(text, 10), 1u);  // stray continuation byte
  EXPECT_EQ(utf8_char_length(text, 11), 1u);  // truncated sequence
}

TEST(Utf8, TellsAsciiApart) {
  EXPECT_TRUE(is_ascii("plain \x7f"));
  EXPECT_FALSE(is_ascii("caf\xc3\xa9"));
}

}  // namespace
}  // namespace mailsim::client::mime
