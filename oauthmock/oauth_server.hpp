#pragma once
// The HTTP(S) front end of an AuthorizationServer (cpp-httplib), in-process
// on 127.0.0.1 and an ephemeral port by default. It parses requests, hands
// them to the core and writes the answers; it holds no OAuth logic.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/tls/certificate_authority.hpp"
#include "oauthmock/authorization_server.hpp"

namespace mailsim::oauth {

enum class HttpSecurity { plain, tls };

struct OAuthServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port
  HttpSecurity security = HttpSecurity::plain;
  // TLS only: the issuing CA (default_certificate_authority() when null),
  // the kind of certificate and the names it is for.
  std::shared_ptr<const mock::CertificateAuthority> certificate_authority;
  mock::CertificateKind certificate_kind = mock::CertificateKind::valid;
  std::vector<std::string> certificate_hosts = {"localhost", "127.0.0.1"};
  // Worker threads answering requests.
  int threads = 4;
};

class OAuthServer {
 public:
  // Listening when the constructor returns; sets the core's issuer to
  // base_url() when it has none. Throws std::runtime_error when it cannot
  // listen or make its certificate.
  explicit OAuthServer(std::shared_ptr<AuthorizationServer> core, OAuthServerOptions options = {});
  ~OAuthServer();  // stops
  OAuthServer(const OAuthServer&) = delete;
  OAuthServer& operator=(const OAuthServer&) = delete;

  std::uint16_t port() const;
  // "http://127.0.0.1:40123" or "https://..."; endpoint URLs append the paths
  // /authorize, /token, /introspect, /revoke, /jwks,
  // /.well-known/oauth-authorization-server, /.well-known/openid-configuration.
  std::string base_url() const;
  std::string url(std::string_view path) const;

  AuthorizationServer& core() const;
  // The PEM of the CA that signed this server's certificate ("" for plain).
  std::string ca_certificate_pem() const;

  // Stops listening and waits for requests in progress, cutting scripted
  // delays short. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mailsim::oauth
