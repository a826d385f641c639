// HttpTransport over cpp-httplib. TLS trust: the system's CAs plus the
// configured extra CA, host name checked, as the mail clients do.
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "client/oauth/http_transport.hpp"
#include "client/oauth/http_url.hpp"

namespace mailsim::client::oauth {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};

std::optional<int> tls_version_number(std::string_view text) {
  if (text == "1.0") return TLS1_VERSION;
  if (text == "1.1") return TLS1_1_VERSION;
  if (text == "1.2") return TLS1_2_VERSION;
  if (text == "1.3") return TLS1_3_VERSION;
  return std::nullopt;
}

// Adds the extra CA to the context's store; httplib adds the system CAs to
// the same store before the first handshake.
std::optional<std::string> configure_tls(SSL_CTX* ctx, const HttpTransportOptions& options) {
  if (!ctx) return "TLS is not available";
  const auto version = tls_version_number(options.min_tls_version);
  if (!version) return "unknown minimum TLS version " + options.min_tls_version;
  SSL_CTX_set_min_proto_version(ctx, *version);
  if (!options.ca_file.empty() && SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1) {
    ERR_clear_error();
    return "cannot load the CA file " + options.ca_file;
  }
  if (!options.ca_pem.empty()) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(options.ca_pem.data(), static_cast<int>(options.ca_pem.size())));
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    int added = 0;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      X509_STORE_add_cert(store, cert);
      X509_free(cert);
      ++added;
    }
    ERR_clear_error();  // the read loop ends on an end-of-data error
    if (added == 0) return std::string("the CA PEM holds no certificate");
  }
  return std::nullopt;
}

HttpFailure classify(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
    case httplib::Error::BindIPAddress:
      return HttpFailure::connect_failed;
    case httplib::Error::ConnectionTimeout:
      return HttpFailure::timeout;
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
      return HttpFailure::tls_failed;
    case httplib::Error::SSLServerVerification:
      return HttpFailure::tls_untrusted;
    default:
      return HttpFailure::connection_lost;
  }
}

class HttplibTransport final : public HttpTransport {
 public:
  explicit HttplibTransport(HttpTransportOptions options) : options_(std::move(options)) {}

  HttpResult send(const HttpRequest& request) override {
    HttpResult result;
    const auto url = parse_http_url(request.url);
    if (!url) {
      result.failure = HttpFailure::invalid_url;
      result.detail = "not an http(s) URL";
      return result;
    }
    std::unique_ptr<httplib::ClientImpl> client;
    if (url->https) {
      auto tls = std::make_unique<httplib::SSLClient>(url->host, url->port);
      tls->enable_server_certificate_verification(options_.verify);
      if (auto problem = configure_tls(tls->ssl_context(), options_)) {
        result.failure = HttpFailure::tls_failed;
        result.detail = std::move(*problem);
        return result;
      }
      client = std::move(tls);
    } else {
      client = std::make_unique<httplib::ClientImpl>(url->host, url->port);
    }
    client->set_connection_timeout(options_.connect_timeout);
    client->set_read_timeout(options_.read_timeout);
    client->set_write_timeout(options_.read_timeout);
    client->set_follow_location(false);
    client->set_keep_alive(false);

    httplib::Request req;
    req.method = request.method;
    req.path = url->target;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!req.has_header("User-Agent")) req.headers.emplace("User-Agent", "mailsim");
    if (!request.content_type.empty()) req.headers.emplace("Content-Type", request.content_type);
    req.body = request.body;
    bool too_large = false;
    std::string body;
    req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      if (body.size() + n > options_.max_body_bytes) {
        too_large = true;
        return false;
      }
      body.append(data, n);
      return true;
    };

    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    const bool sent = client->send(req, res, error);
    if (too_large) {
      result.failure = HttpFailure::body_too_large;
      result.detail = "the response body is larger than " + std::to_string(options_.max_body_bytes) + " bytes";
      return result;
    }
    if (!sent) {
      // httplib reports a read timeout as a read error, so a server that
      // stops answering shows as connection_lost; both are worth a retry.
      result.failure = classify(error);
      result.detail = httplib::to_string(error);
      return result;
    }
    HttpResponse response;
    response.status = res.status;
    response.content_type = res.get_header_value("Content-Type");
    response.location = res.get_header_value("Location");
    response.body = std::move(body);
    result.response = std::move(response);
    return result;
  }

 private:
  HttpTransportOptions options_;
};

}  // namespace

std::string_view to_string(HttpFailure failure) {
  switch (failure) {
    case HttpFailure::none: return "none";
    case HttpFailure::invalid_url: return "invalid_url";
    case HttpFailure::connect_failed: return "connect_failed";
    case HttpFailure::timeout: return "timeout";
    case HttpFailure::tls_failed: return "tls_failed";
    case HttpFailure::tls_untrusted: return "tls_untrusted";
    case HttpFailure::body_too_large: return "body_too_large";
    case HttpFailure::connection_lost: return "connection_lost";
  }
  return "unknown";
}

std::shared_ptr<HttpTransport> make_http_transport(HttpTransportOptions options) {
  return std::make_shared<HttplibTransport>(std::move(options));
}

}  // namespace mailsim::client::oauth
