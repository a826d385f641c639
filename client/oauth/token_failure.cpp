#include "client/oauth/token_failure.hpp"

#include <string>

namespace mailsim::client::oauth {
namespace {

std::string hint_for(const TokenError& e, Reason reason) {
  using Kind = TokenError::Kind;
  if (e.kind == Kind::oauth_error) {
    if (e.error == "invalid_grant") return "generate a new token";
    if (e.error == "invalid_client" || e.error == "unauthorized_client") {
      return "check client_id and client_secret in the oauth2 block";
    }
    if (e.error == "invalid_scope") return "check the scope in the oauth2 block";
  }
  if (e.kind == Kind::transport) {
    if (e.transport == HttpFailure::tls_untrusted) {
      return "the token endpoint's certificate is not trusted: import its CA (tls.ca_file)";
    }
    if (e.transport == HttpFailure::invalid_url) return "check access_token_url in the oauth2 block";
  }
  if (e.retryable()) return "the token endpoint is failing; try again later";
  return std::string(default_hint(reason));
}

}  // namespace

Failure token_failure(const TokenError& error, Reason reason, std::string_view doing, int attempts) {
  Failure f;
  f.reason = reason;
  f.stage = Stage::authenticate;
  f.detail = std::string(doing) + " failed: " + describe(error);
  if (attempts > 1) f.detail += " (after " + std::to_string(attempts) + " attempts)";
  if (error.kind == TokenError::Kind::oauth_error) {
    f.server_words = error.error;
    if (!error.description.empty()) f.server_words += ": " + error.description;
  } else if (error.status != 0) {
    f.server_words = "HTTP " + std::to_string(error.status);
  }
  f.hint = hint_for(error, reason);
  return f;
}

}  // namespace mailsim::client::oauth
