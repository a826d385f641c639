#pragma once
// Tokenizer over one assembled IMAP command: the command line with each
// literal's bytes inline after its "{n}" / "{n+}" and CRLF (that is how
// ImapCommandParser stitches lines and literals together). Each read method
// consumes on success and leaves the position unchanged on failure, with
// error() saying what was expected.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::mock::imap {

class ImapReader {
 public:
  explicit ImapReader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  std::size_t position() const { return pos_; }
  // Consumes c when it is next.
  bool consume(char c);
  // Exactly one space (RFC 3501 separates arguments with single spaces).
  bool space();
  // Case-insensitive keyword followed by a delimiter (space, ')', ']', end...).
  bool keyword(std::string_view word);

  // 1*ATOM-CHAR. With extra, these characters are accepted too (e.g. "]").
  std::optional<std::string> atom(std::string_view extra = {});
  // Tag: 1*<ASTRING-CHAR except "+">.
  std::optional<std::string> tag();
  std::optional<std::string> quoted();
  std::optional<std::string> literal();
  std::optional<std::string> string();  // quoted / literal
  std::optional<std::string> astring();
  // nullopt on error; an inner nullopt for NIL.
  std::optional<std::optional<std::string>> nstring();
  // list-mailbox: 1*list-char / string ("%" "*" "]" allowed in the atom form).
  std::optional<std::string> list_mailbox();
  std::optional<std::uint32_t> number();     // 32-bit, may be 0
  std::optional<std::uint32_t> nz_number();  // 32-bit, not 0
  // The text of a sequence set (digits, ",", ":", "*"), unparsed.
  std::optional<std::string> sequence_text();
  // "\Seen", "\*" or a keyword atom, as written.
  std::optional<std::string> flag();
  // Text up to the matching ']' (quoted strings skipped), without consuming ']'.
  std::optional<std::string> until_close_bracket();

  const std::string& error() const { return error_; }

 private:
  bool fail(std::string message);
  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

// ATOM-CHAR of RFC 3501: any 7-bit CHAR except atom-specials.
bool is_atom_char(char c);

}  // namespace mailsim::mock::imap
