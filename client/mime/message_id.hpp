#pragma once
// Message-ID (RFC 5322 3.6.4): "<unique@domain>", the domain taken from the
// From address so the id is unique across senders.
#include <string>
#include <string_view>

namespace mailsim::client::mime {

// True for 1..48 characters of letters, digits, "-", "_" and single inner
// dots: safe as a Message-ID left part and inside a MIME boundary.
bool is_valid_unique_id(std::string_view unique);

// Throws std::invalid_argument when unique is not valid. A domain that is
// not plain ASCII dot-atom (an address literal, an internationalized name)
// is replaced by "localhost", which every reader accepts.
std::string make_message_id(std::string_view unique, std::string_view from_address);

// 32 lower-case hex digits from OpenSSL's random generator.
std::string random_unique_id();

}  // namespace mailsim::client::mime
