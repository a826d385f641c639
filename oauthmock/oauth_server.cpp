#include "oauthmock/oauth_server.hpp"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace mailsim::oauth {
namespace {

// Far above any OAuth request; a bigger body is refused by cpp-httplib (413).
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
// How long start-up waits for the accept loop before giving up.
constexpr auto kStartTimeout = std::chrono::seconds(10);

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* c) const { X509_free(c); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<BIO, BioFree> memory_bio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// An SSLServer from the in-memory certificate: no files.
std::unique_ptr<httplib::Server> make_tls_server(const mock::IssuedCertificate& issued) {
  const auto cert_bio = memory_bio(issued.certificate_pem);
  const auto key_bio = memory_bio(issued.private_key_pem);
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!cert || !key) throw std::runtime_error("oauth server: cannot read the issued certificate");
  // The context takes its own references to both.
  auto server = std::make_unique<httplib::SSLServer>(cert.get(), key.get());
  if (!server->is_valid()) throw std::runtime_error("oauth server: TLS context setup failed");
  // Send the issuing CA along, as real servers send their intermediates.
  const auto chain_bio = memory_bio(issued.chain_pem);
  bool leaf = true;
  while (X509* chain_cert = PEM_read_bio_X509(chain_bio.get(), nullptr, nullptr, nullptr)) {
    std::unique_ptr<X509, X509Free> owned(chain_cert);
    if (!leaf) SSL_CTX_add1_chain_cert(server->ssl_context(), chain_cert);
    leaf = false;
  }
  ERR_clear_error();  // the read loop ends on an end-of-data error
  return server;
}

bool is_form_content_type(std::string_view value) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  if (value.size() < kForm.size()) return false;
  for (std::size_t i = 0; i < kForm.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kForm[i]) return false;
  }
  const auto rest = value.substr(kForm.size());
  return rest.empty() || rest.front() == ';' || rest.front() == ' ';
}

}  // namespace

struct OAuthServer::Impl {
  std::shared_ptr<AuthorizationServer> core;
  OAuthServerOptions options;
  std::unique_ptr<httplib::Server> http;
  std::string ca_pem;
  std::uint16_t port = 0;
  std::string base_url;
  std::thread listener;
  std::atomic<bool> listener_done{false};
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;

  void add_routes();
  void handle(Endpoint endpoint, const httplib::Request& req, httplib::Response& res);
  // Sleeps through a scripted delay unless the server stops first.
  void delay(std::chrono::milliseconds duration);
};

void OAuthServer::Impl::add_routes() {
  using httplib::Request;
  using httplib::Response;
  const auto route = [this](Endpoint endpoint) {
    return [this, endpoint](const Request& req, Response& res) { handle(endpoint, req, res); };
  };
  const auto wrong_method = [](const char* allowed) {
    return [allowed](const Request&, Response& res) {
      res.status = 405;
      res.set_header("Allow", allowed);
      res.set_content(R"({"error":"invalid_request","error_description":"method not allowed"})", "application/json");
    };
  };
  http->Get("/authorize", route(Endpoint::authorize));
  http->Post("/authorize", route(Endpoint::authorize));
  for (const char* path : {"/token", "/introspect", "/revoke"}) http->Get(path, wrong_method("POST"));
  http->Post("/token", route(Endpoint::token));
  http->Post("/introspect", route(Endpoint::introspect));
  http->Post("/revoke", route(Endpoint::revoke));
  http->Get(R"(/\.well-known/oauth-authorization-server)", route(Endpoint::metadata));
  http->Get(R"(/\.well-known/openid-configuration)", route(Endpoint::metadata));
  http->Get("/jwks", route(Endpoint::jwks));
  http->set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(R"({"error":"server_error"})", "application/json");
  });
}

