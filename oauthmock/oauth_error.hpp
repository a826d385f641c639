#pragma once
// Error responses of RFC 6749 5.2 (token endpoint and friends) and 4.1.2.1
// (authorization redirects).
#include <stdexcept>
#include <string>

#include "oauthmock/oauth_exchange.hpp"

namespace mailsim::oauth {

// Thrown inside the server core and turned into a response at the endpoint;
// it never leaves AuthorizationServer.
struct OAuthError : std::runtime_error {
  // description: printable ASCII without '"' or '\' (RFC 6749 5.2), and never
  // a secret or an echo of the request.
  OAuthError(std::string error, std::string description, int status = 400, bool basic_challenge = false);
  std::string error;
  std::string description;
  int status;
  // 401 with WWW-Authenticate: Basic, for invalid_client (RFC 6749 5.2).
  bool basic_challenge;
};

OAuthError invalid_request(std::string description);
OAuthError invalid_grant(std::string description);
OAuthError invalid_scope(std::string description);
OAuthError unauthorized_client(std::string description);

inline constexpr const char* kBasicRealm = "mailsim";

// {"error":...,"error_description":...} with the status, no-store headers and,
// when asked, the WWW-Authenticate challenge.
OAuthResponse error_response(const OAuthError& error);

// Cache-Control: no-store and Pragma: no-cache (RFC 6749 5.1).
void add_no_store_headers(OAuthResponse& response);

}  // namespace mailsim::oauth
