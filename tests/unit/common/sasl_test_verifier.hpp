#pragma once
// A Verifier for the SASL tests: fixed users, passwords and tokens, and a
// record of what it was asked.
#include <map>
#include <string>
#include <vector>

#include "common/sasl/sasl_server.hpp"

namespace mailsim::sasl::testing {

class TestVerifier final : public Verifier {
 public:
  std::map<std::string, std::string, std::less<>> passwords{{"tim", "tanstaaftanstaaf"}, {"Kurt", "xipj3plmq"}};
  std::map<std::string, std::string, std::less<>> tokens;  // user -> the one valid token
  TokenVerdict refusal;                                    // returned for any other token
  std::vector<std::pair<std::string, std::string>> token_checks;

  bool check_password(std::string_view user, std::string_view password) override {
    const auto it = passwords.find(user);
    return it != passwords.end() && it->second == password;
  }

  std::optional<std::string> password_of(std::string_view user) override {
    const auto it = passwords.find(user);
    if (it == passwords.end()) return std::nullopt;
    return it->second;
  }

  TokenVerdict check_token(std::string_view user, std::string_view token) override {
    token_checks.emplace_back(user, token);
    const auto it = tokens.find(user);
    if (it != tokens.end() && it->second == token) {
      TokenVerdict ok;
      ok.valid = true;
      return ok;
    }
    return refusal;
  }
};

}  // namespace mailsim::sasl::testing
