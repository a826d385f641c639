#include "client/mime/body_encoding.hpp"

#include <gtest/gtest.h>

#include "client/mime/quoted_printable.hpp"
#include "common/base64.hpp"
#include "mime_test_reader.hpp"

namespace mailsim::client::mime {
namespace {

using namespace std::string_literals;
using testing::split_lines;

TEST(BodyEncoding, NormalizesEveryLineBreakToCrlf) {
  EXPECT_EQ(normalize_line_breaks("a\nb\r\nc\rd\n\re"), "a\r\nb\r\nc\r\nd\r\n\r\ne");
  EXPECT_EQ(normalize_line_breaks(""), "");
}

TEST(BodyEncoding, ShortAsciiTextIs7bitWithAFinalLineBreak) {
  const auto body = encode_text_body("Hello,\nworld");
  EXPECT_EQ(body.transfer_encoding, "7bit");
  EXPECT_EQ(body.content, "Hello,\r\nworld\r\n");
}

TEST(BodyEncoding, AnEmptyBodyStaysEmpty) {
  const auto body = encode_text_body("");
  EXPECT_EQ(body.transfer_encoding, "7bit");
  EXPECT_EQ(body.content, "");
}

TEST(BodyEncoding, A78CharacterLineIsStill7bitBut79IsNot) {
  EXPECT_EQ(encode_text_body(std::string(78, 'x')).transfer_encoding, "7bit");
  const auto long_line = encode_text_body(std::string(79, 'x'));
  EXPECT_EQ(long_line.transfer_encoding, "quoted-printable");
  for (const auto& line : split_lines(long_line.content)) EXPECT_LE(line.size(), 76u);
  EXPECT_EQ(qp_decode(long_line.content), std::string(79, 'x') + "\r\n");
}

TEST(BodyEncoding, NonAsciiOrControlBytesMeanQuotedPrintable) {
  for (const std::string& text : {"Gr\xc3\xbc\xc3\x9f"
                                  "e\n"s,
                                  "bell\x07\n"s, "nul\0byte\n"s}) {
    const auto body = encode_text_body(text);
    EXPECT_EQ(body.transfer_encoding, "quoted-printable");
    EXPECT_EQ(qp_decode(body.content), normalize_line_breaks(text));
  }
}

TEST(BodyEncoding, Base64LinesAre76CharactersEndingInCrlf) {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes += static_cast<char>(i * 7);
  const auto lines_text = base64_lines(bytes);
  EXPECT_TRUE(lines_text.ends_with("\r\n"));
  const auto lines = split_lines(lines_text);
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i + 1 < lines.size()) {
      EXPECT_EQ(lines[i].size(), 76u);
    } else {
      EXPECT_LE(lines[i].size(), 76u);
    }
    joined += lines[i];
  }
  EXPECT_EQ(base64_decode(joined), bytes);
  EXPECT_EQ(base64_lines(""), "");
  // 57 bytes make exactly one full line.
  EXPECT_EQ(base64_lines(std::string(57, 'a')), base64_encode(std::string(57, 'a')) + "\r\n");
}

}  // namespace
}  // namespace mailsim::client::mime
