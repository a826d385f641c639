#pragma once
// Mailbox names on the wire use modified UTF-7 (RFC 3501 section 5.1.3):
// "Entwürfe" is sent as "Entw&APw-rfe". Callers use UTF-8; the client
// converts at the protocol boundary.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::client::imap {

// nullopt when utf8 is not valid UTF-8.
std::optional<std::string> encode_mailbox_name(std::string_view utf8);
// nullopt when the name is not valid modified UTF-7.
std::optional<std::string> decode_mailbox_name(std::string_view wire);

}  // namespace mailsim::client::imap
