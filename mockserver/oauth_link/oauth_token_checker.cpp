#include "mockserver/oauth_link/oauth_token_checker.hpp"

#include <stdexcept>

namespace mailsim::mock {

sasl::TokenVerdict to_token_verdict(const oauth::TokenCheck& check, const OAuthLinkOptions& options) {
  sasl::TokenVerdict verdict;
  verdict.valid = check.valid();
  if (verdict.valid) return verdict;
  // RFC 6750 3.1: a token the server does not accept (expired, revoked,
  // unknown, or not this user's) is invalid_token; one that lacks a scope
  // is insufficient_scope. Both name the scope that would do.
  verdict.status = check.status == oauth::TokenStatus::insufficient_scope ? "insufficient_scope" : "invalid_token";
  verdict.scope = options.required_scope;
  verdict.openid_configuration = options.openid_configuration;
  return verdict;
}

TokenChecker make_oauth_token_checker(std::shared_ptr<const oauth::AuthorizationServer> server,
                                      OAuthLinkOptions options) {
  if (!server) throw std::invalid_argument("oauth token checker: no authorization server");
  return [server = std::move(server), options = std::move(options)](std::string_view user, std::string_view token) {
    return to_token_verdict(server->validate_access_token(token, user, options.required_scope), options);
  };
}

}  // namespace mailsim::mock
