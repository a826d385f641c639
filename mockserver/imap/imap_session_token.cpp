#include "mockserver/imap/imap_session_token.hpp"

#include <utility>

namespace mailsim::mock {

std::string_view to_string(ExpiredTokenPolicy policy) {
  return policy == ExpiredTokenPolicy::bye ? "bye" : "keep";
}

std::optional<ExpiredTokenPolicy> parse_expired_token_policy(std::string_view text) {
  if (text == "keep") return ExpiredTokenPolicy::keep;
  if (text == "bye") return ExpiredTokenPolicy::bye;
  return std::nullopt;
}

bool TokenRecorder::check_password(std::string_view user, std::string_view password) {
  return inner_.check_password(user, password);
}

std::optional<std::string> TokenRecorder::password_of(std::string_view user) { return inner_.password_of(user); }

sasl::TokenVerdict TokenRecorder::check_token(std::string_view user, std::string_view token) {
  auto verdict = inner_.check_token(user, token);
  if (verdict.valid) accepted_ = Accepted{std::string(user), std::string(token)};
  return verdict;
}

std::optional<TokenRecorder::Accepted> TokenRecorder::take_accepted() { return std::exchange(accepted_, std::nullopt); }

}  // namespace mailsim::mock
