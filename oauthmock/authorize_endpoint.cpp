// The authorization endpoint (RFC 6749 4.1.1-4.1.2, PKCE RFC 7636 4.3).
// Consent is automatic unless scripted. Errors about the client or the
// redirect URI are answered directly (400), never redirected, so an
// attacker cannot bounce users to an unregistered URI (RFC 6749 4.1.2.1).
#include <algorithm>

#include "oauthmock/authorization_server.hpp"
#include "oauthmock/random_token.hpp"
#include "oauthmock/redirect_uri.hpp"

namespace mailsim::oauth {
namespace {

std::size_t count_values(const Params& params, std::string_view name) {
  return static_cast<std::size_t>(
      std::count_if(params.begin(), params.end(), [&](const auto& p) { return p.first == name && !p.second.empty(); }));
}

OAuthError scripted_error(AuthorizeOutcome outcome) {
  switch (outcome) {
    case AuthorizeOutcome::access_denied:
      return {"access_denied", "the resource owner denied the request"};
    case AuthorizeOutcome::consent_required:
      return {"consent_required", "the resource owner has not consented"};
    case AuthorizeOutcome::invalid_scope:
      return invalid_scope("the requested scope was refused");
    case AuthorizeOutcome::consent:
      break;
  }
  return {"server_error", "unexpected scripted outcome"};
}

}  // namespace

OAuthResponse AuthorizationServer::redirect_error(const Redirect& to, const OAuthError& error,
                                                  std::chrono::milliseconds delay) const {
  Params params = {{"error", error.error}, {"error_description", error.description}};
  if (to.state) params.emplace_back("state", *to.state);
  params.emplace_back("iss", config_.issuer);
  OAuthResponse response;
  response.status = 302;
  response.content_type.clear();
  response.headers.emplace_back("Location", with_query_params(to.uri, params));
  response.delay = delay;
  return response;
}

OAuthResponse AuthorizationServer::authorize_locked(const OAuthRequest& request, RecordedRequest& record) {
  const auto& params = request.params;

  // Who is asking and where to answer: problems here are not redirected.
  if (count_values(params, "client_id") > 1) throw invalid_request("client_id repeated");
  const auto client_id = param(params, "client_id");
  if (!client_id) throw invalid_request("client_id missing");
  const ClientConfig* client = find_client(*client_id);
  if (!client) throw invalid_request("unknown client");
  if (count_values(params, "redirect_uri") > 1) throw invalid_request("redirect_uri repeated");
  const auto redirect_uri = param(params, "redirect_uri");
  Redirect to;
  if (redirect_uri) {
    const auto& uris = client->redirect_uris;
    if (std::none_of(uris.begin(), uris.end(), [&](const auto& r) { return redirect_uri_matches(r, *redirect_uri); })) {
      throw invalid_request("redirect_uri not registered for this client");
    }
    to.uri = std::string(*redirect_uri);
  } else if (client->redirect_uris.size() == 1) {
    to.uri = client->redirect_uris.front();
  } else {
    throw invalid_request("redirect_uri missing");
  }
  if (const auto state = param(params, "state")) to.state = std::string(*state);

  // From here on errors go back to the client through the redirect.
  const auto fail = [&](const OAuthError& error) {
    record.error = error.error;
    return redirect_error(to, error, std::chrono::milliseconds(0));
  };
  if (repeated_param(params)) return fail(invalid_request("a parameter is repeated"));
  const auto response_type = param(params, "response_type");
  if (!response_type) return fail(invalid_request("response_type missing"));
  if (*response_type != "code") return fail({"unsupported_response_type", "only response_type=code is supported"});
  const auto& grants = client->grant_types;
  if (std::find(grants.begin(), grants.end(), kAuthorizationCodeGrant) == grants.end()) {
    return fail(unauthorized_client("client may not use the authorization code grant"));
  }
  Scopes scope;
  try {
    scope = requested_scope(param(params, "scope"), *client);
  } catch (const OAuthError& e) {
    return fail(e);
  }

  const auto challenge = param(params, "code_challenge");
  const auto method_name = param(params, "code_challenge_method");
  std::optional<PkceMethod> method;
  if (challenge) {
    // RFC 7636 4.3: without a method the challenge is "plain".
    method = parse_pkce_method(method_name.value_or("plain"));
    if (!method) return fail(invalid_request("code_challenge_method not supported"));
    if (!is_pkce_value(*challenge)) return fail(invalid_request("code_challenge malformed"));
  } else if (method_name) {
    return fail(invalid_request("code_challenge_method without code_challenge"));
  } else if (client->require_pkce) {
    return fail(invalid_request("code_challenge required"));
  }

  std::string subject = client->default_user;
  if (const auto hint = param(params, "login_hint")) {
    const auto& users = client->users;
    if (!users.empty() && std::find(users.begin(), users.end(), *hint) == users.end()) {
      return fail({"access_denied", "unknown user"});
    }
    subject = std::string(*hint);
  }

  const auto script = authorize_scripts_.take(client->id);
  const auto delay = script ? script->delay : std::chrono::milliseconds(0);
  if (script && script->outcome != AuthorizeOutcome::consent) {
    const auto error = scripted_error(script->outcome);
    record.error = error.error;
    return redirect_error(to, error, delay);
  }

  AuthorizationCode code;
  code.client_id = client->id;
  code.subject = std::move(subject);
  code.scope = join_scope(scope);
  code.redirect_uri = to.uri;
  code.redirect_uri_given = redirect_uri.has_value();
  code.pkce_method = method;
  if (challenge) code.code_challenge = std::string(*challenge);
  code.grant = next_grant_++;
  code.expires_at = clock_->now() + config_.authorization_code_lifetime;
  const auto value = random_token();
  codes_.insert(value, std::move(code));

  Params result = {{"code", value}};
  if (to.state) result.emplace_back("state", *to.state);
  // RFC 9207: lets the client check which server answered.
  result.emplace_back("iss", config_.issuer);
  OAuthResponse response;
  response.status = 302;
  response.content_type.clear();
  response.headers.emplace_back("Location", with_query_params(to.uri, result));
  response.delay = delay;
  return response;
}

}  // namespace mailsim::oauth
