#pragma once
// The authorization request URL (RFC 6749 4.1.1 with PKCE S256, RFC 7636
// 4.3), built from the connection file's oauth2 block.
#include <string>

#include "client/connection/connection_config.hpp"

namespace mailsim::client::oauth {

struct AuthorizationRequest {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;  // S256
};

// authorization_url plus response_type=code, client_id, redirect_uri, scope
// (space separated, case kept; left out when empty), state, code_challenge,
// code_challenge_method=S256, then authorization_parameters in the file's
// order, after any query the URL already has. A parameter of ours named
// again in authorization_parameters is not sent twice: ours win, so a file
// cannot replace the state or the challenge.
std::string build_authorization_url(const OAuth2Settings& settings, const AuthorizationRequest& request);

}  // namespace mailsim::client::oauth
