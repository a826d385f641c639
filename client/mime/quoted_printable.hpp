#pragma once
// Quoted-printable content transfer encoding (RFC 2045 section 6.7).
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::client::mime {

// Each CRLF in bytes is a hard line break; any other CR or LF byte is
// encoded. "=", bytes outside printable ASCII and whitespace before a line
// break are encoded; lines are kept to 76 characters with soft breaks
// ("=" CRLF). Upper-case hex, as the RFC requires of encoders.
std::string qp_encode(std::string_view bytes);

// Accepts CRLF or bare LF line ends (output uses CRLF), lower-case hex, and
// drops whitespace a transport added at line ends. nullopt for "=" followed
// by anything but two hex digits or a line end.
std::optional<std::string> qp_decode(std::string_view text);

}  // namespace mailsim::client::mime
