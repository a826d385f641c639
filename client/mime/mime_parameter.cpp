#include "client/mime/mime_parameter.hpp"

#include <cctype>

namespace mailsim::client::mime {
namespace {

// Leaves room for the indent and "; " on a 78-character line.
constexpr std::size_t kMaxPiece = 72;
constexpr std::string_view kHex = "0123456789ABCDEF";

// RFC 2231 attribute-char: token characters except "*", "'" and "%".
bool is_attribute_char(unsigned char byte) {
  return std::isalnum(byte) || std::string_view("!#$&+-.^_`|~").find(static_cast<char>(byte)) != std::string_view::npos;
}

bool is_printable_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7E) return false;
  }
  return true;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// Percent-encoded characters, one entry per source byte so chunks never
// split a "%XX".
std::vector<std::string> percent_encoded(std::string_view value) {
  std::vector<std::string> out;
  out.reserve(value.size());
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_attribute_char(byte)) {
      out.emplace_back(1, c);
    } else {
      out.push_back({'%', kHex[byte >> 4], kHex[byte & 0x0F]});
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> encode_parameter(std::string_view name, std::string_view value) {
  const std::string simple = std::string(name) + "=" + quoted(value);
  if (is_printable_ascii(value) && simple.size() <= kMaxPiece) return {simple};

  const auto encoded = percent_encoded(value);
  std::string whole = std::string(name) + "*=utf-8''";
  for (const auto& e : encoded) whole += e;
  if (whole.size() <= kMaxPiece) return {whole};

  // RFC 2231 section 3: numbered continuations; the charset goes in the first.
  std::vector<std::string> pieces;
  std::size_t next = 0;
  while (next < encoded.size() || pieces.empty()) {
    std::string piece = std::string(name) + "*" + std::to_string(pieces.size()) + "*=";
    if (pieces.empty()) piece += "utf-8''";
    const std::size_t start = next;
    while (next < encoded.size() && (next == start || piece.size() + encoded[next].size() <= kMaxPiece)) {
      piece += encoded[next++];
    }
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

}  // namespace mailsim::client::mime
