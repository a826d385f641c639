// The OAuth mock with one confidential client ("bench"/"secret") allowed
// client_credentials, issuing RS256 JWTs or opaque tokens (--format).
#include <string>

#include "bench/serve.hpp"
#include "common/clock.hpp"
#include "oauthmock/authorization_server.hpp"
#include "oauthmock/oauth_server.hpp"

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

}  // namespace

std::unique_ptr<Served> serve_oauth(const ServeOptions& options) {
  oauth::ClientConfig client;
  client.id = "bench";
  client.secret = "secret";
  client.default_scope = "mail";
  client.token_format = options.text("format", "jwt") == "opaque" ? oauth::TokenFormat::opaque : oauth::TokenFormat::jwt;
  oauth::ServerConfig config;
  config.clients.push_back(std::move(client));
  return std::make_unique<ServedOAuth>(std::move(config), static_cast<int>(options.number("threads", 4)));
}

}  // namespace mailsim::bench
