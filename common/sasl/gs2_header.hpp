#pragma once
// The GS2 header that opens an OAUTHBEARER message (RFC 5801 section 4):
//   gs2-header = [ "F" "," ] gs2-cb-flag "," [ "a=" saslname ] ","
// In a saslname "," is written "=2C" and "=" is written "=3D".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::sasl {

std::string encode_saslname(std::string_view name);
// nullopt for "=" not followed by "2C"/"3D", a bare ",", NUL or invalid UTF-8.
std::optional<std::string> decode_saslname(std::string_view text);

struct Gs2Header {
  std::optional<std::string> authzid;  // decoded; nullopt when "a=" is absent
  std::size_t length = 0;              // bytes of the header, final "," included
};

// Parses the header at the start of message. Channel binding ("p=") is
// refused (nullopt): no mechanism here carries binding data.
std::optional<Gs2Header> parse_gs2_header(std::string_view message);

}  // namespace mailsim::sasl
