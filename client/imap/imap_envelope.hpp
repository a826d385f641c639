#pragma once
// The ENVELOPE fetch item (RFC 3501 section 7.4.2) as typed values. NIL and
// "" stay distinct (std::nullopt vs empty) so answers of two servers can be
// compared structure by structure. Header texts are kept as sent (RFC 2047
// encoded words are not decoded here).
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mailsim::client::imap {

struct Address {
  std::optional<std::string> name;     // display name
  std::optional<std::string> route;    // obsolete source route (adl)
  std::optional<std::string> mailbox;  // local part
  std::optional<std::string> host;     // domain

  // "mailbox@host", or only the parts that are present.
  std::string email() const;
  bool operator==(const Address&) const = default;
};

// RFC 2822 group syntax ("undisclosed-recipients:;"), which IMAP sends as a
// start marker, the members, and an end marker.
struct AddressGroup {
  std::string name;
  std::vector<Address> members;
  bool operator==(const AddressGroup&) const = default;
};

using AddressEntry = std::variant<Address, AddressGroup>;
using AddressList = std::vector<AddressEntry>;  // NIL is an empty list

struct Envelope {
  std::optional<std::string> date;
  std::optional<std::string> subject;
  AddressList from;
  AddressList sender;
  AddressList reply_to;
  AddressList to;
  AddressList cc;
  AddressList bcc;
  std::optional<std::string> in_reply_to;
  std::optional<std::string> message_id;

  bool operator==(const Envelope&) const = default;
};

// Every mailbox of the list, group members included, in order.
std::vector<Address> flatten(const AddressList& list);

}  // namespace mailsim::client::imap
