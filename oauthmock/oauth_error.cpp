#include "oauthmock/oauth_error.hpp"

#include <nlohmann/json.hpp>

namespace mailsim::oauth {

OAuthError::OAuthError(std::string error_code, std::string error_description, int http_status, bool challenge)
    : std::runtime_error(error_code),
      error(std::move(error_code)),
      description(std::move(error_description)),
      status(http_status),
      basic_challenge(challenge) {}

OAuthError invalid_request(std::string description) { return {"invalid_request", std::move(description)}; }
OAuthError invalid_grant(std::string description) { return {"invalid_grant", std::move(description)}; }
OAuthError invalid_scope(std::string description) { return {"invalid_scope", std::move(description)}; }
OAuthError unauthorized_client(std::string description) { return {"unauthorized_client", std::move(description)}; }

void add_no_store_headers(OAuthResponse& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
}

OAuthResponse error_response(const OAuthError& error) {
  OAuthResponse response;
  response.status = error.status;
  nlohmann::json body = {{"error", error.error}};
  if (!error.description.empty()) body["error_description"] = error.description;
  response.body = body.dump();
  add_no_store_headers(response);
  if (error.basic_challenge) {
    response.headers.emplace_back("WWW-Authenticate", std::string("Basic realm=\"") + kBasicRealm + "\"");
  }
  return response;
}

}  // namespace mailsim::oauth
