#include "client/transport_failure.hpp"

namespace mailsim::client {

std::string millis_text(net::Millis ms) { return std::to_string(ms.count()) + " ms"; }

bool is_dns_error(const net::error_code& ec) {
  return ec.category() == net::asio::error::get_netdb_category() ||
         ec.category() == net::asio::error::get_addrinfo_category();
}

Reason handshake_reason(tls::HandshakeFailure kind, bool starttls) {
  switch (kind) {
    case tls::HandshakeFailure::cert_untrusted: return Reason::tls_cert_untrusted;
    case tls::HandshakeFailure::cert_expired: return Reason::tls_cert_expired;
    case tls::HandshakeFailure::cert_not_yet_valid: return Reason::tls_cert_not_yet_valid;
    case tls::HandshakeFailure::hostname_mismatch: return Reason::tls_hostname_mismatch;
    case tls::HandshakeFailure::version_rejected: return Reason::tls_version_rejected;
    case tls::HandshakeFailure::none:
    case tls::HandshakeFailure::other: break;
  }
  // The server said yes to STARTTLS and then broke the handshake.
  return starttls ? Reason::starttls_failed : Reason::tls_handshake_failed;
}

}  // namespace mailsim::client
