#include "common/mime/encoded_words.hpp"

#include <optional>

#include "common/mime/charset.hpp"
#include "common/mime/header_fields.hpp"
#include "common/mime/transfer_decoding.hpp"

namespace mailsim::mime {

namespace {

struct EncodedWord {
  std::size_t end = 0;  // offset after "?="
  std::string charset;
  std::string bytes;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_q(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// "=?charset[*lang]?B|Q?text?=" at s[pos]; nullopt when it is not one.
std::optional<EncodedWord> read_word(std::string_view s, std::size_t pos) {
  if (s.compare(pos, 2, "=?") != 0) return std::nullopt;
  std::size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2 || q1 + 2 >= s.size() || s[q1 + 2] != '?') {
    return std::nullopt;
  }
  char enc = s[q1 + 1];
  std::size_t text_begin = q1 + 3;
  std::size_t close = s.find("?=", text_begin);
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view charset = s.substr(pos + 2, q1 - pos - 2);
  if (charset.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
  std::string_view text = s.substr(text_begin, close - text_begin);
  EncodedWord w;
  w.end = close + 2;
  w.charset.assign(charset);
  if (enc == 'B' || enc == 'b') {
    w.bytes = decode_base64_lenient(text);
  } else if (enc == 'Q' || enc == 'q') {
    w.bytes = decode_q(text);
  } else {
    return std::nullopt;
  }
  return w;
}

std::string unfold_lines(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

}  // namespace

std::string decode_header_text(std::string_view value) {
  std::string s = unfold_lines(value);
  std::string out;
  out.reserve(s.size());
  // Bytes of adjacent words in one charset are converted together: a
  // multi-byte character may be split across two words.
  std::string pending, pending_charset;
  auto flush = [&] {
    if (!pending.empty()) out += to_utf8(pending, pending_charset).text;
    pending.clear();
  };
  std::size_t pos = 0;
  bool after_word = false;
  while (pos < s.size()) {
    if (auto w = read_word(s, pos)) {
      if (!pending.empty() && !iequals(pending_charset, w->charset)) flush();
      pending_charset = w->charset;
      pending += w->bytes;
      pos = w->end;
      after_word = true;
      continue;
    }
    if (after_word && (s[pos] == ' ' || s[pos] == '\t')) {
      // blanks between two encoded-words vanish (RFC 2047 section 6.2)
      std::size_t next = s.find_first_not_of(" \t", pos);
      if (next != std::string::npos && read_word(s, next)) {
        pos = next;
        continue;
      }
    }
    flush();
    after_word = false;
    std::size_t next = s.find("=?", pos + 1);
    if (next == std::string::npos) next = s.size();
    out.append(s, pos, next - pos);
    pos = next;
  }
  flush();
  return out;
}

}  // namespace mailsim::mime
