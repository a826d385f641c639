#pragma once
// Settings of one authorization server.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "oauthmock/client_config.hpp"

namespace mailsim::oauth {

struct ServerConfig {
  // The "iss" of tokens and metadata, e.g. "http://127.0.0.1:40123"; an
  // OAuthServer front end fills it with its own base URL when left "".
  std::string issuer;
  std::string audience = "mailsim";                       // the "aud" of JWT access tokens
  std::chrono::seconds authorization_code_lifetime{600};  // RFC 6749 4.1.2: at most 10 minutes
  std::vector<ClientConfig> clients;
  // Bounds on what is kept; the oldest are forgotten first.
  std::size_t max_tokens = 100'000;
  std::size_t max_codes = 10'000;
  std::size_t max_recorded_requests = 10'000;
};

}  // namespace mailsim::oauth
