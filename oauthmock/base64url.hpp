#pragma once
// base64url without padding (RFC 4648 section 5, as JOSE and PKCE use it).
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::oauth {

std::string base64url_encode(std::string_view bytes);
// nullopt on '=', '+', '/', any other character outside the alphabet, an
// impossible length or non-zero bits after the last full byte.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace mailsim::oauth
