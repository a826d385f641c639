#include "client/connector/token_retry.hpp"

#include <string>
#include <variant>

namespace mailsim::client {

std::optional<Failure> run_with_credentials(const ConnectionConfig& config, Side side, AccessTokenProvider* tokens,
                                            const CredentialedAttempt& attempt,
                                            const std::function<void()>& before_retry) {
  auto first = resolve_credentials(config, side, tokens, false);
  if (auto* failure = std::get_if<Failure>(&first)) return *failure;
  const auto& credentials = std::get<SideCredentials>(first);
  auto failure = attempt(credentials);
  if (!failure || !credentials.oauth || failure->reason != Reason::oauth_token_rejected ||
      failure->stage != Stage::authenticate)
    return failure;

  auto fresh = resolve_credentials(config, side, tokens, true);
  if (auto* refresh_failure = std::get_if<Failure>(&fresh)) {
    Failure f = *refresh_failure;
    f.server_words = failure->server_words;
    f.sasl_error = failure->sasl_error;
    f.detail = "the server rejected the access token and " + f.detail;
    return f;
  }
  if (before_retry) before_retry();
  return attempt(std::get<SideCredentials>(fresh));
}

}  // namespace mailsim::client
