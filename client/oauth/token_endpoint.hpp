#pragma once
// The token endpoint without I/O (RFC 6749 sections 2.3.1, 4.1.3, 4.4, 5, 6):
// the request for a grant, and the reading of the answer into a TokenSet or
// an error that says whether trying again could help.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "client/connection/connection_config.hpp"
#include "client/oauth/http_transport.hpp"
#include "client/oauth/token_set.hpp"
#include "common/clock.hpp"

namespace mailsim::client::oauth {

// How a confidential client proves itself. A public client (no secret)
// sends its client_id in the form either way.
enum class ClientAuthentication {
  basic,  // client_secret_basic: HTTP Basic of the form-encoded id and secret
  form,   // client_secret_post: client_id and client_secret in the body
};

struct AuthorizationCodeGrant {
  std::string code;
  std::string redirect_uri;
  std::string code_verifier;  // PKCE (RFC 7636 4.5)
};
struct RefreshTokenGrant {
  std::string refresh_token;
};
struct ClientCredentialsGrant {};
using Grant = std::variant<AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant>;

// The POST for a grant. access_token_parameters follow the grant's own
// parameters in the file's order; one that names a parameter already set
// (grant_type, code, client_id, ...) is not sent twice. client_credentials
// asks for the configured scope; the other grants keep the granted one.
HttpRequest make_token_request(const OAuth2Settings& settings, ClientAuthentication authentication,
                               const Grant& grant);

struct TokenError {
  enum class Kind {
    oauth_error,  // an RFC 6749 5.2 error object
    http_status,  // an HTTP error without one (a proxy, an overloaded server)
    malformed,    // a 200 that is not a usable token response
    transport,    // no answer: connect, TLS, timeout, connection lost
  };
  Kind kind = Kind::transport;
  std::string error;        // oauth_error: the code, e.g. "invalid_grant"
  std::string description;  // error_description, bounded and printable
  std::string uri;          // error_uri
  int status = 0;           // the HTTP status; 0 without an answer
  HttpFailure transport = HttpFailure::none;
  std::string detail;  // our explanation

  // Worth another try after a pause: no answer (but not a TLS or URL
  // problem), 408, 429, 5xx, or the codes server_error and
  // temporarily_unavailable.
  bool retryable() const;
};
// "invalid_grant: Token has been expired or revoked. (HTTP 400)"
std::string describe(const TokenError& error);

struct TokenResult {
  std::optional<TokenSet> tokens;
  std::optional<TokenError> error;  // set exactly when tokens is not

  bool ok() const { return tokens.has_value(); }
};

// Reads a token endpoint answer. sent_at: when the request went out
// (expires_at counts from it, to err early). fallback_scope: the scope to
// record when the response names none (RFC 6749 5.1: then it is the one
// requested).
TokenResult parse_token_response(const HttpResponse& response, Clock::time_point sent_at,
                                 std::string_view fallback_scope);

// A transport failure as a TokenError.
TokenError transport_error(const HttpResult& result);

}  // namespace mailsim::client::oauth
