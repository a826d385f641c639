#include "client/oauth/authorization_url.hpp"

#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/http_url.hpp"

namespace mailsim::client::oauth {

std::string build_authorization_url(const OAuth2Settings& settings, const AuthorizationRequest& request) {
  ParameterList params = {{"response_type", "code"},
                          {"client_id", settings.client_id},
                          {"redirect_uri", request.redirect_uri}};
  if (const auto scope = settings.scope_string(); !scope.empty()) params.emplace_back("scope", scope);
  params.emplace_back("state", request.state);
  params.emplace_back("code_challenge", request.code_challenge);
  params.emplace_back("code_challenge_method", "S256");
  append_extra_params(params, settings.authorization_parameters);
  return append_query(settings.authorization_url, serialize_form(params));
}

}  // namespace mailsim::client::oauth
