#include "client/mime/encoded_word.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "client/mime/utf8.hpp"
#include "common/base64.hpp"

namespace mailsim::client::mime {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";
// "=?UTF-8?B?" and "?=" around the encoded text.
constexpr std::size_t kWordOverhead = 10 + 2;
// Room for the widest character in either encoding (4 bytes: 12 in Q).
constexpr std::size_t kMinUsefulWord = kWordOverhead + 12;

// RFC 2047 5(3): the only characters a Q word may carry as themselves in a
// phrase; elsewhere they are safe too.
bool q_literal(unsigned char byte) {
  return std::isalnum(byte) || byte == '!' || byte == '*' || byte == '+' || byte == '-' || byte == '/';
}

std::size_t q_cost(unsigned char byte) { return q_literal(byte) || byte == ' ' ? 1 : 3; }

void append_q(std::string& out, std::string_view bytes) {
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == ' ') {
      out += '_';
    } else if (q_literal(byte)) {
      out += c;
    } else {
      out += '=';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
}

std::size_t b_length(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

std::string make_word(std::string_view chunk, bool use_q) {
  std::string word = use_q ? "=?UTF-8?Q?" : "=?UTF-8?B?";
  if (use_q) {
    append_q(word, chunk);
  } else {
    word += base64_encode(chunk);
  }
  word += "?=";
  return word;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> decode_q(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high << 4 | low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | byte >> 6);
      out += static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  return out;
}

// Decodes one "=?charset?enc?text?=" or gives nullopt.
std::optional<std::string> decode_word(std::string_view word) {
  if (word.size() < 8 || word.substr(0, 2) != "=?" || word.substr(word.size() - 2) != "?=") return std::nullopt;
  const auto inner = word.substr(2, word.size() - 4);
  const auto q1 = inner.find('?');
  if (q1 == std::string_view::npos || q1 + 2 >= inner.size() || inner[q1 + 2] != '?') return std::nullopt;
  auto charset = inner.substr(0, q1);
  const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(inner[q1 + 1])));
  const auto text = inner.substr(q1 + 3);
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
  std::optional<std::string> bytes;
  if (encoding == 'B') {
    bytes = base64_decode(text);
  } else if (encoding == 'Q') {
    bytes = decode_q(text);
  }
  if (!bytes) return std::nullopt;
  if (iequals(charset, "UTF-8") || iequals(charset, "US-ASCII")) {
    if (!is_valid_utf8(*bytes)) return std::nullopt;
    return bytes;
  }
  if (iequals(charset, "ISO-8859-1") || iequals(charset, "LATIN1")) return latin1_to_utf8(*bytes);
  return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

bool needs_encoded_words(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || (byte < 0x20 && c != '\t') || byte == 0x7F) return true;
  }
  return text.find("=?") != std::string_view::npos;
}

std::vector<std::string> encode_words(std::string_view text, std::size_t first_max, std::size_t max) {
  std::size_t q_total = 0;
  for (const char c : text) q_total += q_cost(static_cast<unsigned char>(c));
  const bool use_q = q_total <= b_length(text.size());

  std::vector<std::string> words;
  const std::size_t later_max = std::clamp(max, kMinUsefulWord, kMaxEncodedWord);
  // With too little room beside the header name, the first word goes to
  // the next line (the caller folds before it) and may be full length.
  std::size_t limit = first_max < kMinUsefulWord ? later_max : std::min(first_max, later_max);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    std::size_t cost = 0;
    while (end < text.size()) {
      const std::size_t length = utf8_char_length(text, end);
      std::size_t next_cost = 0;
      if (use_q) {
        for (std::size_t k = 0; k < length; ++k) next_cost += q_cost(static_cast<unsigned char>(text[end + k]));
        next_cost += cost;
      } else {
        next_cost = b_length(end + length - start);
      }
      if (kWordOverhead + next_cost > limit && end > start) break;
      cost = next_cost;
      end += length;
    }
    words.push_back(make_word(text.substr(start, end - start), use_q));
    start = end;
    limit = later_max;
  }
  return words;
}

std::string decode_words(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool after_word = false;        // last thing written was a decoded word
  std::size_t pending_space = 0;  // where whitespace after that word began in out
  while (pos < value.size()) {
    if (value.substr(pos, 2) == "=?") {
      // An encoded word ends at the first "?=" after its charset and
      // encoding fields; it holds no whitespace.
      const auto q1 = value.find('?', pos + 2);
      const auto q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
      const auto end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
      if (end != std::string_view::npos) {
        const auto word = value.substr(pos, end + 2 - pos);
        bool has_space = false;
        for (const char c : word) has_space = has_space || is_space(c);
        const auto decoded = has_space ? std::nullopt : decode_word(word);
        if (decoded) {
          if (after_word) out.resize(pending_space);
          out += *decoded;
          pos = end + 2;
          after_word = true;
          pending_space = out.size();
          continue;
        }
      }
    }
    if (!is_space(value[pos])) after_word = false;
    out += value[pos];
    ++pos;
  }
  return out;
}

}  // namespace mailsim::client::mime
