#pragma once
// The SASL Verifier of the IMAP mock: passwords from the configured users,
// OAuth tokens through a checker function (by default every token is refused).
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/sasl/sasl_server.hpp"
#include "mockserver/token_checker.hpp"

namespace mailsim::mock {

class UserVerifier final : public sasl::Verifier {
 public:
  UserVerifier(std::map<std::string, std::string, std::less<>> users, TokenChecker token_checker = {})
      : users_(std::move(users)), token_checker_(std::move(token_checker)) {}

  bool check_password(std::string_view user, std::string_view password) override;
  std::optional<std::string> password_of(std::string_view user) override;
  sasl::TokenVerdict check_token(std::string_view user, std::string_view token) override;

 private:
  std::map<std::string, std::string, std::less<>> users_;
  TokenChecker token_checker_;
};

}  // namespace mailsim::mock
