#include "client/imap/imap_failure.hpp"

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

#include "client/imap/imap_ascii.hpp"

namespace mailsim::client::imap {
namespace {

constexpr std::array<std::string_view, 13> kThrottleWords = {
    "throttl",
    "rate limit",
    "try again later",
    "too many connections",
    "too many simultaneous",
    "too many concurrent",
    "too many login",
    "too many auth",
    "too many failed",
    "too many requests",
    "maximum number of connections",
    "connection limit",
    "bandwidth limit",
};

bool is_auth_refusal(const StatusResponse& r) {
  return r.has_code("AUTHENTICATIONFAILED") || r.has_code("AUTHORIZATIONFAILED") || r.has_code("EXPIRED");
}

Reason classify(const StatusResponse& r, Stage stage, bool oauth) {
  if (says_throttled(r)) return Reason::throttled;
  if (stage == Stage::greeting) return Reason::greeting_rejected;
  if (stage == Stage::starttls) return Reason::starttls_failed;
  if (stage == Stage::authenticate) {
    if (r.status == Status::bye) return Reason::connection_lost;
    if (r.status == Status::bad && !is_auth_refusal(r) && icontains(r.text, "mechanism"))
      return Reason::auth_mechanism_unsupported;
    return oauth ? Reason::oauth_token_rejected : Reason::auth_failed;
  }
  if (r.has_code("NONEXISTENT") || r.has_code("TRYCREATE")) return Reason::mailbox_not_found;
  // Servers older than RFC 5530 say it only in words, e.g. Dovecot 2.3's
  // "NO Mailbox doesn't exist: Nowhere".
  if (r.status == Status::no && (icontains(r.text, "doesn't exist") || icontains(r.text, "does not exist") ||
                                 icontains(r.text, "no such mailbox") || icontains(r.text, "unknown mailbox")))
    return Reason::mailbox_not_found;
  if (r.has_code("TOOBIG")) return Reason::message_too_large;
  if (is_auth_refusal(r)) return Reason::auth_failed;
  if (r.status == Status::bye) return Reason::connection_lost;
  return Reason::command_failed;
}

}  // namespace

Failure make_failure(Reason reason, Stage stage, std::string detail) {
  Failure f;
  f.reason = reason;
  f.stage = stage;
  f.detail = std::move(detail);
  f.hint = std::string(default_hint(reason));
  return f;
}

bool says_throttled(const StatusResponse& response) {
  if (response.has_code("THROTTLED") || response.has_code("UNAVAILABLE")) return true;
  for (const auto words : kThrottleWords)
    if (icontains(response.text, words)) return true;
  return false;
}

Failure failure_from_response(const StatusResponse& response, Stage stage, bool oauth) {
  Failure f;
  f.reason = classify(response, stage, oauth);
  f.stage = stage;
  f.server_words = response.words();
  f.hint = std::string(default_hint(f.reason));
  return f;
}

Failure oauth_failure(std::string_view error_json, const std::optional<StatusResponse>& final_response) {
  Failure f;
  f.stage = Stage::authenticate;
  f.sasl_error = std::string(error_json);
  f.reason = final_response && says_throttled(*final_response) ? Reason::throttled : Reason::oauth_token_rejected;
  if (final_response) f.server_words = final_response->words();
  f.hint = std::string(default_hint(f.reason));
  const auto json = nlohmann::json::parse(error_json, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    f.detail = "the server's OAuth error challenge is not JSON";
    return f;
  }
  const auto text = [&](const char* key) -> std::string {
    if (!json.contains(key)) return {};
    const auto& v = json[key];
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  const std::string status = text("status");
  const std::string scope = text("scope");
  f.detail = "OAuth error status " + (status.empty() ? std::string("(none)") : status);
  if (!scope.empty()) f.detail += ", scope " + scope;
  if (f.reason == Reason::oauth_token_rejected) {
    if (status == "insufficient_scope" || status == "403")
      f.hint = "the token lacks the scope the server needs" + (scope.empty() ? std::string() : " (" + scope + ")") +
               "; generate a token with that scope";
    else if (status == "invalid_token" || status == "401")
      f.hint = "the token is invalid or expired; refresh it or generate a new one";
  }
  return f;
}

}  // namespace mailsim::client::imap
