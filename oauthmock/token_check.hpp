#pragma once
// The verdict on an access token presented to a mail server, for the mocks'
// SASL XOAUTH2 / OAUTHBEARER checks.
#include <string>
#include <string_view>

namespace mailsim::oauth {

enum class TokenStatus {
  valid,
  expired,
  revoked,
  unknown,  // never issued by this server, forgotten, or not an access token
  wrong_user,
  insufficient_scope,
};
std::string_view to_string(TokenStatus status);

struct TokenCheck {
  TokenStatus status = TokenStatus::unknown;
  std::string granted_scope;   // the token's scope; "" when unknown
  std::string required_scope;  // as asked for: the scope to name in an error challenge
  std::string user;            // the token's subject; "" when unknown
  std::string client_id;       // "" when unknown

  bool valid() const { return status == TokenStatus::valid; }
};

}  // namespace mailsim::oauth
