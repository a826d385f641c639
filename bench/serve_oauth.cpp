// The OAuth mock with one confidential client ("bench"/"secret") allowed
// client_credentials, issuing JWTs (--format jwt, signed with --alg RS256 or
// ES256) or opaque tokens (--format opaque).
#include <stdexcept>
#include <string>

#include "bench/serve.hpp"
#include "common/clock.hpp"
#include "oauthmock/authorization_server.hpp"
#include "oauthmock/oauth_server.hpp"
#include "oauthmock/signing_key.hpp"

namespace mailsim::bench {
namespace {

class ServedOAuth : public Served {
 public:
  ServedOAuth(oauth::ServerConfig config, int threads)
      : server_(std::make_shared<oauth::AuthorizationServer>(std::move(config), system_clock()),
                oauth::OAuthServerOptions{.threads = threads}) {}
  std::uint16_t port() const override { return server_.port(); }
  std::string command(std::string_view) override { return "unknown command"; }

 private:
  oauth::OAuthServer server_;
};

oauth::JwsAlgorithm jws_algorithm(const std::string& name) {
  if (name == "RS256") return oauth::JwsAlgorithm::rs256;
  if (name == "ES256") return oauth::JwsAlgorithm::es256;
  throw std::invalid_argument("--alg must be RS256 or ES256");
}

}  // namespace

std::unique_ptr<Served> serve_oauth(const ServeOptions& options) {
  oauth::ClientConfig client;
  client.id = "bench";
  client.secret = "secret";
  client.default_scope = "mail";
  client.token_format = options.text("format", "jwt") == "opaque" ? oauth::TokenFormat::opaque : oauth::TokenFormat::jwt;
  client.jwt_algorithm = jws_algorithm(options.text("alg", "RS256"));
  // Made now, as the peer makes its key at start-up: an RSA key takes from
  // a tenth of a second to seconds on a loaded machine, not to be measured.
  if (client.token_format == oauth::TokenFormat::jwt) oauth::SigningKey::shared(client.jwt_algorithm);
  oauth::ServerConfig config;
  config.clients.push_back(std::move(client));
  return std::make_unique<ServedOAuth>(std::move(config), static_cast<int>(options.number("threads", 4)));
}

}  // namespace mailsim::bench
