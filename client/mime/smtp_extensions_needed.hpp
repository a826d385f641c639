#pragma once
// Which SMTP extensions a message needs before it may be sent as it is.
#include <span>
#include <string>
#include <string_view>

namespace mailsim::client::mime {

// 8BITMIME (RFC 6152): a byte above 127 in the body (after the first empty
// line). The builder's own messages never need it: their bodies are 7bit,
// quoted-printable or base64.
bool needs_8bitmime(std::string_view message);

// SMTPUTF8 (RFC 6531): a non-ASCII envelope address, or raw UTF-8 in the
// header section (RFC 6532), such as an internationalized address in To.
bool needs_smtputf8(std::string_view reverse_path, std::span<const std::string> recipients, std::string_view message);

}  // namespace mailsim::client::mime
