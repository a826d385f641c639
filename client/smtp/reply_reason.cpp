#include "client/smtp/reply_reason.hpp"

#include <cctype>
#include <string>

#include <nlohmann/json.hpp>

namespace mailsim::client::smtp {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool text_contains_any(const SmtpReply& reply, std::initializer_list<std::string_view> needles) {
  for (const auto& line : reply.lines) {
    const std::string text = lower(line);
    for (const auto needle : needles)
      if (text.find(needle) != std::string::npos) return true;
  }
  return false;
}

bool enhanced_is(const SmtpReply& reply, int subject, int detail) {
  return reply.enhanced && reply.enhanced->subject == subject && reply.enhanced->detail == detail;
}

bool message_too_large(const SmtpReply& reply) { return reply.code == 552 || enhanced_is(reply, 3, 4); }

Reason auth_reason(const SmtpReply& reply, bool oauth) {
  if (reply.code == 502 || reply.code == 503 || reply.code == 504 || enhanced_is(reply, 5, 4))
    return Reason::auth_mechanism_unsupported;
  if (reply.code == 500 || reply.code == 501) return Reason::protocol_error;
  if (oauth && reply.code == 535) return Reason::oauth_token_rejected;
  return Reason::auth_failed;
}

Reason phase_reason(const SmtpReply& reply, SmtpPhase phase, bool oauth) {
  switch (phase) {
    case SmtpPhase::greeting: return Reason::greeting_rejected;
    case SmtpPhase::ehlo:
    case SmtpPhase::helo:
    case SmtpPhase::noop:
    case SmtpPhase::rset: return Reason::command_failed;
    case SmtpPhase::starttls: return Reason::starttls_failed;
    case SmtpPhase::auth: return auth_reason(reply, oauth);
    case SmtpPhase::mail:
    case SmtpPhase::rcpt:
    case SmtpPhase::data:
      if (reply.code == 530) return Reason::auth_failed;  // "authentication required"
      if (reply.code == 503) return Reason::protocol_error;
      if (enhanced_is(reply, 3, 4)) return Reason::message_too_large;
      // RFC 5321 4.5.3.1.10: a 552 to RCPT means "too many recipients" or a
      // full mailbox, not an oversized message.
      if (phase == SmtpPhase::rcpt) return Reason::recipient_rejected;
      if (reply.code == 552) return Reason::message_too_large;
      return Reason::message_rejected;
    case SmtpPhase::message: return message_too_large(reply) ? Reason::message_too_large : Reason::message_rejected;
  }
  return Reason::protocol_error;
}

std::string specific_hint(const SmtpReply& reply, SmtpPhase phase, Reason reason) {
  if (phase == SmtpPhase::auth && reason == Reason::auth_failed) {
    if (reply.code == 530 || reply.code == 538 || text_contains_any(reply, {"starttls", "tls", "encrypt"}))
      return "the server wants TLS before login; use security starttls or ssl_tls";
    if (reply.code == 534) return "the server wants another login method for this account (an app password or OAuth 2.0)";
  }
  if (reason == Reason::auth_failed && phase != SmtpPhase::auth)
    return "the server requires login before sending; turn on use_authentication";
  return std::string(default_hint(reason));
}

std::string json_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return value.dump();
}

}  // namespace

Stage stage_of(SmtpPhase phase) {
  switch (phase) {
    case SmtpPhase::greeting: return Stage::greeting;
    case SmtpPhase::ehlo:
    case SmtpPhase::helo: return Stage::capabilities;
    case SmtpPhase::starttls: return Stage::starttls;
    case SmtpPhase::auth: return Stage::authenticate;
    case SmtpPhase::data:
    case SmtpPhase::message: return Stage::data;
    case SmtpPhase::mail:
    case SmtpPhase::rcpt:
    case SmtpPhase::noop:
    case SmtpPhase::rset: return Stage::command;
  }
  return Stage::command;
}

bool looks_throttled(const SmtpReply& reply, SmtpPhase phase) {
  if (reply.positive()) return false;
  if (reply.code == 421) return true;
  if (reply.enhanced) {
    const auto& e = *reply.enhanced;
    if (e.klass == 4 && e.subject == 7 && phase != SmtpPhase::starttls) return true;
    if (e.subject == 4 && e.detail == 5) return true;
    if (e.klass == 4 && e.subject == 3 && e.detail == 2) return true;
  }
  // Providers' rate and quota wordings (Exchange's "Message submission rate
  // for this client has exceeded the configured limit", its
  // SubmissionQuotaExceededException, Gmail's "too many login attempts").
  return text_contains_any(reply, {"throttl", "rate limit", "too many connections", "too many concurrent",
                                   "too many login", "too many auth", "too many failed", "submission rate",
                                   "sending rate", "message rate", "exceeded the configured limit",
                                   "quotaexceeded", "quota exceeded"});
}

Reason reason_for_reply(const SmtpReply& reply, SmtpPhase phase, bool oauth) {
  if (looks_throttled(reply, phase)) return Reason::throttled;
  return phase_reason(reply, phase, oauth);
}

Failure reply_failure(const SmtpReply& reply, SmtpPhase phase, bool oauth) {
  Failure f;
  f.reason = reason_for_reply(reply, phase, oauth);
  f.stage = stage_of(phase);
  f.server_words = reply.to_string();
  f.hint = specific_hint(reply, phase, f.reason);
  return f;
}

Failure oauth_error_failure(std::string_view error_json, const std::optional<SmtpReply>& final_reply) {
  Failure f;
  f.stage = Stage::authenticate;
  f.sasl_error = std::string(error_json);
  f.reason = final_reply && looks_throttled(*final_reply, SmtpPhase::auth) ? Reason::throttled
                                                                           : Reason::oauth_token_rejected;
  if (final_reply) f.server_words = final_reply->to_string();
  f.hint = std::string(default_hint(f.reason));

  const auto json = nlohmann::json::parse(error_json, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    f.detail = "the server's OAuth error challenge is not JSON";
    return f;
  }
  const std::string status = json.contains("status") ? json_text(json["status"]) : std::string();
  const std::string scope = json.contains("scope") ? json_text(json["scope"]) : std::string();
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

}  // namespace mailsim::client::smtp
