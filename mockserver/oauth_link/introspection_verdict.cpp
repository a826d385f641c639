#include "mockserver/oauth_link/introspection_verdict.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "oauthmock/scope.hpp"

namespace mailsim::mock {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// A string member, or "" when absent or not a string.
std::string text_of(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

IntrospectionVerdict refused(std::string error) {
  IntrospectionVerdict verdict;
  verdict.error = std::move(error);
  return verdict;
}

}  // namespace

IntrospectionVerdict judge_introspection(std::string_view body_text, std::string_view user,
                                         std::string_view required_scope, Clock::time_point now) {
  const auto body = nlohmann::json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return refused("the introspection response is not a JSON object");
  const auto active = body.find("active");
  if (active == body.end() || !active->is_boolean()) {
    return refused("the introspection response has no boolean \"active\"");
  }

  IntrospectionVerdict verdict;
  verdict.check.required_scope = std::string(required_scope);
  if (!active->get<bool>()) return verdict;  // unknown: RFC 7662 2.2 says no more

  verdict.check.granted_scope = text_of(body, "scope");
  verdict.check.client_id = text_of(body, "client_id");
  // "username" is the human-readable owner; "sub" the subject. Either may
  // be what the mail login names.
  const std::string username = text_of(body, "username");
  const std::string subject = text_of(body, "sub");
  verdict.check.user = username.empty() ? subject : username;

  if (const auto exp = body.find("exp"); exp != body.end()) {
    if (!exp->is_number_integer()) return refused("the introspection response has a non-integer \"exp\"");
    verdict.expires_at = Clock::time_point(std::chrono::seconds(exp->get<std::int64_t>()));
  }
  const std::string token_type = text_of(body, "token_type");
  const auto required = oauth::parse_scope(required_scope);
  const auto granted = oauth::parse_scope(verdict.check.granted_scope);

  if (!token_type.empty() && !iequals(token_type, "Bearer")) {
    verdict.check.status = oauth::TokenStatus::unknown;  // a refresh token is no access token
  } else if (verdict.expires_at && now >= *verdict.expires_at) {
    verdict.check.status = oauth::TokenStatus::expired;
  } else if (!user.empty() && !iequals(user, username) && !iequals(user, subject)) {
    verdict.check.status = oauth::TokenStatus::wrong_user;
  } else if (!required || !granted || !oauth::includes_all(*granted, *required)) {
    verdict.check.status = oauth::TokenStatus::insufficient_scope;
  } else {
    verdict.check.status = oauth::TokenStatus::valid;
  }
  return verdict;
}

}  // namespace mailsim::mock
