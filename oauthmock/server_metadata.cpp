// The discovery document (RFC 8414 2, also served as OpenID configuration).
#include <set>

#include "oauthmock/authorization_server.hpp"

namespace mailsim::oauth {

nlohmann::json AuthorizationServer::metadata_document() const {
  const auto& issuer = config_.issuer;
  std::set<std::string> scopes;
  for (const auto& client : clients_) scopes.insert(client.allowed_scopes.begin(), client.allowed_scopes.end());
  const auto auth_methods = nlohmann::json::array({"client_secret_basic", "client_secret_post", "none"});
  return {
      {"issuer", issuer},
      {"authorization_endpoint", issuer + "/authorize"},
      {"token_endpoint", issuer + "/token"},
      {"introspection_endpoint", issuer + "/introspect"},
      {"revocation_endpoint", issuer + "/revoke"},
      {"jwks_uri", issuer + "/jwks"},
      {"scopes_supported", scopes},
      {"response_types_supported", nlohmann::json::array({"code"})},
      {"response_modes_supported", nlohmann::json::array({"query"})},
      {"grant_types_supported",
       nlohmann::json::array({kAuthorizationCodeGrant, kRefreshTokenGrant, kClientCredentialsGrant})},
      {"token_endpoint_auth_methods_supported", auth_methods},
      {"revocation_endpoint_auth_methods_supported", auth_methods},
      {"introspection_endpoint_auth_methods_supported",
       nlohmann::json::array({"client_secret_basic", "client_secret_post"})},
      {"code_challenge_methods_supported", nlohmann::json::array({"S256", "plain"})},
      {"authorization_response_iss_parameter_supported", true},
      // Required members of an OpenID Provider configuration.
      {"subject_types_supported", nlohmann::json::array({"public"})},
      {"id_token_signing_alg_values_supported", nlohmann::json::array({"RS256"})},
  };
}

}  // namespace mailsim::oauth
