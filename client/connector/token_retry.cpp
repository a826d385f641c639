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

bool session_token_expired(const Failure& failure) {
  return failure.reason == Reason::connection_lost && failure.server_words.find("AccessTokenExpired") != std::string::npos;
}

std::optional<Failure> run_with_reconnect(const ConnectionConfig& config, Side side, AccessTokenProvider* tokens,
                                          const CredentialedAttempt& attempt, const std::function<void()>& before_retry,
                                          const std::function<void()>& before_reconnect) {
  auto failure = run_with_credentials(config, side, tokens, attempt, before_retry);
  if (!failure || !uses_oauth(config, side) || !session_token_expired(*failure)) return failure;

  auto fresh = resolve_credentials(config, side, tokens, true);
  if (auto* refresh_failure = std::get_if<Failure>(&fresh)) {
    Failure f = *refresh_failure;
    f.server_words = failure->server_words;
    f.detail = "the server ended the session because its access token expired, and " + f.detail;
    return f;
  }
  if (before_reconnect) before_reconnect();
  auto again = attempt(std::get<SideCredentials>(fresh));
  if (again && session_token_expired(*again)) {
    again->reason = Reason::oauth_token_rejected;
    again->detail =
        "the server ended the session for an expired access token again, right after a reconnect with a "
        "refreshed one; not retrying";
    again->hint = "the mail server judges tokens expired that the OAuth server just issued: check that their "
                  "clocks agree and that the token lifetime is not shorter than the clock skew";
  }
  return again;
}

}  // namespace mailsim::client
