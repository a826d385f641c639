#include "common/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mailsim {
namespace {

struct Vector {
  std::string_view plain;
  std::string_view encoded;
};

// RFC 4648 section 10.
constexpr Vector kRfc4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(Base64, EncodesTheRfc4648TestVectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(base64_encode(v.plain), v.encoded) << v.plain;
}

TEST(Base64, DecodesTheRfc4648TestVectors) {
  for (const auto& v : kRfc4648) EXPECT_EQ(base64_decode(v.encoded), std::string(v.plain)) << v.encoded;
}

TEST(Base64, RoundTripsEveryByteValueAtEveryLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); ++n) {
    const auto bytes = all.substr(all.size() - n);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << n;
  }
}

TEST(Base64, UsesTheStandardAlphabetNotTheUrlOne) {
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64_decode("+/8="), std::string("\xfb\xff"));
  EXPECT_EQ(base64_decode("-_8="), std::nullopt);
}

TEST(Base64, RejectsLengthsThatAreNotAMultipleOfFour) {
  for (const std::string_view bad : {"Z", "Zg", "Zg=", "Zm9vY", "Zm9v="}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64, RejectsPaddingAnywhereButTheEnd) {
  for (const std::string_view bad : {"====", "Z===", "Zg==Zg==", "Zm=v", "=m9v", "Zm9v===="}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64, RejectsNonZeroBitsUnderThePadding) {
  // "Zh==" and "Zm9=" decode to "f" and "fo" only if the leftover bits are
  // ignored; RFC 4648 3.5 lets a strict decoder refuse them.
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9="), std::nullopt);
}

TEST(Base64, RejectsWhitespaceAndForeignBytes) {
  for (const std::string_view bad : {"Zm9v\r\n", "Zm 9v", " Zm9v", "Zm9v\n", "Zm9\x80", "Zm9*"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(base64_decode(std::string_view("Zm\0v", 4)), std::nullopt);
}

}  // namespace
}  // namespace mailsim
