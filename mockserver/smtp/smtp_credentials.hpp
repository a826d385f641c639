#pragma once
// The SASL Verifier of a mock SMTP listener: its users and passwords, and a
// token checker for XOAUTH2/OAUTHBEARER (wired to the OAuth mock by scenarios).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/sasl_server.hpp"
#include "mockserver/token_checker.hpp"

namespace mailsim::mock {

class SmtpCredentials final : public sasl::Verifier {
 public:
  // A null token checker rejects every token.
  SmtpCredentials(std::map<std::string, std::string> users, TokenChecker token_checker);

  bool check_password(std::string_view user, std::string_view password) override;
  std::optional<std::string> password_of(std::string_view user) override;
  sasl::TokenVerdict check_token(std::string_view user, std::string_view token) override;

 private:
  std::map<std::string, std::string, std::less<>> users_;
  TokenChecker token_checker_;
};

}  // namespace mailsim::mock
