#pragma once
// How a mock listener secures its connections; shared by the SMTP and IMAP
// mocks so a scenario sets TLS the same way for both.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/tls/tls_context.hpp"
#include "mockserver/tls/certificate_authority.hpp"

namespace mailsim::mock {

enum class Security { none, ssl_tls, starttls };
std::string_view to_string(Security s);  // "none", "ssl_tls", "starttls"
std::optional<Security> parse_security(std::string_view text);

struct ListenerTls {
  Security security = Security::none;
  CertificateKind certificate = CertificateKind::valid;
  std::vector<std::string> hosts = {"localhost", "127.0.0.1"};
  tls::Version min_version = tls::Version::tls1_2;
  tls::Version max_version = tls::Version::tls1_3;
  // CA that issues the leaf; default_certificate_authority() when null.
  std::shared_ptr<const CertificateAuthority> authority;
  // A leaf issued beforehand (so its key can be handed to outside tools);
  // null: the listener has one issued when it starts.
  std::shared_ptr<const IssuedCertificate> leaf;
};

// The leaf a listener with these settings presents: `leaf` or a new one.
std::shared_ptr<const IssuedCertificate> listener_leaf(const ListenerTls& tls);

// The server context for a listener (also used for STARTTLS listeners).
std::shared_ptr<net::asio::ssl::context> make_listener_context(const ListenerTls& tls);

}  // namespace mailsim::mock