void OAuthServer::Impl::handle(Endpoint endpoint, const httplib::Request& req, httplib::Response& res) {
  OAuthRequest request;
  if (req.has_header("Authorization")) request.authorization = req.get_header_value("Authorization");
  std::optional<Params> params;
  const char* problem = nullptr;
  if (req.method == "POST") {
    if (!is_form_content_type(req.get_header_value("Content-Type"))) {
      problem = "the body must be application/x-www-form-urlencoded";
    } else if (!(params = parse_form(req.body))) {
      problem = "the form body is malformed";
    }
  } else {
    const auto question = req.target.find('?');
    params = parse_form(question == std::string::npos ? std::string_view()
                                                      : std::string_view(req.target).substr(question + 1));
    if (!params) problem = "the query string is malformed";
  }
  OAuthResponse response;
  if (problem) {
    response = core->reject_malformed(endpoint, problem);
  } else {
    request.params = std::move(*params);
    switch (endpoint) {
      case Endpoint::authorize:
        response = core->authorize(request);
        break;
      case Endpoint::token:
        response = core->token(request);
        break;
      case Endpoint::introspect:
        response = core->introspect(request);
        break;
      case Endpoint::revoke:
        response = core->revoke(request);
        break;
      case Endpoint::metadata:
        response = core->metadata();
        break;
      case Endpoint::jwks:
        response = core->jwks();
        break;
    }
  }
  if (response.delay.count() > 0) delay(response.delay);
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  if (!response.content_type.empty()) res.set_content(response.body, response.content_type);
}

void OAuthServer::Impl::delay(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex);
  wake.wait_for(lock, duration, [this] { return stopping; });
}

OAuthServer::OAuthServer(std::shared_ptr<AuthorizationServer> core, OAuthServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (!core) throw std::invalid_argument("oauth server: no core");
  impl_->core = std::move(core);
  impl_->options = std::move(options);
  auto& opts = impl_->options;
  if (opts.security == HttpSecurity::tls) {
    auto ca = opts.certificate_authority ? opts.certificate_authority : mock::default_certificate_authority();
    impl_->ca_pem = ca->ca_certificate_pem();
    impl_->http = make_tls_server(ca->issue(opts.certificate_kind, opts.certificate_hosts));
  } else {
    impl_->http = std::make_unique<httplib::Server>();
  }
  auto& http = *impl_->http;
  const int threads = std::max(1, opts.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  http.set_payload_max_length(kMaxBodyBytes);
  // Short, so stopping never waits long on an idle kept-alive connection.
  http.set_keep_alive_timeout(1);
  // httplib writes headers and body separately: with Nagle on, each kept-alive
  // answer waits for the client's delayed ACK (~40 ms, see docs/benchmarks.md).
  http.set_tcp_nodelay(true);
  impl_->add_routes();

  const int port =
      opts.port == 0 ? http.bind_to_any_port(opts.host) : (http.bind_to_port(opts.host, opts.port) ? opts.port : -1);
  if (port <= 0) throw std::runtime_error("oauth server: cannot listen on " + opts.host);
  impl_->port = static_cast<std::uint16_t>(port);
  const bool ipv6 = opts.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + opts.host + "]" : opts.host;
  impl_->base_url = (opts.security == HttpSecurity::tls ? "https://" : "http://") + host + ":" + std::to_string(port);
  if (impl_->core->issuer().empty()) impl_->core->set_issuer(impl_->base_url);

  impl_->listener = std::thread([impl = impl_.get()] {
    impl->http->listen_after_bind();
    impl->listener_done = true;
  });
  // The socket already accepts connections; cpp-httplib can only be stopped
  // once its accept loop runs, so wait for that (a few microseconds).
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (!http.is_running() && !impl_->listener_done && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  if (!http.is_running()) {
    stop();
    throw std::runtime_error("oauth server: the accept loop did not start");
  }
}

OAuthServer::~OAuthServer() { stop(); }

void OAuthServer::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->http->is_running()) impl_->http->stop();
  if (impl_->listener.joinable()) impl_->listener.join();
}

std::uint16_t OAuthServer::port() const { return impl_->port; }
std::string OAuthServer::base_url() const { return impl_->base_url; }
std::string OAuthServer::url(std::string_view path) const { return impl_->base_url + std::string(path); }
AuthorizationServer& OAuthServer::core() const { return *impl_->core; }
std::string OAuthServer::ca_certificate_pem() const { return impl_->ca_pem; }

}  // namespace mailsim::oauth
