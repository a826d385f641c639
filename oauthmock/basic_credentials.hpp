#pragma once
// HTTP Basic client authentication at the token endpoint (RFC 6749 2.3.1):
// client id and secret are form-urlencoded first, then joined with ':' and
// base64-encoded (RFC 7617).
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::oauth {

struct BasicCredentials {
  std::string client_id;
  std::string client_secret;
};

// The value of an Authorization header: "Basic" (any case), one or more
// spaces, strict base64 of "id:secret". nullopt when it is not that shape,
// the id is empty, or either part has a bad %-escape.
std::optional<BasicCredentials> parse_basic_authorization(std::string_view header);
bool is_basic_scheme(std::string_view header);

// The header value a client sends for these credentials.
std::string basic_authorization(std::string_view client_id, std::string_view client_secret);

}  // namespace mailsim::oauth
