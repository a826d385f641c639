#include "client/mime/quoted_printable.hpp"

namespace mailsim::client::mime {
namespace {

constexpr std::size_t kMaxLine = 76;
constexpr std::string_view kHex = "0123456789ABCDEF";

void append_escape(std::string& out, unsigned char byte) {
  out += '=';
  out += kHex[byte >> 4];
  out += kHex[byte & 0x0F];
}

// Encodes one line (no CRLF inside) with soft breaks.
void encode_line(std::string& out, std::string_view line) {
  std::size_t column = 0;
  std::string token;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    token.clear();
    const bool whitespace = byte == ' ' || byte == '\t';
    if ((byte >= 33 && byte <= 126 && byte != '=') || (whitespace && !last)) {
      token += static_cast<char>(byte);
    } else {
      append_escape(token, byte);
    }
    // A soft break costs one column ("="), except after the line's last token.
    const std::size_t room = last ? kMaxLine : kMaxLine - 1;
    if (column + token.size() > room) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string qp_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  std::size_t start = 0;
  while (true) {
    const auto end = bytes.find("\r\n", start);
    encode_line(out, bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    out += "\r\n";
    start = end + 2;
  }
  return out;
}

std::optional<std::string> qp_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto newline = text.find('\n', start);
    const bool has_break = newline != std::string_view::npos;
    auto line = text.substr(start, has_break ? newline - start : std::string_view::npos);
    if (has_break && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    bool soft_break = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '=') {
        out += line[i];
        continue;
      }
      if (i + 1 == line.size()) {
        soft_break = true;
        break;
      }
      if (i + 2 >= line.size()) return std::nullopt;
      const int high = hex_value(line[i + 1]);
      const int low = hex_value(line[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high << 4 | low);
      i += 2;
    }
    if (!has_break) break;
    if (!soft_break) out += "\r\n";
    start = newline + 1;
  }
  return out;
}

}  // namespace mailsim::client::mime
