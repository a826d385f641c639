#pragma once
// A parsed HTTP request to an endpoint and the answer to send, so the OAuth
// logic runs without HTTP; the cpp-httplib front end only converts.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oauthmock/form_encoding.hpp"

namespace mailsim::oauth {

enum class Endpoint { authorize, token, introspect, revoke, metadata, jwks };
std::string_view to_string(Endpoint endpoint);

struct OAuthRequest {
  Params params;                             // the decoded query (GET) or form body (POST)
  std::optional<std::string> authorization;  // the Authorization header value
};

struct OAuthResponse {
  int status = 200;
  std::string content_type = "application/json";  // "" when there is no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Location, WWW-Authenticate, Cache-Control...
  // The front end waits this long before answering (a scripted slow server).
  std::chrono::milliseconds delay{0};

  // The value of a header (first match, exact name), or "".
  std::string_view header(std::string_view name) const;
};

}  // namespace mailsim::oauth
