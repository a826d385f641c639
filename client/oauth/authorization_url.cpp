#include "client/oauth/authorization_url.hpp"

#include <algorithm>

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
  const std::size_t own = params.size();
  for (const auto& [name, value] : settings.authorization_parameters) {
    const auto end = params.begin() + static_cast<std::ptrdiff_t>(own);
    if (std::none_of(params.begin(), end, [&](const auto& p) { return p.first == name; })) {
      params.emplace_back(name, value);
    }
  }
  return append_query(settings.authorization_url, serialize_form(params));
}

}  // namespace mailsim::client::oauth
