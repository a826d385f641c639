#include "mockserver/smtp/smtp_credentials.hpp"

#include <utility>

#include <openssl/crypto.h>

namespace mailsim::mock {

SmtpCredentials::SmtpCredentials(std::map<std::string, std::string> users, TokenChecker token_checker)
    : users_(users.begin(), users.end()), token_checker_(std::move(token_checker)) {}

bool SmtpCredentials::check_password(std::string_view user, std::string_view password) {
  const auto it = users_.find(user);
  if (it == users_.end() || it->second.size() != password.size()) return false;
  return CRYPTO_memcmp(it->second.data(), password.data(), password.size()) == 0;
}

std::optional<std::string> SmtpCredentials::password_of(std::string_view user) {
  const auto it = users_.find(user);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

sasl::TokenVerdict SmtpCredentials::check_token(std::string_view user, std::string_view token) {
  if (!token_checker_) return {};
  return token_checker_(user, token);
}

}  // namespace mailsim::mock
