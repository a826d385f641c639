#pragma once
// The OAuth mock over loopback HTTP on a VirtualClock, the connector's
// OAuth settings for it, a token store in a temporary folder, and a token
// manager whose backoff waits are recorded instead of slept.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "client/oauth/authorization_flow.hpp"
#include "client/oauth/token_manager.hpp"
#include "client/oauth/token_store.hpp"
#include "oauthmock/oauth_server.hpp"

namespace mailsim::oauth_integration {

namespace mock_oauth = mailsim::oauth;
namespace coauth = mailsim::client::oauth;
using namespace std::chrono_literals;
using client::Reason;
using client::Side;

inline constexpr const char* kClientId = "mailsim-connector";
inline constexpr const char* kSecret = "connector-s3cret";
inline constexpr const char* kUser = "alice@example.com";

class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mailsim-oauth-it-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline mock_oauth::ClientConfig connector_client() {
  mock_oauth::ClientConfig c;
  c.id = kClientId;
  c.secret = kSecret;
  c.redirect_uris = {"http://127.0.0.1/callback"};
  c.allowed_scopes = {"mail", "offline_access"};
  c.default_scope = "mail";
  c.access_token_lifetime = std::chrono::seconds(3600);
  c.refresh_token_lifetime = std::chrono::hours(24 * 30);
  c.rotate_refresh_tokens = true;
  c.require_pkce = true;
  c.default_user = "nobody@example.com";
  c.users = {kUser, "bob@example.com"};
  return c;
}

class OAuthFixture : public ::testing::Test {
 protected:
  // First, so the constructor below can use them.
  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  std::shared_ptr<mock_oauth::AuthorizationServer> core_;
  std::unique_ptr<mock_oauth::OAuthServer> server_;

  explicit OAuthFixture(mock_oauth::HttpSecurity security = mock_oauth::HttpSecurity::plain)
      : core_(make_core(clock_)), server_(std::make_unique<mock_oauth::OAuthServer>(core_, server_options(security))) {}

  static std::shared_ptr<mock_oauth::AuthorizationServer> make_core(std::shared_ptr<Clock> clock) {
    mock_oauth::ServerConfig config;
    config.clients = {connector_client()};
    return std::make_shared<mock_oauth::AuthorizationServer>(std::move(config), std::move(clock));
  }
  static mock_oauth::OAuthServerOptions server_options(mock_oauth::HttpSecurity security) {
    mock_oauth::OAuthServerOptions o;
    o.security = security;
    o.threads = 8;
    return o;
  }

  client::OAuth2Settings settings() const {
    client::OAuth2Settings s;
    s.client_id = kClientId;
    s.client_secret = kSecret;
    s.authorization_url = server_->url("/authorize");
    s.access_token_url = server_->url("/token");
    s.scope = {"mail", "offline_access"};
    s.authorization_parameters = {{"login_hint", kUser}};
    s.access_token_parameters = {{"audience", "mailsim-tests"}};
    return s;
  }

  std::shared_ptr<coauth::TokenClient> token_client(coauth::HttpTransportOptions options = {}) const {
    if (options.ca_pem.empty()) options.ca_pem = server_->ca_certificate_pem();
    return std::make_shared<coauth::TokenClient>(settings(), coauth::make_http_transport(options), clock_);
  }

  // generate, headless, into the store; the set it stored.
  coauth::TokenSet generate_tokens() {
    coauth::GenerateOptions options;
    options.headless = true;
    options.timeout = 30s;
    const auto result = coauth::generate(*token_client(), *store_, Side::outbound, options);
    if (!result.ok()) {
      ADD_FAILURE() << client::describe(*result.failure);
      return {};
    }
    return *result.tokens;
  }

  std::unique_ptr<coauth::TokenManager> manager(std::shared_ptr<coauth::TokenClient> client = nullptr) {
    coauth::TokenManagerSetup setup;
    setup.outbound = coauth::TokenSource{store_, client ? std::move(client) : token_client()};
    setup.inbound_uses_outbound = true;
    setup.clock = clock_;
    setup.sleeper = [this](std::chrono::milliseconds d) {
      std::lock_guard lock(sleeps_mutex_);
      sleeps_.push_back(d);
    };
    return std::make_unique<coauth::TokenManager>(std::move(setup));
  }

  std::vector<mock_oauth::RecordedRequest> token_requests(std::string_view grant_type) const {
    std::vector<mock_oauth::RecordedRequest> out;
    for (auto& r : core_->requests()) {
      if (r.endpoint == mock_oauth::Endpoint::token && r.grant_type == grant_type) out.push_back(std::move(r));
    }
    return out;
  }

  TempFolder folder_;
  coauth::StoreKey key_ = coauth::StoreKey::random();
  std::shared_ptr<coauth::TokenStore> store_ = std::make_shared<coauth::TokenStore>(folder_ / "tokens.store", key_);
  std::mutex sleeps_mutex_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace mailsim::oauth_integration
