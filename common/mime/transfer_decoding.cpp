#include "common/mime/transfer_decoding.hpp"

namespace mailsim::mime {

namespace {

int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string decode_base64_lenient(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  unsigned quantum = 0;
  int have = 0;
  auto flush_partial = [&] {
    // 2 or 3 characters still carry 1 or 2 whole bytes
    if (have == 2) out.push_back(static_cast<char>(quantum >> 4));
    if (have == 3) {
      out.push_back(static_cast<char>(quantum >> 10));
      out.push_back(static_cast<char>((quantum >> 2) & 0xFF));
    }
    quantum = 0;
    have = 0;
  };
  for (char ch : text) {
    if (ch == '=') {
      // padding ends a quantum; some mailers concatenate encoded blocks
      flush_partial();
      continue;
    }
    int v = base64_value(static_cast<unsigned char>(ch));
    if (v < 0) continue;
    quantum = (quantum << 6) | static_cast<unsigned>(v);
    if (++have == 4) {
      out.push_back(static_cast<char>((quantum >> 16) & 0xFF));
      out.push_back(static_cast<char>((quantum >> 8) & 0xFF));
      out.push_back(static_cast<char>(quantum & 0xFF));
      quantum = 0;
      have = 0;
    }
  }
  flush_partial();
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t lf = text.find('\n', pos);
    std::size_t line_end = lf == std::string_view::npos ? text.size() : lf;
    std::size_t content_end = line_end;
    if (content_end > pos && text[content_end - 1] == '\r') --content_end;
    std::size_t next = lf == std::string_view::npos ? text.size() : lf + 1;
    std::string_view line_break = text.substr(content_end, next - content_end);
    // blanks at the end of a line were added in transport (RFC 2045 6.7 rule 3)
    while (content_end > pos && is_blank(text[content_end - 1])) --content_end;
    bool soft_break = false;
    for (std::size_t i = pos; i < content_end; ++i) {
      char c = text[i];
      if (c != '=') {
        out.push_back(c);
        continue;
      }
      if (i + 1 == content_end) {
        soft_break = true;  // "=" ends the line: no line break in the data
        break;
      }
      int hi = hex_value(text[i + 1]);
      int lo = i + 2 < content_end ? hex_value(text[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
      } else {
        out.push_back('=');  // malformed: keep it, as readers do
      }
    }
    if (!soft_break) out.append(line_break);
    pos = next;
  }
  return out;
}

std::string decode_body(const Entity& entity, std::string_view raw) {
  std::string_view body = entity.body_bytes(raw);
  switch (entity.transfer_encoding()) {
    case TransferEncoding::base64:
      return decode_base64_lenient(body);
    case TransferEncoding::quoted_printable:
      return decode_quoted_printable(body);
    default:
      return std::string(body);
  }
}

}  // namespace mailsim::mime
