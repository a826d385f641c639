#pragma once
// How the SMTP and IMAP clients read their transport's failures: a resolver
// error, a TLS handshake's classified failure, a timeout in words.
#include <string>

#include "client/reason.hpp"
#include "common/net/stream.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::client {

// "1500 ms", for failure details.
std::string millis_text(net::Millis ms);

// The resolver could not find the host (netdb or getaddrinfo category).
bool is_dns_error(const net::error_code& ec);

// A classified handshake failure as a reason; an unclassified one after the
// server said yes to STARTTLS is starttls_failed.
Reason handshake_reason(tls::HandshakeFailure kind, bool starttls);

}  // namespace mailsim::client
