#pragma once
// The one HTTP exchange the OAuth client needs: send a request, get the
// status, a few headers and a bounded body. Behind an interface so token
// refresh logic is tested with canned answers and no network.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::client::oauth {

struct HttpRequest {
  std::string method = "POST";  // "GET" or "POST"
  std::string url;              // absolute http:// or https:// URL
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // set with a body
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string location;  // the Location header; redirects are never followed
  std::string body;
};

enum class HttpFailure {
  none,
  invalid_url,
  connect_failed,  // refused, unreachable, or the name did not resolve
  timeout,
  tls_failed,      // handshake failed or the CA file could not be loaded
  tls_untrusted,   // the certificate chain or host name did not verify
  body_too_large,
  connection_lost,  // the server closed or reset before a full response
};
std::string_view to_string(HttpFailure failure);

struct HttpResult {
  std::optional<HttpResponse> response;  // set when HttpFailure::none
  HttpFailure failure = HttpFailure::none;
  std::string detail;  // what went wrong, for messages

  bool ok() const { return response.has_value(); }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Never throws for network trouble; blocks for at most the timeouts.
  virtual HttpResult send(const HttpRequest& request) = 0;
};

struct HttpTransportOptions {
  bool verify = true;    // chain and host name
  std::string ca_file;   // extra trusted CA (PEM file), beside the system ones
  std::string ca_pem;    // extra trusted CA as PEM text (in-process tests)
  std::string min_tls_version = "1.2";  // "1.0" .. "1.3"
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};  // also the write timeout
  std::size_t max_body_bytes = 64 * 1024;          // a token response is a few KiB
};

// cpp-httplib over plain HTTP and HTTPS (OpenSSL); one connection per
// request. Thread-safe.
std::shared_ptr<HttpTransport> make_http_transport(HttpTransportOptions options = {});

}  // namespace mailsim::client::oauth
