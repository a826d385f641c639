#pragma once
// A SASL Verifier that knows one user, with one password and one token.
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/sasl_server.hpp"

namespace mailsim::fuzz {

class FixedVerifier final : public sasl::Verifier {
 public:
  FixedVerifier(std::string user, std::string password, std::string token)
      : user_(std::move(user)), password_(std::move(password)), token_(std::move(token)) {}

  bool check_password(std::string_view user, std::string_view password) override {
    return user == user_ && password == password_;
  }
  std::optional<std::string> password_of(std::string_view user) override {
    if (user != user_) return std::nullopt;
    return password_;
  }
  sasl::TokenVerdict check_token(std::string_view user, std::string_view token) override {
    sasl::TokenVerdict verdict;
    verdict.valid = user == user_ && token == token_;
    verdict.scope = "https://mail.example.com/";
    return verdict;
  }

 private:
  std::string user_, password_, token_;
};

}  // namespace mailsim::fuzz
