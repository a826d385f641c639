#pragma once
// Serialises one IMAP command. Strings become atoms, quoted strings or
// literals as their bytes require; a synchronizing literal splits the
// command into segments, each sent only after the server's "+". With
// LITERAL+ (RFC 7888) literals are non-synchronizing and nothing waits.
// The transcript line is built alongside, with secrets redacted.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::imap {

// Shown in transcripts instead of a secret (same text as the mock servers).
inline constexpr std::string_view kRedacted = "<redacted>";

struct Command {
  std::string tag;
  // segments[0] is sent first; each later segment only after a "+"
  // continuation answers the synchronizing literal that ends the previous.
  std::vector<std::string> segments;
  std::string transcript;  // one line, no CRLF, secrets redacted, literal bytes summarised
};

class CommandBuilder {
 public:
  CommandBuilder(std::string tag, bool literal_plus);

  // Protocol text sent as is: verbs, flags, sequence sets, section specs.
  CommandBuilder& atom(std::string_view text);
  // An astring: atom when possible, else quoted, else literal.
  CommandBuilder& astring(std::string_view value, bool secret = false);
  // A string: quoted when possible, else literal.
  CommandBuilder& string(std::string_view value, bool secret = false);
  CommandBuilder& literal(std::string_view value, bool secret = false);
  // A mailbox name given in UTF-8, sent in modified UTF-7. Throws
  // std::invalid_argument when the name is not valid UTF-8.
  CommandBuilder& mailbox(std::string_view utf8_name);
  // "(" and ")" with the spacing the grammar wants: "(a b)".
  CommandBuilder& open_list();
  CommandBuilder& close_list();

  Command finish();

 private:
  void separate();
  void text(std::string_view wire, std::string_view shown);

  Command command_;
  bool literal_plus_;
  bool need_space_ = false;
};

// True if value can be sent as an atom inside an astring.
bool is_astring_atom(std::string_view value);
// True if value can be sent as a quoted string (7-bit, no CR/LF/NUL).
bool is_quotable(std::string_view value);

}  // namespace mailsim::client::imap
