#include "client/mime/mime_parameter.hpp"

#include <gtest/gtest.h>

namespace mailsim::client::mime {
namespace {

// Reassembles RFC 2231 pieces and undoes the percent-encoding.
std::string decode_rfc2231(const std::vector<std::string>& pieces) {
  std::string encoded;
  for (const auto& piece : pieces) {
    auto value = piece.substr(piece.find('=') + 1);
    if (value.starts_with("utf-8''")) value = value.substr(7);
    encoded += value;
  }
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

TEST(MimeParameter, QuotesShortAsciiValues) {
  EXPECT_EQ(encode_parameter("filename", "report.pdf"), std::vector<std::string>{"filename=\"report.pdf\""});
  EXPECT_EQ(encode_parameter("filename", "my \"best\" \\ file.txt"),
            std::vector<std::string>{"filename=\"my \\\"best\\\" \\\\ file.txt\""});
}

TEST(MimeParameter, UsesRfc2231ForNonAscii) {
  EXPECT_EQ(encode_parameter("filename", "r\xc3\xa9sum\xc3\xa9 1.pdf"),
            std::vector<std::string>{"filename*=utf-8''r%C3%A9sum%C3%A9%201.pdf"});
}

TEST(MimeParameter, SplitsLongValuesIntoNumberedContinuations) {
  std::string name;
  for (int i = 0; i < 30; ++i) name += "\xe6\x96\x87";  // 文
  name += ".pdf";
  const auto pieces = encode_parameter("filename", name);
  ASSERT_GT(pieces.size(), 1u);
  EXPECT_TRUE(pieces[0].starts_with("filename*0*=utf-8''")) << pieces[0];
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_TRUE(pieces[i].starts_with("filename*" + std::to_string(i) + "*=")) << pieces[i];
    EXPECT_LE(pieces[i].size(), 72u);
    // No piece ends inside a %XX escape.
    const auto percent = pieces[i].rfind('%');
    if (percent != std::string::npos) {
      EXPECT_LE(percent + 3, pieces[i].size());
    }
  }
  EXPECT_EQ(decode_rfc2231(pieces), name);
}

TEST(MimeParameter, LongAsciiValuesAlsoUseContinuations) {
  const std::string name = std::string(150, 'n') + ".txt";
  const auto pieces = encode_parameter("filename", name);
  ASSERT_GT(pieces.size(), 1u);
  for (const auto& piece : pieces) EXPECT_LE(piece.size(), 72u);
  EXPECT_EQ(decode_rfc2231(pieces), name);
}

TEST(MimeParameter, PercentEncodesEverythingButAttributeChars) {
  EXPECT_EQ(encode_parameter("filename", "a;b\tc"), std::vector<std::string>{"filename*=utf-8''a%3Bb%09c"});
}

}  // namespace
}  // namespace mailsim::client::mime
