#include "mockserver/oauth_link/introspection_token_checker.hpp"

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cctype>
#include <fstream>
#include <stdexcept>

#include "common/base64.hpp"
#include "mockserver/oauth_link/introspection_verdict.hpp"

namespace mailsim::mock {
namespace {

struct Endpoint {
  bool https = false;
  std::string host;
  int port = 0;
  std::string path;
};

Endpoint parse_endpoint(const std::string& url) {
  Endpoint e;
  std::string_view rest(url);
  if (rest.starts_with("https://")) {
    e.https = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    throw std::invalid_argument("introspection URL must start with http:// or https://");
  }
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  e.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  e.port = e.https ? 443 : 80;
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    const auto digits = authority.substr(colon + 1);
    if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      throw std::invalid_argument("introspection URL has a bad port");
    }
    e.port = std::stoi(std::string(digits));
    authority = authority.substr(0, colon);
  }
  if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']') {
    authority = authority.substr(1, authority.size() - 2);
  }
  if (authority.empty() || e.port <= 0 || e.port > 65535) throw std::invalid_argument("introspection URL has no host");
  e.host = std::string(authority);
  return e;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read the introspection CA file " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Adds every certificate of `pem` to the client's trust store; false when
// there is none.
bool trust_pem(SSL_CTX* ctx, const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (!bio) return false;
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int added = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
    ++added;
  }
  BIO_free(bio);
  ERR_clear_error();  // the read loop ends on an end-of-data error
  return added > 0;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class IntrospectionClient {
 public:
  explicit IntrospectionClient(IntrospectionOptions options)
      : options_(std::move(options)), endpoint_(parse_endpoint(options_.url)) {
    if (!options_.ca_file.empty()) ca_pem_ = read_file(options_.ca_file);
    if (!options_.ca_pem.empty()) ca_pem_ += "\n" + options_.ca_pem;
    if (!options_.clock) options_.clock = system_clock();
  }

  sasl::TokenVerdict check(std::string_view user, std::string_view token) const {
    std::string error;
    const auto body = post(token, error);
    if (!body) return refuse(error);
    const auto verdict = judge_introspection(*body, user, options_.link.required_scope, options_.clock->now());
    if (!verdict.error.empty()) return refuse(verdict.error);
    return to_token_verdict(verdict.check, options_.link);
  }

 private:
  sasl::TokenVerdict refuse(const std::string& why) const {
    if (options_.on_error) options_.on_error("token introspection at " + options_.url + " failed: " + why);
    oauth::TokenCheck unknown;
    return to_token_verdict(unknown, options_.link);
  }

  std::unique_ptr<httplib::ClientImpl> client(std::string& error) const {
    if (!endpoint_.https) return std::make_unique<httplib::ClientImpl>(endpoint_.host, endpoint_.port);
    auto tls = std::make_unique<httplib::SSLClient>(endpoint_.host, endpoint_.port);
    tls->enable_server_certificate_verification(true);
    if (!ca_pem_.empty() && !trust_pem(tls->ssl_context(), ca_pem_)) {
      error = "the CA holds no certificate";
      return nullptr;
    }
    return tls;
  }

  std::optional<std::string> post(std::string_view token, std::string& error) const {
    auto http = client(error);
    if (!http) return std::nullopt;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.timeout);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(options_.timeout - seconds);
    http->set_connection_timeout(seconds.count(), micros.count());
    http->set_read_timeout(seconds.count(), micros.count());
    http->set_write_timeout(seconds.count(), micros.count());
    http->set_keep_alive(false);
    http->set_follow_location(false);

    httplib::Request request;
    request.method = "POST";
    request.path = endpoint_.path;
    request.headers.emplace("Authorization", "Basic " + base64_encode(percent_encode(options_.client_id) + ":" +
                                                                      percent_encode(options_.client_secret)));
    request.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace("Accept", "application/json");
    request.body = "token=" + percent_encode(token) + "&token_type_hint=access_token";
    std::string body;
    bool too_large = false;
    request.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      if (body.size() + n > options_.max_response_bytes) {
        too_large = true;
        return false;
      }
      body.append(data, n);
      return true;
    };
    httplib::Response response;
    httplib::Error failure = httplib::Error::Success;
    const bool sent = http->send(request, response, failure);
    if (too_large) {
      error = "the response is larger than " + std::to_string(options_.max_response_bytes) + " bytes";
      return std::nullopt;
    }
    if (!sent) {
      error = httplib::to_string(failure);
      return std::nullopt;
    }
    if (response.status != 200) {
      error = "HTTP status " + std::to_string(response.status);
      return std::nullopt;
    }
    return body;
  }

  IntrospectionOptions options_;
  Endpoint endpoint_;
  std::string ca_pem_;
};

}  // namespace

TokenChecker make_introspection_token_checker(IntrospectionOptions options) {
  auto client = std::make_shared<const IntrospectionClient>(std::move(options));
  return [client](std::string_view user, std::string_view token) { return client->check(user, token); };
}

}  // namespace mailsim::mock
