#include "client/imap/imap_tokenizer.hpp"

#include <string>

#include "client/imap/imap_ascii.hpp"

namespace mailsim::client::imap {
namespace {

bool is_atom_char(unsigned char c, bool allow_bracket) {
  if (c <= 0x1f || c == 0x7f) return false;  // CTL
  switch (c) {
    case '(': case ')': case '{': case ' ': case '%': case '*': case '"': case '\\':
      return false;
    case ']':
      return allow_bracket;
    default:
      return true;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string describe_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (c == '\0') return "the end of the response";
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  return "byte 0x" + std::string(1, "0123456789abcdef"[u >> 4]) + "0123456789abcdef"[u & 15];
}

}  // namespace

Tokenizer::Tokenizer(std::string_view wire, std::size_t max_depth)
    : wire_(wire), end_(wire.ends_with("\r\n") ? wire.size() - 2 : wire.size()), max_depth_(max_depth) {}

Tokenizer::Tokenizer(std::string_view wire, std::span<std::string> literals, std::size_t max_depth)
    : Tokenizer(wire, max_depth) {
  literals_ = literals;
  literals_aside_ = true;
}

bool Tokenizer::at_end() const { return pos_ >= end_; }

char Tokenizer::peek() const { return pos_ < end_ ? wire_[pos_] : '\0'; }

bool Tokenizer::consume(char c) {
  if (peek() != c || at_end()) return false;
  ++pos_;
  return true;
}

void Tokenizer::expect(char c) {
  if (!consume(c)) fail(std::string("expected '") + c + "', found " + describe_byte(peek()));
}

void Tokenizer::expect_space() {
  if (!skip_spaces()) fail("expected a space, found " + describe_byte(peek()));
}

bool Tokenizer::skip_spaces() {
  const std::size_t start = pos_;
  while (!at_end() && wire_[pos_] == ' ') ++pos_;
  return pos_ != start;
}

bool Tokenizer::nil() {
  if (end_ - pos_ < 3) return false;
  const std::string_view word = wire_.substr(pos_, 3);
  if (!iequals(word, "NIL")) return false;
  // NIL must stand alone: "NILS" is an atom.
  if (pos_ + 3 < end_ && is_atom_char(static_cast<unsigned char>(wire_[pos_ + 3]), true)) return false;
  pos_ += 3;
  return true;
}

std::string_view Tokenizer::take_while_atom(bool allow_bracket, char stop) {
  const std::size_t start = pos_;
  while (pos_ < end_ && wire_[pos_] != stop && is_atom_char(static_cast<unsigned char>(wire_[pos_]), allow_bracket))
    ++pos_;
  return wire_.substr(start, pos_ - start);
}

std::string_view Tokenizer::atom() {
  const std::string_view out = take_while_atom(false);
  if (out.empty()) fail("expected an atom, found " + describe_byte(peek()));
  return out;
}

std::string_view Tokenizer::astring_atom() {
  const std::string_view out = take_while_atom(true);
  if (out.empty()) fail("expected an atom, found " + describe_byte(peek()));
  return out;
}

std::string_view Tokenizer::atom_before(char stop) {
  const std::string_view out = take_while_atom(false, stop);
  if (out.empty()) fail("expected an atom, found " + describe_byte(peek()));
  return out;
}

std::string_view Tokenizer::flag() {
  const std::size_t start = pos_;
  if (consume('\\')) {
    if (!consume('*')) take_while_atom(false);
  } else {
    take_while_atom(false);
  }
  if (pos_ == start || (pos_ == start + 1 && wire_[start] == '\\')) fail("expected a flag, found " + describe_byte(peek()));
  return wire_.substr(start, pos_ - start);
}

std::uint64_t Tokenizer::number() {
  if (!is_digit(peek())) fail("expected a number, found " + describe_byte(peek()));
  std::uint64_t value = 0;
  while (is_digit(peek())) {
    const auto digit = static_cast<std::uint64_t>(wire_[pos_] - '0');
    if (value > (UINT64_MAX - digit) / 10) fail("number too large");
    value = value * 10 + digit;
    ++pos_;
  }
  return value;
}

std::uint32_t Tokenizer::number32() {
  const std::uint64_t value = number();
  if (value > UINT32_MAX) fail("number larger than 4294967295");
  return static_cast<std::uint32_t>(value);
}

std::string Tokenizer::string() {
  if (peek() == '"') return quoted();
  if (peek() == '{') return literal();
  fail("expected a string, found " + describe_byte(peek()));
}

std::optional<std::string> Tokenizer::nstring() {
  if (nil()) return std::nullopt;
  return string();
}

std::string Tokenizer::astring() {
  if (peek() == '"' || peek() == '{') return string();
  return std::string(astring_atom());
}

std::string Tokenizer::quoted() {
  expect('"');
  std::string out;
  while (true) {
    if (at_end()) fail("unterminated quoted string");
    const char c = wire_[pos_++];
    if (c == '"') return out;
    if (c == '\r' || c == '\n') fail("line break inside a quoted string");
    if (c == '\\') {
      if (at_end()) fail("unterminated quoted string");
      out += wire_[pos_++];  // RFC 3501 escapes only '"' and '\'; others are kept as sent
    } else {
      out += c;
    }
  }
}

std::string Tokenizer::literal() {
  expect('{');
  const std::uint64_t size = number();
  consume('+');
  expect('}');
  if (wire_.substr(pos_, 2) != "\r\n") fail("literal size not followed by CRLF");
  pos_ += 2;
  return take_literal(size);
}

// The cursor passes a CRLF only here and in rest_of_line(), so literals are
// taken in order and next_literal_ is the index of the next one.
std::string Tokenizer::take_literal(std::uint64_t size) {
  if (literals_aside_) {
    // The framing layer announced these sizes; this guards a cursor misuse.
    if (next_literal_ >= literals_.size() || literals_[next_literal_].size() != size)
      fail("literal does not match its announced size");
    return std::move(literals_[next_literal_++]);
  }
  if (size > wire_.size() - pos_) fail("literal runs past the end of the response");
  std::string out(wire_.substr(pos_, static_cast<std::size_t>(size)));
  pos_ += static_cast<std::size_t>(size);
  return out;
}

std::string Tokenizer::rest_of_line() {
  std::string out;
  while (pos_ < end_) {
    const std::size_t crlf = literals_aside_ ? wire_.find("\r\n", pos_) : std::string_view::npos;
    const std::size_t stop = crlf < end_ ? crlf + 2 : end_;
    out.append(wire_.substr(pos_, stop - pos_));
    pos_ = stop;
    // Every line break inside a response follows a literal's "{n}".
    if (stop != end_ && next_literal_ < literals_.size()) out.append(literals_[next_literal_++]);
  }
  return out;
}

std::string_view Tokenizer::until(char stop) {
  const std::size_t start = pos_;
  bool in_quotes = false;
  while (pos_ < end_) {
    const char c = wire_[pos_];
    if (c == '\r' || c == '\n') break;
    if (in_quotes) {
      if (c == '\\' && pos_ + 1 < end_)
        ++pos_;
      else if (c == '"')
        in_quotes = false;
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == stop) {
      return wire_.substr(start, pos_ - start);
    }
    ++pos_;
  }
  fail(std::string("expected '") + stop + "' before the end of the line");
}

void Tokenizer::open_list() {
  expect('(');
  if (++depth_ > max_depth_) fail("lists nested deeper than " + std::to_string(max_depth_));
}

void Tokenizer::close_list() {
  skip_spaces();  // some servers pad before ')'
  expect(')');
  --depth_;
}

std::string_view Tokenizer::loose_atom() {
  const std::size_t start = pos_;
  while (pos_ < end_) {
    const auto c = static_cast<unsigned char>(wire_[pos_]);
    if (c <= 0x1f || c == 0x7f || c == ' ' || c == '(' || c == ')' || c == '"' || c == '{') break;
    if (c == '[') {
      // BODY[HEADER.FIELDS (A B)] inside an unknown item: keep the brackets whole.
      ++pos_;
      until(']');
    }
    ++pos_;
  }
  if (pos_ == start) fail("expected a value, found " + describe_byte(peek()));
  return wire_.substr(start, pos_ - start);
}

Value Tokenizer::value() {
  Value out;
  const char c = peek();
  if (c == '(') {
    out.kind = Value::Kind::list;
    open_list();
    skip_spaces();
    while (peek() != ')') {
      out.items.push_back(value());
      if (peek() != ')') expect_space();
    }
    close_list();
  } else if (c == '"' || c == '{') {
    out.kind = Value::Kind::string;
    out.text = string();
  } else if (nil()) {
    out.kind = Value::Kind::nil;
  } else {
    out.text = std::string(loose_atom());
    const bool digits = out.text.find_first_not_of("0123456789") == std::string::npos;
    out.kind = digits ? Value::Kind::number : Value::Kind::atom;
  }
  return out;
}

void Tokenizer::fail(std::string_view what) const {
  throw SyntaxError("at byte " + std::to_string(pos_) + ": " + std::string(what));
}

}  // namespace mailsim::client::imap
