#pragma once
// What the IMAP client needs to reach and log in to a server.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "client/imap/imap_response.hpp"
#include "client/imap/imap_response_parser.hpp"
#include "client/security.hpp"
#include "common/net/stream.hpp"
#include "common/sasl/sasl_client.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::client::imap {

// How to log in with the credentials:
//   login: the LOGIN command (password); falls back to AUTHENTICATE PLAIN when
//          the server says LOGINDISABLED but offers AUTH=PLAIN.
//   plain: AUTHENTICATE PLAIN (password).
//   oauth: AUTHENTICATE OAUTHBEARER, else XOAUTH2 (access token).
enum class AuthMethod { login, plain, oauth };
std::string_view to_string(AuthMethod m);  // "login", "plain", "oauth"
std::optional<AuthMethod> parse_auth_method(std::string_view text);

struct ImapTimeouts {
  net::Millis connect{15'000};  // resolve + TCP connect, and each TLS handshake
  net::Millis command{60'000};  // each write, and each wait for server bytes
  // From open() until logout(); nullopt: none (IMAP sessions may be long).
  std::optional<net::Millis> overall;
};

struct ImapClientOptions {
  std::string host;
  std::uint16_t port = 143;
  Security security = Security::none;
  tls::ClientTlsOptions tls;  // used for ssl_tls and starttls
  // Set to log in; nullopt stays unauthenticated (or PREAUTH).
  std::optional<sasl::ClientCredentials> credentials;
  AuthMethod auth = AuthMethod::login;
  // Use this SASL mechanism with AUTHENTICATE instead of choosing one.
  std::optional<sasl::Mechanism> mechanism;
  ImapTimeouts timeouts;
  ParserLimits limits;
  // Untagged responses no command asked for (EXISTS, EXPUNGE, FETCH FLAGS,
  // BYE, [ALERT] ...), called on the thread running the connection. They are
  // queued as well (ImapConnection::take_unsolicited).
  std::function<void(const Response&)> on_unsolicited;
};

}  // namespace mailsim::client::imap
