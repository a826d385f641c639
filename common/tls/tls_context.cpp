#include "common/tls/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <stdexcept>

namespace mailsim::tls {
namespace {

int openssl_version(Version v) {
  switch (v) {
    case Version::tls1_0: return TLS1_VERSION;
    case Version::tls1_1: return TLS1_1_VERSION;
    case Version::tls1_2: return TLS1_2_VERSION;
    case Version::tls1_3: return TLS1_3_VERSION;
  }
  return TLS1_2_VERSION;
}

void set_versions(SSL_CTX* ctx, Version min, Version max) {
  SSL_CTX_set_min_proto_version(ctx, openssl_version(min));
  SSL_CTX_set_max_proto_version(ctx, openssl_version(max));
  // OpenSSL 3 refuses TLS 1.0/1.1 at the default security level; a listener
  // (or client) told to speak them must lower it, as old servers effectively do.
  if (min < Version::tls1_2) SSL_CTX_set_security_level(ctx, 0);
}

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

void add_ca_pem(SSL_CTX* ctx, const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int added = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    if (X509_STORE_add_cert(store, cert) == 1) ++added;
    X509_free(cert);
  }
  BIO_free(bio);
  ERR_clear_error();  // the loop ends on a "no start line" error
  if (added == 0) throw std::runtime_error("no certificate found in the given CA PEM text");
}

}  // namespace

std::optional<Version> parse_version(std::string_view text) {
  if (text.starts_with("TLSv")) text.remove_prefix(4);
  if (text == "1.0" || text == "1") return Version::tls1_0;
  if (text == "1.1") return Version::tls1_1;
  if (text == "1.2") return Version::tls1_2;
  if (text == "1.3") return Version::tls1_3;
  return std::nullopt;
}

std::string_view to_string(Version v) {
  switch (v) {
    case Version::tls1_0: return "TLSv1";
    case Version::tls1_1: return "TLSv1.1";
    case Version::tls1_2: return "TLSv1.2";
    case Version::tls1_3: return "TLSv1.3";
  }
  return "TLSv1.2";
}

std::shared_ptr<net::asio::ssl::context> make_client_context(const ClientTlsOptions& options) {
  auto context = std::make_shared<net::asio::ssl::context>(net::asio::ssl::context::tls_client);
  SSL_CTX* ctx = context->native_handle();
  set_versions(ctx, options.min_version, Version::tls1_3);
  if (options.verify) {
    context->set_verify_mode(net::asio::ssl::verify_peer);
    // The hashed system directory is searched lazily; loading the whole
    // bundle file would cost ~50 ms per context.
    if (SSL_CTX_set_default_verify_dir(ctx) != 1) ERR_clear_error();
    if (!options.ca_file.empty()) {
      if (SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1)
        throw std::runtime_error("cannot load CA file '" + options.ca_file + "': " + openssl_error());
    }
    if (!options.ca_pem.empty()) add_ca_pem(ctx, options.ca_pem);
  } else {
    context->set_verify_mode(net::asio::ssl::verify_none);
  }
  return context;
}

std::shared_ptr<net::asio::ssl::context> make_server_context(const ServerTlsOptions& options) {
  auto context = std::make_shared<net::asio::ssl::context>(net::asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  set_versions(ctx, options.min_version, options.max_version);
  context->use_certificate_chain(
      net::asio::buffer(options.certificate_chain_pem.data(), options.certificate_chain_pem.size()));
  context->use_private_key(net::asio::buffer(options.private_key_pem.data(), options.private_key_pem.size()),
                           net::asio::ssl::context::pem);
  // Resumption would hide handshake faults between connections of one test.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx, 0);
  return context;
}

HandshakeFailure classify_handshake_failure(long verify_result, const net::error_code& ec) {
  switch (verify_result) {
    case X509_V_OK: break;
    case X509_V_ERR_CERT_HAS_EXPIRED: return HandshakeFailure::cert_expired;
    case X509_V_ERR_CERT_NOT_YET_VALID: return HandshakeFailure::cert_not_yet_valid;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
    case X509_V_ERR_EMAIL_MISMATCH: return HandshakeFailure::hostname_mismatch;
    default: return HandshakeFailure::cert_untrusted;
  }
  if (ec.category() == net::asio::error::get_ssl_category()) {
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    switch (reason) {
      case SSL_R_UNSUPPORTED_PROTOCOL:
      case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
      case SSL_R_WRONG_SSL_VERSION:
      case SSL_R_NO_PROTOCOLS_AVAILABLE:
      case SSL_R_VERSION_TOO_LOW:
      case SSL_R_VERSION_TOO_HIGH: return HandshakeFailure::version_rejected;
      default: break;
    }
  }
  return HandshakeFailure::other;
}

}  // namespace mailsim::tls
