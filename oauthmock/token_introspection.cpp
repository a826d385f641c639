// Token introspection (RFC 7662) and revocation (RFC 7009).
#include "oauthmock/authorization_server.hpp"

namespace mailsim::oauth {
OAuthResponse AuthorizationServer::introspect_locked(const OAuthRequest& request) {
  if (repeated_param(request.params)) throw invalid_request("a parameter is repeated");
  // RFC 7662 2.1: only authenticated callers (the protected resources) may ask.
  authenticate_client(request, false);
  const auto value = param(request.params, "token");
  if (!value) throw invalid_request("token missing");

  const IssuedToken* token = find_token(*value);
  nlohmann::json body;
  // RFC 7662 2.2: anything not currently usable is just inactive, no reason given.
  if (!token || token->revoked || token->rotated || token->expired_at(clock_->now())) {
    body = {{"active", false}};
  } else {
    body = {
        {"active", true},
        {"scope", token->scope},
        {"client_id", token->client_id},
        {"username", token->subject},
        {"sub", token->subject},
        {"iat", epoch_seconds(token->issued_at)},
        {"iss", config_.issuer},
        {"jti", token->id},
        {"token_type", token->kind == TokenKind::access ? "Bearer" : "refresh_token"},
    };
    if (token->expires_at) body["exp"] = epoch_seconds(*token->expires_at);
    if (token->kind == TokenKind::access) body["aud"] = config_.audience;
  }
  OAuthResponse response;
  response.body = body.dump();
  add_no_store_headers(response);
  return response;
}

OAuthResponse AuthorizationServer::revoke_locked(const OAuthRequest& request) {
  if (repeated_param(request.params)) throw invalid_request("a parameter is repeated");
  // RFC 7009 2.1: public clients revoke their tokens too, by client_id.
  const ClientConfig& client = authenticate_client(request, true);
  const auto value = param(request.params, "token");
  if (!value) throw invalid_request("token missing");

  // token_type_hint only speeds up a lookup; a single table needs none.
  if (IssuedToken* token = find_token(*value)) {
    if (token->client_id != client.id) throw invalid_request("token was issued to another client");
    if (token->kind == TokenKind::refresh) {
      // RFC 7009 2.1: the access tokens of the same grant go too.
      revoke_grant(token->grant);
    } else {
      token->revoked = true;
    }
  }
  // RFC 7009 2.2: 200 for unknown and already invalid tokens alike.
  OAuthResponse response;
  response.content_type.clear();
  add_no_store_headers(response);
  return response;
}

}  // namespace mailsim::oauth
