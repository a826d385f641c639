#include "oauthmock/oauth_exchange.hpp"

namespace mailsim::oauth {

std::string_view to_string(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::authorize:
      return "authorize";
    case Endpoint::token:
      return "token";
    case Endpoint::introspect:
      return "introspect";
    case Endpoint::revoke:
      return "revoke";
    case Endpoint::metadata:
      return "metadata";
    case Endpoint::jwks:
      return "jwks";
  }
  return "unknown";
}

std::string_view OAuthResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return {};
}

}  // namespace mailsim::oauth
