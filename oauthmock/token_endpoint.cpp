// The token endpoint (RFC 6749 3.2, 4.1.3, 4.4, 6; PKCE RFC 7636 4.5-4.6)
// and its scripted failures.
#include <algorithm>

#include "oauthmock/authorization_server.hpp"

namespace mailsim::oauth {
namespace {

// A body cut short in the middle of a number, as a dropped proxy connection
// leaves it.
constexpr std::string_view kMalformedJson = R"({"access_token":"mock","token_type":"Bearer","expires_in":36)";

bool known_grant(std::string_view grant) {
  return grant == kAuthorizationCodeGrant || grant == kRefreshTokenGrant || grant == kClientCredentialsGrant;
}

}  // namespace

OAuthResponse AuthorizationServer::token_locked(const OAuthRequest& request, RecordedRequest& record,
                                               std::optional<UnsignedJwt>& jwt) {
  const auto fault = token_faults_.take(record.client_id);
  OAuthResponse response;
  if (fault && fault->kind != TokenFault::Kind::slow) {
    response = scripted_failure(*fault, record);
    if (fault->kind == TokenFault::Kind::oauth_error) record.error = fault->error;
  } else {
    try {
      response = token_grant(request, jwt);
    } catch (const OAuthError& e) {
      record.error = e.error;
      response = error_response(e);
    }
  }
  if (fault) response.delay = fault->delay;
  return response;
}

OAuthResponse AuthorizationServer::scripted_failure(const TokenFault& fault, const RecordedRequest& record) {
  if (fault.kind == TokenFault::Kind::oauth_error) {
    // invalid_client answers a Basic (or missing) authentication with 401.
    const bool challenge = fault.error == "invalid_client" && fault.status == 0 &&
                           (record.client_auth == "client_secret_basic" || record.client_auth.empty());
    const int status = fault.status != 0 ? fault.status : challenge ? 401 : 400;
    return error_response(OAuthError(fault.error, fault.description, status, challenge));
  }
  OAuthResponse response;
  if (fault.kind == TokenFault::Kind::http_status) {
    response.status = fault.status != 0 ? fault.status : 503;
    response.content_type = "text/plain";
    response.body = "scripted HTTP " + std::to_string(response.status) + "\n";
  } else {
    response.body = std::string(kMalformedJson);
  }
  add_no_store_headers(response);
  return response;
}

OAuthResponse AuthorizationServer::token_grant(const OAuthRequest& request, std::optional<UnsignedJwt>& jwt) {
  // RFC 6749 3.2: parameters must not repeat.
  if (repeated_param(request.params)) throw invalid_request("a parameter is repeated");
  const ClientConfig& client = authenticate_client(request, true);
  const auto grant_type = param(request.params, "grant_type");
  if (!grant_type) throw invalid_request("grant_type missing");
  if (!known_grant(*grant_type)) throw OAuthError("unsupported_grant_type", "grant_type not supported");
  const auto& grants = client.grant_types;
  if (std::find(grants.begin(), grants.end(), *grant_type) == grants.end()) {
    throw unauthorized_client("client may not use this grant type");
  }
  nlohmann::json body;
  if (*grant_type == kAuthorizationCodeGrant) {
    body = grant_authorization_code(request, client, jwt);
  } else if (*grant_type == kRefreshTokenGrant) {
    body = grant_refresh_token(request, client, jwt);
  } else {
    body = grant_client_credentials(request, client, jwt);
  }
  OAuthResponse response;
  response.body = body.dump();
  add_no_store_headers(response);
  return response;
}

nlohmann::json AuthorizationServer::grant_authorization_code(const OAuthRequest& request, const ClientConfig& client,
                                                             std::optional<UnsignedJwt>& jwt) {
  const auto& params = request.params;
  const auto value = param(params, "code");
  if (!value) throw invalid_request("code missing");
  AuthorizationCode* code = codes_.find(*value);
  if (!code) throw invalid_grant("unknown authorization code");
  if (code->client_id != client.id) throw invalid_grant("authorization code was issued to another client");
  if (code->used) {
    // RFC 6749 4.1.2: a replayed code revokes what it gave.
    revoke_grant(code->grant);
    throw invalid_grant("authorization code already used");
  }
  if (clock_->now() >= code->expires_at) throw invalid_grant("authorization code expired");

  const auto redirect_uri = param(params, "redirect_uri");
  if (code->redirect_uri_given && !redirect_uri) throw invalid_grant("redirect_uri missing");
  if (redirect_uri && *redirect_uri != code->redirect_uri) throw invalid_grant("redirect_uri does not match");

  const auto verifier = param(params, "code_verifier");
  if (code->pkce_method) {
    if (!verifier) throw invalid_grant("code_verifier missing");
    if (!is_pkce_value(*verifier)) throw invalid_request("code_verifier malformed");
    if (!pkce_verifies(*code->pkce_method, code->code_challenge, *verifier)) {
      throw invalid_grant("code_verifier does not match the code_challenge");
    }
  } else if (verifier) {
    // RFC 9700 2.1.1: a verifier without a challenge is a PKCE downgrade.
    throw invalid_grant("code_verifier sent but the authorization request had no code_challenge");
  }

  code->used = true;
  const IssuedToken& access = issue_access_token(client, code->subject, code->scope, code->grant, jwt);
  const IssuedToken* refresh = nullptr;
  if (gets_refresh_token(client, *parse_scope(code->scope))) {
    refresh = &issue_refresh_token(client, code->subject, code->scope, code->grant);
  }
  return token_response(client, access, refresh);
}

nlohmann::json AuthorizationServer::grant_refresh_token(const OAuthRequest& request, const ClientConfig& client,
                                                        std::optional<UnsignedJwt>& jwt) {
  const auto value = param(request.params, "refresh_token");
  if (!value) throw invalid_request("refresh_token missing");
  IssuedToken* old = find_token(*value);
  if (!old || old->kind != TokenKind::refresh) throw invalid_grant("unknown refresh token");
  if (old->client_id != client.id) throw invalid_grant("refresh token was issued to another client");
  if (old->revoked) throw invalid_grant("refresh token revoked");
  IssuedToken* successor = nullptr;  // retired once the request is known to succeed
  if (old->rotated) {
    successor = find_token(old->successor);
    const bool in_grace = clock_->now() < old->rotated_at + client.refresh_reuse_grace && successor &&
                          !successor->rotated && !successor->revoked;
    if (!in_grace) {
      if (client.reuse_revokes_grant) revoke_grant(old->grant);
      throw invalid_grant("refresh token already used");
    }
  }
  if (old->expired_at(clock_->now())) throw invalid_grant("refresh token expired");

  // RFC 6749 6: a narrower scope for the new access token; the grant keeps its own.
  const auto granted = *parse_scope(old->scope);
  Scopes scope = granted;
  if (const auto requested = param(request.params, "scope")) {
    const auto parsed = parse_scope(*requested);
    if (!parsed) throw invalid_scope("scope is malformed");
    if (!includes_all(granted, *parsed)) throw invalid_scope("scope exceeds the original grant");
    scope = *parsed;
  }

  // Copies: issuing may evict old entries and invalidate `old`.
  const std::string subject = old->subject;
  const std::string grant_scope = old->scope;
  const auto grant = old->grant;
  // Never delivered, or the client would have used it rather than its predecessor.
  if (successor) successor->revoked = true;
  if (client.rotate_refresh_tokens && !old->rotated) {
    old->rotated = true;
    old->rotated_at = clock_->now();
  }
  const IssuedToken& access = issue_access_token(client, subject, join_scope(scope), grant, jwt);
  const IssuedToken* refresh = nullptr;
  if (client.rotate_refresh_tokens) {
    refresh = &issue_refresh_token(client, subject, grant_scope, grant);
    if (IssuedToken* presented = find_token(*value)) presented->successor = refresh->value;
  }
  return token_response(client, access, refresh);
}

nlohmann::json AuthorizationServer::grant_client_credentials(const OAuthRequest& request, const ClientConfig& client,
                                                             std::optional<UnsignedJwt>& jwt) {
  // RFC 6749 4.4: for confidential clients only, and no refresh token (4.4.3).
  if (client.secret.empty()) throw unauthorized_client("public clients cannot use client_credentials");
  const auto scope = join_scope(requested_scope(param(request.params, "scope"), client));
  const IssuedToken& access = issue_access_token(client, client.id, scope, next_grant_++, jwt);
  return token_response(client, access, nullptr);
}

}  // namespace mailsim::oauth
