#pragma once
// RFC 5321 4.1.2 paths ("<user@example.com>", "<>", "<@relay:user@host>"),
// parsed strictly so a connector that sends a malformed envelope is caught.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim::mock {

struct SmtpPath {
  enum class Status {
    ok,
    not_a_path,   // does not start with '<': a syntax error of the command
    bad_address,  // "<...>" present but its content is not a valid mailbox
  } status = Status::not_a_path;
  std::string mailbox;     // without brackets and source route; "" for "<>"
  bool null_path = false;  // "<>"
  bool non_ascii = false;  // UTF-8 in the mailbox (needs SMTPUTF8, RFC 6531)
  std::size_t end = 0;     // offset just after '>' in the parsed text
};

struct SmtpPathRules {
  bool allow_null = false;        // MAIL FROM:<> (bounces)
  bool allow_postmaster = false;  // RCPT TO:<Postmaster> without a domain
};

// Parses a path at the start of text. A source route (A-d-l) is accepted and
// dropped, as RFC 5321 4.1.2 asks of servers.
SmtpPath parse_smtp_path(std::string_view text, SmtpPathRules rules);

// xtext (RFC 3461 4): "+XX" hex escapes; false on a malformed escape or a
// character outside xchar.
bool decode_xtext(std::string_view text, std::string& out);

}  // namespace mailsim::mock
