#pragma once
// RFC 5322 address lists in the shape of IMAP ENVELOPE addresses (RFC 3501
// section 7.4.2): a group is a start marker (mailbox = group name, host NIL),
// its members, then an end marker (mailbox and host NIL). Parsed like
// Dovecot's message-address.c: junk gives MISSING_MAILBOX / MISSING_DOMAIN
// or SYNTAX_ERROR placeholders rather than a failure. Values stay raw
// (encoded-words undecoded), as IMAP requires.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::mime {

struct Address {
  std::optional<std::string> name;     // display name (or comment); nullopt = NIL
  std::optional<std::string> route;    // obsolete source route "@a,@b"
  std::optional<std::string> mailbox;  // local part, or group name at a group start
  std::optional<std::string> host;     // domain; nullopt marks a group start/end

  bool is_group_start() const { return !host && mailbox.has_value(); }
  bool is_group_end() const { return !host && !mailbox; }
  std::string addr_spec() const;  // "mailbox@host" (empty for group markers)
  friend bool operator==(const Address&, const Address&) = default;
};

std::vector<Address> parse_address_list(std::string_view value, std::size_t max_addresses = 10'000);

}  // namespace mailsim::mime
