#pragma once
// What the SMTP client needs to reach and log in to a server, and the
// envelope of one message.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/security.hpp"
#include "common/net/stream.hpp"
#include "common/sasl/sasl_client.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::client::smtp {

struct SmtpTimeouts {
  net::Millis connect{15'000};   // resolve + TCP connect
  net::Millis command{60'000};   // each write, each reply, each TLS handshake
  net::Millis overall{300'000};  // from open() until quit(): the whole session
};

struct SmtpClientOptions {
  std::string host;
  std::uint16_t port = 25;
  Security security = Security::none;
  tls::ClientTlsOptions tls;  // used for ssl_tls and starttls
  // Set to log in (use_authentication); nullopt sends no AUTH.
  std::optional<sasl::ClientCredentials> credentials;
  // Use this mechanism instead of choosing (see mechanism_choice.hpp).
  std::optional<sasl::Mechanism> mechanism;
  std::string helo_name = "localhost";
  SmtpTimeouts timeouts;
};

struct SmtpEnvelope {
  std::string from;                     // "" sends the null reverse path <>
  std::vector<std::string> recipients;  // to, cc and bcc together
};

// One message of a batch: raw RFC 5322 bytes, sent as given (dot_stuffing.hpp).
// The bytes are not copied: they must outlive the send.
struct MessageToSend {
  SmtpEnvelope envelope;
  std::string_view message;
};

}  // namespace mailsim::client::smtp
