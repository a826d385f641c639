#pragma once
// Strict base64 (RFC 4648 section 4) for SASL payloads and MIME.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim {

std::string base64_encode(std::string_view bytes);
// nullopt on any character outside the alphabet, bad padding or bad length.
// Whitespace is not skipped: SASL payloads never contain it.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mailsim
