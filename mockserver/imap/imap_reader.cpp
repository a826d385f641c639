#include "mockserver/imap/imap_reader.hpp"

namespace mailsim::mock::imap {

bool is_atom_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x1f || u >= 0x7f) return false;  // CTL and 8-bit
  switch (c) {
    case '(': case ')': case '{': case ' ': case '%': case '*': case '"': case '\\': case ']':
      return false;
    default:
      return true;
  }
}

bool ImapReader::fail(std::string message) {
  error_ = std::move(message);
  return false;
}

bool ImapReader::consume(char c) {
  if (peek() != c || at_end()) return false;
  ++pos_;
  return true;
}

bool ImapReader::space() {
  if (consume(' ')) return true;
  return fail(at_end() ? "Missing argument" : "Expected a space");
}

bool ImapReader::keyword(std::string_view word) {
  if (text_.size() - pos_ < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = text_[pos_ + i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c != word[i]) return false;
  }
  const std::size_t end = pos_ + word.size();
  if (end < text_.size() && is_atom_char(text_[end]) && text_[end] != '[' && text_[end] != '<') return false;
  pos_ = end;
  return true;
}

std::optional<std::string> ImapReader::atom(std::string_view extra) {
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(text_[pos_]) || extra.find(text_[pos_]) != std::string_view::npos)) ++pos_;
  if (pos_ == start) {
    fail(at_end() ? "Missing argument" : "Invalid characters in atom");
    return std::nullopt;
  }
  return std::string(text_.substr(start, pos_ - start));
}

std::optional<std::string> ImapReader::tag() {
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(text_[pos_]) || text_[pos_] == ']') && text_[pos_] != '+') ++pos_;
  if (pos_ == start) {
    fail("Invalid tag");
    return std::nullopt;
  }
  return std::string(text_.substr(start, pos_ - start));
}

std::optional<std::string> ImapReader::quoted() {
  if (peek() != '"') {
    fail("Expected a quoted string");
    return std::nullopt;
  }
  std::string out;
  std::size_t i = pos_ + 1;
  while (i < text_.size()) {
    const char c = text_[i];
    if (c == '"') {
      pos_ = i + 1;
      return out;
    }
    if (c == '\r' || c == '\n' || c == '\0') break;
    if (c == '\\') {
      if (i + 1 >= text_.size() || (text_[i + 1] != '"' && text_[i + 1] != '\\')) {
        fail("Invalid escape in quoted string");
        return std::nullopt;
      }
      out += text_[i + 1];
      i += 2;
      continue;
    }
    out += c;
    ++i;
  }
  fail("Unterminated quoted string");
  return std::nullopt;
}

std::optional<std::string> ImapReader::literal() {
  if (peek() != '{') {
    fail("Expected a literal");
    return std::nullopt;
  }
  std::size_t i = pos_ + 1;
  std::uint64_t size = 0;
  const std::size_t digits_start = i;
  while (i < text_.size() && text_[i] >= '0' && text_[i] <= '9' && i - digits_start < 11) {
    size = size * 10 + static_cast<std::uint64_t>(text_[i] - '0');
    ++i;
  }
  if (i == digits_start) {
    fail("Invalid literal size");
    return std::nullopt;
  }
  if (i < text_.size() && text_[i] == '+') ++i;
  if (text_.substr(i, 3) != "}\r\n" || size > text_.size() - (i + 3)) {
    fail("Invalid literal");
    return std::nullopt;
  }
  i += 3;
  std::string out(text_.substr(i, static_cast<std::size_t>(size)));
  pos_ = i + static_cast<std::size_t>(size);
  return out;
}

std::optional<std::string> ImapReader::string() {
  if (peek() == '"') return quoted();
  if (peek() == '{') return literal();
  fail(at_end() ? "Missing argument" : "Expected a string");
  return std::nullopt;
}

std::optional<std::string> ImapReader::astring() {
  if (peek() == '"' || peek() == '{') return string();
  return atom("]");
}

std::optional<std::optional<std::string>> ImapReader::nstring() {
  if (keyword("NIL")) return std::optional<std::string>{};
  auto s = string();
  if (!s) return std::nullopt;
  return std::optional<std::string>{std::move(*s)};
}

std::optional<std::string> ImapReader::list_mailbox() {
  if (peek() == '"' || peek() == '{') return string();
  return atom("%*]");
}

std::optional<std::uint32_t> ImapReader::number() {
  std::size_t i = pos_;
  std::uint64_t value = 0;
  while (i < text_.size() && text_[i] >= '0' && text_[i] <= '9') {
    value = value * 10 + static_cast<std::uint64_t>(text_[i] - '0');
    if (value > 0xFFFFFFFFull) {
      fail("Number too large");
      return std::nullopt;
    }
    ++i;
  }
  if (i == pos_) {
    fail(at_end() ? "Missing argument" : "Expected a number");
    return std::nullopt;
  }
  pos_ = i;
  return static_cast<std::uint32_t>(value);
}

std::optional<std::uint32_t> ImapReader::nz_number() {
  const std::size_t start = pos_;
  auto n = number();
  if (n && *n == 0) {
    pos_ = start;
    fail("Expected a non-zero number");
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> ImapReader::sequence_text() {
  const std::size_t start = pos_;
  while (!at_end()) {
    const char c = text_[pos_];
    if ((c >= '0' && c <= '9') || c == ',' || c == ':' || c == '*') ++pos_;
    else break;
  }
  if (pos_ == start) {
    fail(at_end() ? "Missing argument" : "Invalid messageset");
    return std::nullopt;
  }
  return std::string(text_.substr(start, pos_ - start));
}

std::optional<std::string> ImapReader::flag() {
  const std::size_t start = pos_;
  if (consume('\\')) {
    if (consume('*')) return std::string("\\*");
    auto name = atom();
    if (!name) {
      pos_ = start;
      fail("Invalid flag");
      return std::nullopt;
    }
    return "\\" + *name;
  }
  auto name = atom();
  if (!name) fail("Invalid flag");
  return name;
}

std::optional<std::string> ImapReader::until_close_bracket() {
  std::size_t i = pos_;
  bool in_quotes = false;
  while (i < text_.size()) {
    const char c = text_[i];
    if (in_quotes) {
      if (c == '\\') ++i;
      else if (c == '"') in_quotes = false;
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ']') {
      std::string out(text_.substr(pos_, i - pos_));
      pos_ = i;
      return out;
    } else if (c == '\r' || c == '\n') {
      break;
    }
    ++i;
  }
  fail("Missing ']'");
  return std::nullopt;
}

}  // namespace mailsim::mock::imap
