#pragma once
// A core AuthorizationServer on a VirtualClock with two registered clients,
// and helpers to drive its endpoints without HTTP.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "oauthmock/authorization_server.hpp"
#include "oauthmock/basic_credentials.hpp"
#include "oauthmock/form_encoding.hpp"

namespace mailsim::oauth::test {

inline constexpr const char* kClientId = "mail-app";
inline constexpr const char* kSecret = "s3cret";
inline constexpr const char* kPublicId = "cli-app";
inline constexpr const char* kRedirect = "http://127.0.0.1/callback";
inline constexpr const char* kIssuer = "https://issuer.test";
// RFC 7636 Appendix B.
inline constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
inline constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

inline ClientConfig confidential_client() {
  ClientConfig c;
  c.id = kClientId;
  c.secret = kSecret;
  c.redirect_uris = {kRedirect, "https://app.example/cb?tenant=1"};
  c.allowed_scopes = {"mail", "offline_access", "openid", "profile"};
  c.default_scope = "mail";
  c.access_token_lifetime = std::chrono::seconds(3600);
  c.refresh_token_lifetime = std::chrono::hours(24);
  c.default_user = "alice@example.com";
  // Opaque, so most tests skip the RSA key generation (~0.4 s per process);
  // JwtTest switches to JWTs.
  c.token_format = TokenFormat::opaque;
  return c;
}

inline ClientConfig public_client() {
  ClientConfig c;
  c.id = kPublicId;
  c.redirect_uris = {"http://[::1]/done"};
  c.default_scope = "mail";
  c.token_format = TokenFormat::opaque;
  c.rotate_refresh_tokens = false;
  c.default_user = "bob@example.com";
  return c;
}

class OAuthCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.issuer = kIssuer;
    config.clients = {confidential_client(), public_client()};
    server_ = std::make_unique<AuthorizationServer>(std::move(config), clock_);
  }

  static std::string basic() { return basic_authorization(kClientId, kSecret); }

  OAuthResponse authorize(Params params) { return server_->authorize(OAuthRequest{std::move(params), std::nullopt}); }

  // The usual authorization request of the confidential client, with PKCE S256.
  static Params authorization_params() {
    return {{"response_type", "code"},        {"client_id", kClientId}, {"redirect_uri", kRedirect},
            {"scope", "mail offline_access"}, {"state", "xyz"},         {"code_challenge", kChallenge},
            {"code_challenge_method", "S256"}};
  }

  std::string code_for(Params params = authorization_params()) {
    const auto response = authorize(std::move(params));
    EXPECT_EQ(response.status, 302);
    const auto query = location_params(response);
    const auto code = param(query, "code");
    EXPECT_TRUE(code.has_value()) << response.header("Location");
    return code ? std::string(*code) : std::string();
  }

  OAuthResponse token(Params params, std::optional<std::string> authorization = basic()) {
    return server_->token(OAuthRequest{std::move(params), std::move(authorization)});
  }

  static Params code_exchange(const std::string& code) {
    return {{"grant_type", "authorization_code"},
            {"code", code},
            {"redirect_uri", kRedirect},
            {"code_verifier", kVerifier}};
  }

  // A full authorization code grant: the token response body.
  nlohmann::json tokens_for(Params params = authorization_params()) {
    const auto response = token(code_exchange(code_for(std::move(params))));
    EXPECT_EQ(response.status, 200) << response.body;
    return json(response);
  }

  OAuthResponse refresh(const std::string& refresh_token, std::optional<std::string> scope = std::nullopt) {
    Params params = {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}};
    if (scope) params.emplace_back("scope", *scope);
    return token(std::move(params));
  }

  static nlohmann::json json(const OAuthResponse& response) {
    return nlohmann::json::parse(response.body, nullptr, false);
  }

  static Params location_params(const OAuthResponse& response) {
    const auto location = response.header("Location");
    const auto question = location.find('?');
    if (question == std::string_view::npos) return {};
    return parse_form(location.substr(question + 1)).value_or(Params{});
  }

  // Status, error code and the RFC 6749 5.1/5.2 headers of an error answer.
  static void expect_error(const OAuthResponse& response, int status, std::string_view error) {
    EXPECT_EQ(response.status, status) << response.body;
    const auto body = json(response);
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_EQ(body.value("error", ""), error) << response.body;
    EXPECT_TRUE(body.contains("error_description"));
    EXPECT_EQ(body.size(), 2u) << response.body;
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    EXPECT_EQ(response.header("Pragma"), "no-cache");
  }

  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  std::unique_ptr<AuthorizationServer> server_;
};

}  // namespace mailsim::oauth::test
