#include "client/reason.hpp"

#include <array>
#include <utility>

namespace mailsim::client {
namespace {

struct ReasonInfo {
  Reason reason;
  std::string_view name;
  std::string_view hint;
};

constexpr std::array kReasons = {
    ReasonInfo{Reason::ok, "ok", ""},
    ReasonInfo{Reason::config_invalid, "config_invalid", "fix the connection settings named above"},
    ReasonInfo{Reason::dns_failed, "dns_failed", "check the host name; it does not resolve"},
    ReasonInfo{Reason::connect_refused, "connect_refused",
               "nothing listens on that host and port; check the port and that the server runs"},
    ReasonInfo{Reason::connect_timeout, "connect_timeout",
               "no answer to the connection attempt; a firewall or provider may drop this port (port 25 often is)"},
    ReasonInfo{Reason::tls_handshake_failed, "tls_handshake_failed",
               "the TLS handshake failed; check the security mode (ssl_tls vs starttls) matches the port"},
    ReasonInfo{Reason::tls_cert_untrusted, "tls_cert_untrusted", "add the server's CA with tls.ca_file"},
    ReasonInfo{Reason::tls_cert_expired, "tls_cert_expired",
               "the server's certificate has expired; the server must renew it"},
    ReasonInfo{Reason::tls_cert_not_yet_valid, "tls_cert_not_yet_valid",
               "the server's certificate is not valid yet; check both clocks"},
    ReasonInfo{Reason::tls_hostname_mismatch, "tls_hostname_mismatch",
               "the certificate is for another name; connect with the name it was issued for"},
    ReasonInfo{Reason::tls_version_rejected, "tls_version_rejected",
               "client and server share no TLS version; the server may only offer TLS 1.0/1.1 (see tls.min_version)"},
    ReasonInfo{Reason::starttls_not_offered, "starttls_not_offered",
               "the server did not offer STARTTLS; choose ssl_tls on port 465/993, or none only on a trusted network"},
    ReasonInfo{Reason::starttls_failed, "starttls_failed",
               "the server refused or broke STARTTLS; try ssl_tls on port 465/993"},
    ReasonInfo{Reason::greeting_rejected, "greeting_rejected",
               "the server refused the session at its greeting; read its words above"},
    ReasonInfo{Reason::throttled, "throttled",
               "the server is limiting this client; wait for the window to pass or lower the rate"},
    ReasonInfo{Reason::auth_failed, "auth_failed", "check the user name and password"},
    ReasonInfo{Reason::auth_mechanism_unsupported, "auth_mechanism_unsupported",
               "the server offers no login method these credentials can use"},
    ReasonInfo{Reason::oauth_token_rejected, "oauth_token_rejected",
               "the server refused the access token; check its scope and that it belongs to this user"},
    ReasonInfo{Reason::oauth_refresh_failed, "oauth_refresh_failed", "generate a new token"},
    ReasonInfo{Reason::oauth_consent_required, "oauth_consent_required",
               "the user must consent again; generate a new token"},
    ReasonInfo{Reason::recipient_rejected, "recipient_rejected", "the server refused a recipient; check the address"},
    ReasonInfo{Reason::message_rejected, "message_rejected", "the server refused the message; read its words above"},
    ReasonInfo{Reason::message_too_large, "message_too_large",
               "the message is larger than the server accepts; make it smaller"},
    ReasonInfo{Reason::mailbox_not_found, "mailbox_not_found", "the folder does not exist; check its name"},
    ReasonInfo{Reason::command_failed, "command_failed", "the server refused the command; read its words above"},
    ReasonInfo{Reason::protocol_error, "protocol_error",
               "the server's reply broke the protocol; check host, port and security mode"},
    ReasonInfo{Reason::timeout, "timeout", "the server stopped answering; raise the timeout or check the server"},
    ReasonInfo{Reason::connection_lost, "connection_lost", "the server closed the connection unexpectedly"},
};

constexpr std::array kStages = {
    std::pair{Stage::config, "config"},       std::pair{Stage::resolve, "resolve"},
    std::pair{Stage::connect, "connect"},     std::pair{Stage::tls, "tls"},
    std::pair{Stage::greeting, "greeting"},   std::pair{Stage::capabilities, "capabilities"},
    std::pair{Stage::starttls, "starttls"},   std::pair{Stage::authenticate, "authenticate"},
    std::pair{Stage::command, "command"},     std::pair{Stage::data, "data"},
    std::pair{Stage::logout, "logout"},
};

}  // namespace

std::string_view to_string(Reason r) {
  for (const auto& info : kReasons)
    if (info.reason == r) return info.name;
  return "unknown";
}

std::optional<Reason> parse_reason(std::string_view text) {
  for (const auto& info : kReasons)
    if (info.name == text) return info.reason;
  return std::nullopt;
}

std::string_view default_hint(Reason r) {
  for (const auto& info : kReasons)
    if (info.reason == r) return info.hint;
  return "";
}

std::string_view to_string(Stage s) {
  for (const auto& [stage, name] : kStages)
    if (stage == s) return name;
  return "unknown";
}

std::string describe(const Failure& f) {
  std::string out{to_string(f.reason)};
  out += " at ";
  out += to_string(f.stage);
  if (!f.server_words.empty()) out += ": " + f.server_words;
  if (!f.detail.empty()) out += (f.server_words.empty() ? ": " : " - ") + f.detail;
  const std::string hint = f.hint.empty() ? std::string(default_hint(f.reason)) : f.hint;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

}  // namespace mailsim::client
