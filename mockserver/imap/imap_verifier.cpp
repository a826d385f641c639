#include "mockserver/imap/imap_verifier.hpp"

#include <openssl/crypto.h>

namespace mailsim::mock {

bool UserVerifier::check_password(std::string_view user, std::string_view password) {
  auto it = users_.find(user);
  if (it == users_.end() || it->second.size() != password.size()) return false;
  return CRYPTO_memcmp(it->second.data(), password.data(), password.size()) == 0;
}

std::optional<std::string> UserVerifier::password_of(std::string_view user) {
  auto it = users_.find(user);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

sasl::TokenVerdict UserVerifier::check_token(std::string_view user, std::string_view token) {
  if (!token_checker_) return {};
  return token_checker_(user, token);
}

}  // namespace mailsim::mock
