#pragma once
// Stable reason codes (product.md) and the failure value every connector
// operation returns: never only an exception string.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::client {

enum class Reason {
  ok,
  config_invalid,
  dns_failed,
  connect_refused,
  connect_timeout,
  tls_handshake_failed,
  tls_cert_untrusted,
  tls_cert_expired,
  tls_cert_not_yet_valid,
  tls_hostname_mismatch,
  tls_version_rejected,
  starttls_not_offered,
  starttls_failed,
  greeting_rejected,
  throttled,
  auth_failed,
  auth_mechanism_unsupported,
  oauth_token_rejected,
  oauth_refresh_failed,
  oauth_consent_required,
  recipient_rejected,
  message_rejected,
  message_too_large,
  mailbox_not_found,
  command_failed,
  protocol_error,
  timeout,
  connection_lost,
};

std::string_view to_string(Reason r);
std::optional<Reason> parse_reason(std::string_view text);
// A sentence a person can act on.
std::string_view default_hint(Reason r);

// Where in the session a failure happened.
enum class Stage { config, resolve, connect, tls, greeting, capabilities, starttls, authenticate, command, data, logout };
std::string_view to_string(Stage s);

struct Failure {
  Reason reason = Reason::protocol_error;
  Stage stage = Stage::command;
  std::string server_words;  // the server's own reply, secrets never included
  std::string detail;        // our own explanation (e.g. the TLS error)
  std::string hint;          // defaults to default_hint(reason)
  std::string sasl_error;    // decoded OAuth JSON error challenge, if any
};

// "auth_failed at authenticate: 535 5.7.8 ... (hint)"
std::string describe(const Failure& f);

}  // namespace mailsim::client
