#include "client/mime/body_encoding.hpp"

#include "client/mime/quoted_printable.hpp"
#include "common/base64.hpp"

namespace mailsim::client::mime {
namespace {

constexpr std::size_t kMaxSevenBitLine = 78;
constexpr std::size_t kBase64Line = 76;

bool fits_seven_bit(std::string_view crlf_text) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < crlf_text.size(); ++i) {
    const char c = crlf_text[i];
    if (c == '\r' && i + 1 < crlf_text.size() && crlf_text[i + 1] == '\n') {
      column = 0;
      ++i;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte >= 0x7F) return false;
    if (++column > kMaxSevenBitLine) return false;
  }
  return true;
}

}  // namespace

std::string normalize_line_breaks(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

EncodedBody encode_text_body(std::string_view text) {
  std::string normalized = normalize_line_breaks(text);
  if (!normalized.empty() && !normalized.ends_with("\r\n")) normalized += "\r\n";
  if (fits_seven_bit(normalized)) return {"7bit", std::move(normalized)};
  return {"quoted-printable", qp_encode(normalized)};
}

std::string base64_lines(std::string_view bytes) {
  const std::string encoded = base64_encode(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / kBase64Line * 2 + 2);
  for (std::size_t pos = 0; pos < encoded.size(); pos += kBase64Line) {
    out.append(encoded, pos, kBase64Line);
    out += "\r\n";
  }
  return out;
}

}  // namespace mailsim::client::mime
