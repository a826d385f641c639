#pragma once
// The lexical layer of IMAP responses (RFC 3501 section 9): a cursor over one
// complete response as framed by the response parser (lines joined by CRLF,
// each literal's bytes right after its "{n}" CRLF, or kept aside: see the
// second constructor). The grammar is context-sensitive, so the parser asks
// for the token it expects next. Errors throw SyntaxError, which the
// response parser turns into a result.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "client/imap/imap_value.hpp"

namespace mailsim::client::imap {

class SyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Tokenizer {
 public:
  Tokenizer(std::string_view wire, std::size_t max_depth);
  // The response's lines only: the bytes of its n-th literal are literals[n],
  // moved out when the grammar reads that literal as a string, so a message
  // body is never copied here.
  Tokenizer(std::string_view wire, std::span<std::string> literals, std::size_t max_depth);

  // True when only the final CRLF (or nothing) is left.
  bool at_end() const;
  // The next byte, or '\0' at the end of the response.
  char peek() const;
  bool consume(char c);
  void expect(char c);
  // One or more spaces (servers sometimes send two).
  void expect_space();
  bool skip_spaces();
  // True if the next token is NIL (case-insensitive); consumes it.
  bool nil();

  // 1*ATOM-CHAR; 8-bit bytes are accepted as real servers send them.
  std::string_view atom();
  // An atom that may also contain ']' (ASTRING-CHAR).
  std::string_view astring_atom();
  // Atom bytes up to (not including) stop, e.g. "BODY" of "BODY[1]".
  std::string_view atom_before(char stop);
  // A flag or mailbox attribute: "\Seen", "\*", "$Forwarded", "Junk".
  std::string_view flag();
  std::uint64_t number();
  std::uint32_t number32();
  // Quoted string or literal.
  std::string string();
  std::optional<std::string> nstring();
  std::string astring();
  // Everything up to the final CRLF (human-readable text), literal bytes
  // inline.
  std::string rest_of_line();
  // Text up to (not including) the next unquoted stop byte on this line.
  std::string_view until(char stop);
  // Any data item, nested lists bounded by max_depth.
  Value value();

  // Paired around every parenthesised list so nesting stays bounded.
  void open_list();
  void close_list();

  [[noreturn]] void fail(std::string_view what) const;

 private:
  std::string literal();
  std::string quoted();
  std::string_view take_while_atom(bool allow_bracket, char stop = '\0');
  std::string_view loose_atom();

  // The literal announced by the "{n}" just read, from wherever it is kept.
  std::string take_literal(std::uint64_t size);

  std::string_view wire_;
  std::span<std::string> literals_;
  bool literals_aside_ = false;
  std::size_t next_literal_ = 0;
  std::size_t pos_ = 0;
  std::size_t end_;  // the final CRLF
  std::size_t depth_ = 0;
  std::size_t max_depth_;
};

}  // namespace mailsim::client::imap
