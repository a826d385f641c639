#include "client/mime/message_id.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mailsim::client::mime {
namespace {

TEST(MessageId, UsesTheDomainOfTheFromAddress) {
  EXPECT_EQ(make_message_id("abc.123_x-y", "tim@mail.example.com"), "<abc.123_x-y@mail.example.com>");
}

TEST(MessageId, FallsBackToLocalhostForDomainsThatAreNotPlainHostnames) {
  EXPECT_EQ(make_message_id("id", "tim@[127.0.0.1]"), "<id@localhost>");
  EXPECT_EQ(make_message_id("id", "tim@\xe4\xbe\x8b\xe5\xad\x90.com"), "<id@localhost>");
  EXPECT_EQ(make_message_id("id", "no-domain"), "<id@localhost>");
}

TEST(MessageId, RefusesAnUnsafeUniquePart) {
  for (const std::string_view bad : {"", "a b", "a..b", ".a", "a.", "a@b", "<a>", "\xc3\xa9", "a\r\n"}) {
    EXPECT_FALSE(is_valid_unique_id(bad)) << bad;
    EXPECT_THROW(make_message_id(bad, "t@example.com"), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(is_valid_unique_id(std::string(48, 'a')));
  EXPECT_FALSE(is_valid_unique_id(std::string(49, 'a')));
}

TEST(MessageId, RandomIdsAreHexAndDiffer) {
  const auto a = random_unique_id();
  const auto b = random_unique_id();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_TRUE(is_valid_unique_id(a));
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace mailsim::client::mime
