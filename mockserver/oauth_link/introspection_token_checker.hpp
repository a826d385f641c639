#pragma once
// A TokenChecker for mail mocks that run apart from the OAuth mock: each
// token is looked up at an RFC 7662 introspection endpoint over HTTP or
// HTTPS, the mail mock authenticating as a client (HTTP Basic, RFC 7662
// 2.1). The token goes only into the request body; errors never show it.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"

namespace mailsim::mock {

struct IntrospectionOptions {
  std::string url;  // e.g. "https://127.0.0.1:40123/introspect"
  std::string client_id;
  std::string client_secret;
  // HTTPS trust besides the system CAs: a PEM file, or the PEM text itself.
  std::string ca_file;
  std::string ca_pem;
  std::chrono::milliseconds timeout{5000};      // connect, and each read or write
  std::size_t max_response_bytes = 64 * 1024;   // larger answers refuse the token
  OAuthLinkOptions link;                        // required scope, discovery URL
  std::shared_ptr<const Clock> clock;           // judges "exp"; system_clock() when null
  // Told why a lookup failed (unreachable, TLS, status, bad body), never
  // with the token; the token is then refused.
  std::function<void(std::string_view)> on_error;
};

// Throws std::invalid_argument for a URL that is not http(s)://host[:port]/path
// or a CA file that cannot be read.
TokenChecker make_introspection_token_checker(IntrospectionOptions options);

}  // namespace mailsim::mock
