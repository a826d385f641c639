#pragma once
// OpenSSL contexts for both sides, and the classification of handshake
// failures into the causes the connector reports.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/net/asio.hpp"

namespace mailsim::tls {

enum class Version { tls1_0, tls1_1, tls1_2, tls1_3 };
// Accepts "1.0".."1.3" and "TLSv1.2"-style names.
std::optional<Version> parse_version(std::string_view text);
std::string_view to_string(Version v);  // "TLSv1.2"

struct ClientTlsOptions {
  bool verify = true;        // chain and host name; off only on explicit request
  std::string ca_file;       // extra trusted CA file (the "imported certificate")
  std::string ca_pem;        // extra trusted CA as PEM text (in-process tests)
  Version min_version = Version::tls1_2;
};

// Throws std::runtime_error naming the file when ca_file cannot be loaded.
std::shared_ptr<net::asio::ssl::context> make_client_context(const ClientTlsOptions& options);

struct ServerTlsOptions {
  std::string certificate_chain_pem;  // leaf first
  std::string private_key_pem;
  Version min_version = Version::tls1_2;
  Version max_version = Version::tls1_3;
};

std::shared_ptr<net::asio::ssl::context> make_server_context(const ServerTlsOptions& options);

enum class HandshakeFailure {
  none,
  cert_untrusted,
  cert_expired,
  cert_not_yet_valid,
  hostname_mismatch,
  version_rejected,
  other,
};

// verify_result is SSL_get_verify_result() of the failed client handshake.
HandshakeFailure classify_handshake_failure(long verify_result, const net::error_code& ec);

}  // namespace mailsim::tls
