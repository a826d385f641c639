#pragma once
// Talks to one OAuth client's token endpoint: one HTTP request per call, no
// retries (the token manager decides about those).
#include <memory>
#include <string_view>

#include "client/connection/connection_config.hpp"
#include "client/oauth/http_transport.hpp"
#include "client/oauth/token_endpoint.hpp"
#include "common/clock.hpp"

namespace mailsim::client::oauth {

class TokenClient {
 public:
  TokenClient(OAuth2Settings settings, std::shared_ptr<HttpTransport> http, std::shared_ptr<Clock> clock,
              ClientAuthentication authentication = ClientAuthentication::basic);

  TokenResult exchange_code(std::string_view code, std::string_view redirect_uri, std::string_view code_verifier);
  TokenResult refresh(std::string_view refresh_token);
  TokenResult client_credentials();
  TokenResult request(const Grant& grant);

  const OAuth2Settings& settings() const { return settings_; }
  HttpTransport& http() const { return *http_; }

 private:
  OAuth2Settings settings_;
  std::shared_ptr<HttpTransport> http_;
  std::shared_ptr<Clock> clock_;
  ClientAuthentication authentication_;
};

}  // namespace mailsim::client::oauth
