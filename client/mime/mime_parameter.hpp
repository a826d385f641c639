#pragma once
// MIME header parameters (RFC 2045 5.1) such as filename=, written with
// RFC 2231 when the value is not short printable ASCII.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::mime {

// The parameter as one or more "attribute=value" pieces, each short enough
// for a folded header line; join them with "; ".
//   short printable ASCII:  name="value"              (quoted-string)
//   otherwise:              name*=utf-8''%E6%96%87.pdf
//   too long for one line:  name*0*=utf-8''...; name*1*=...
// value must be valid UTF-8 (the caller checks).
std::vector<std::string> encode_parameter(std::string_view name, std::string_view value);

}  // namespace mailsim::client::mime
