#pragma once
// Redirect URI registration and matching (RFC 6749 3.1.2, RFC 8252 7.3).
#include <optional>
#include <string>
#include <string_view>

#include "oauthmock/form_encoding.hpp"

namespace mailsim::oauth {

// An absolute URI with no fragment (RFC 6749 3.1.2); what a client may register.
bool is_registrable_redirect_uri(std::string_view uri);

// Exact string match, except that a registered http loopback URI
// (127.0.0.1, [::1] or localhost) matches the same URI on any port, since
// native apps listen on an ephemeral one (RFC 8252 7.3).
bool redirect_uri_matches(std::string_view registered, std::string_view requested);

// The URI with the parameters added to its query, keeping any query it has
// (RFC 6749 3.1.2).
std::string with_query_params(std::string_view uri, const Params& params);

}  // namespace mailsim::oauth
