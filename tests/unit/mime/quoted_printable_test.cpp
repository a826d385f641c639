#include "client/mime/quoted_printable.hpp"

#include <gtest/gtest.h>

#include <random>

#include "mime_test_reader.hpp"

namespace mailsim::client::mime {
namespace {

using namespace std::string_literals;
using testing::split_lines;

void expect_lines_within_76(const std::string& encoded) {
  for (const auto& line : split_lines(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    for (const char c : line) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE((byte >= 33 && byte <= 126) || c == ' ' || c == '\t') << "byte " << int(byte);
    }
  }
}

TEST(QuotedPrintable, LeavesPlainAsciiAlone) {
  EXPECT_EQ(qp_encode("Hello, world!"), "Hello, world!");
  EXPECT_EQ(qp_encode(""), "");
}

TEST(QuotedPrintable, EncodesEqualsSignsAndEightBitBytesInUpperCaseHex) {
  EXPECT_EQ(qp_encode("a=b"), "a=3Db");
  EXPECT_EQ(qp_encode("caf\xc3\xa9"), "caf=C3=A9");
  EXPECT_EQ(qp_encode("\x7f\x01"s), "=7F=01");
  EXPECT_EQ(qp_encode("\0"s), "=00");
}

TEST(QuotedPrintable, KeepsCrlfAsAHardBreakAndEncodesLoneCrOrLf) {
  EXPECT_EQ(qp_encode("one\r\ntwo\r\n"), "one\r\ntwo\r\n");
  EXPECT_EQ(qp_encode("a\nb\rc"), "a=0Ab=0Dc");
}

TEST(QuotedPrintable, EncodesWhitespaceOnlyBeforeALineBreak) {
  EXPECT_EQ(qp_encode("a b\tc"), "a b\tc");
  EXPECT_EQ(qp_encode("trailing \r\ntab\t\r\n"), "trailing=20\r\ntab=09\r\n");
  EXPECT_EQ(qp_encode("end "), "end=20");
}

TEST(QuotedPrintable, ALineOf76FitsAndOf77GetsASoftBreak) {
  const std::string line76(76, 'x');
  EXPECT_EQ(qp_encode(line76), line76);
  const std::string line77(77, 'x');
  EXPECT_EQ(qp_encode(line77), std::string(75, 'x') + "=\r\n" + "xx");
}

TEST(QuotedPrintable, LongLinesAreSoftBrokenWithinTheLimit) {
  const std::string text = std::string(200, 'a') + "\r\n" + std::string(300, 'b');
  const auto encoded = qp_encode(text);
  expect_lines_within_76(encoded);
  EXPECT_EQ(qp_decode(encoded), text);
}

TEST(QuotedPrintable, NeverSplitsAnEscape) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "\xc3\xa9";  // 120 escapes in one line
  const auto encoded = qp_encode(text);
  expect_lines_within_76(encoded);
  for (const auto& line : split_lines(encoded)) {
    // Every "=" starts "=XX" or is the final soft break.
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '=' && i + 1 < line.size()) {
        ASSERT_LE(i + 2, line.size() - 1) << line;
        i += 2;
      }
    }
  }
  EXPECT_EQ(qp_decode(encoded), text);
}

TEST(QuotedPrintable, RoundTripsRandomBytes) {
  std::mt19937 random(76);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 400);
  for (int round = 0; round < 300; ++round) {
    std::string bytes(static_cast<std::size_t>(length(random)), '\0');
    for (char& c : bytes) {
      const int b = byte(random);
      c = static_cast<char>(b);
    }
    // Sprinkle real line breaks and whitespace before them.
    for (std::size_t i = 10; i + 3 < bytes.size(); i += 37) bytes.replace(i, 3, " \r\n");
    const auto encoded = qp_encode(bytes);
    expect_lines_within_76(encoded);
    ASSERT_EQ(qp_decode(encoded), bytes) << "round " << round;
  }
}

// RFC 2045 section 6.7, rule (5): a soft line break.
TEST(QuotedPrintable, DecodesTheRfc2045SoftBreakExample) {
  EXPECT_EQ(qp_decode("Now's the time =\r\nfor all folk to come=\r\n to the aid of their country."),
            "Now's the time for all folk to come to the aid of their country.");
}

TEST(QuotedPrintable, DecoderAcceptsLowerCaseHexAndBareLf) {
  EXPECT_EQ(qp_decode("caf=c3=a9"), "caf\xc3\xa9");
  EXPECT_EQ(qp_decode("one=\ntwo\nthree"), "onetwo\r\nthree");
}

TEST(QuotedPrintable, DecoderDropsWhitespaceATransportAdded) {
  EXPECT_EQ(qp_decode("line   \r\nnext\t\r\n"), "line\r\nnext\r\n");
  EXPECT_EQ(qp_decode("soft=  \r\nbreak"), "softbreak");
}

TEST(QuotedPrintable, DecoderRejectsBrokenEscapes) {
  for (const std::string_view bad : {"=G1", "=4", "abc=4\r\nx", "=\x01\x02", "a=b", "== "}) {
    EXPECT_EQ(qp_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace mailsim::client::mime
