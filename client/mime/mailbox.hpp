#pragma once
// Mailboxes as they appear in From/To/Cc (RFC 5322 3.4): an optional display
// name and an address.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::mime {

struct Mailbox {
  std::string name;     // display name, UTF-8; may be empty
  std::string address;  // local@domain; UTF-8 allowed (needs SMTPUTF8)
};

// local@domain with a dot-atom local part (quoted local parts are not
// supported), a domain of labels or an address literal, no whitespace or
// control bytes, local part up to 64 and domain up to 255 octets (RFC 5321
// 4.5.3.1). Non-ASCII is allowed as RFC 6531 does.
bool is_valid_address(std::string_view address);

// The part after the last "@" ("" when there is none).
std::string_view address_domain(std::string_view address);

// "Name <addr>" with the name as atoms, a quoted-string or RFC 2047 words as
// its characters require; just "addr" without a name. The name is made
// single-line first.
std::string format_mailbox(const Mailbox& mailbox);

// The mailboxes joined with ", ".
std::string format_mailbox_list(const std::vector<Mailbox>& mailboxes);

}  // namespace mailsim::client::mime
