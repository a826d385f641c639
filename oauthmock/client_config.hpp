#pragma once
// One registered OAuth client and what the server lets it do.
#include <chrono>
#include <string>
#include <vector>

#include "oauthmock/jws_algorithm.hpp"

namespace mailsim::oauth {

enum class TokenFormat {
  jwt,     // a JWT signed with jwt_algorithm, verifiable with the JWKS
  opaque,  // base64url of 32 random bytes
};

inline constexpr const char* kAuthorizationCodeGrant = "authorization_code";
inline constexpr const char* kRefreshTokenGrant = "refresh_token";
inline constexpr const char* kClientCredentialsGrant = "client_credentials";

struct ClientConfig {
  std::string id;
  // "" makes a public client: it authenticates with its client_id alone and
  // may not use client_credentials.
  std::string secret;
  std::vector<std::string> redirect_uris;
  // Scope tokens the client may ask for; empty allows any.
  std::vector<std::string> allowed_scopes;
  // Granted when a request names no scope.
  std::string default_scope;
  std::vector<std::string> grant_types = {kAuthorizationCodeGrant, kRefreshTokenGrant, kClientCredentialsGrant};

  std::chrono::seconds access_token_lifetime{3600};
  std::chrono::seconds refresh_token_lifetime{30 * 24 * 3600};  // 0: never expires
  // Each refresh returns a new refresh token and retires the one presented.
  bool rotate_refresh_tokens = true;
  // Presenting a retired refresh token revokes the whole grant, as RFC 9700
  // 4.14.2 recommends: one of the two holders is an attacker.
  bool reuse_revokes_grant = true;
  // How long a retired refresh token is still accepted while the one issued
  // in its place is unused, so a client that lost the answer (it crashed, the
  // connection dropped) can retry. Each use retires the unused successor; only
  // the newest pair stays valid. 0 (as AWS Cognito and Curity default to) is
  // strict single use; Okta defaults to 30 s, Cognito allows up to 60 s.
  std::chrono::seconds refresh_reuse_grace{0};
  // A refresh token only when the granted scope includes offline_access.
  bool refresh_requires_offline_access = false;
  bool require_pkce = false;
  TokenFormat token_format = TokenFormat::jwt;
  JwsAlgorithm jwt_algorithm = JwsAlgorithm::rs256;

  // The resource owner of authorization code grants when the request has no
  // login_hint; a login_hint must name one of `users` (any when empty).
  std::string default_user = "user@example.com";
  std::vector<std::string> users;
};

}  // namespace mailsim::oauth
