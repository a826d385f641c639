#include "common/sasl/oauth_server.hpp"

namespace mailsim::sasl {

ServerStep OAuthServerBase::receive(std::string_view message) {
  if (rejected_user_) return failure(Failure::token_rejected, *rejected_user_);
  auto claim = parse(message);
  if (!claim) return failure(Failure::malformed);
  const TokenVerdict verdict = verifier_.check_token(claim->user, claim->token);
  // An empty token is a request for the scope, never a login.
  if (verdict.valid && !claim->token.empty()) return success(std::move(claim->user));
  rejected_user_ = std::move(claim->user);
  ServerStep s = challenge(error_json(verdict), true);
  s.user = *rejected_user_;
  return s;
}

}  // namespace mailsim::sasl
