// The grants of the token endpoint on their happy paths: authorization code
// with PKCE, refresh with and without rotation, client credentials, and
// both ways of authenticating the client.
#include "common/base64.hpp"
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

using TokenGrantTest = OAuthCoreTest;

TEST_F(TokenGrantTest, AuthorizationCodeWithPkceS256GivesTokens) {
  const auto response = token(code_exchange(code_for()));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  EXPECT_EQ(response.header("Pragma"), "no-cache");
  const auto body = json(response);
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["expires_in"], 3600);
  EXPECT_EQ(body["scope"], "mail offline_access");
  EXPECT_TRUE(body["access_token"].is_string());
  EXPECT_TRUE(body["refresh_token"].is_string());
  const auto check =
      server_->validate_access_token(body["access_token"].get<std::string>(), "alice@example.com", "mail");
  EXPECT_EQ(check.status, TokenStatus::valid);
}

TEST_F(TokenGrantTest, AuthorizationCodeWithPkcePlain) {
  const std::string verifier(64, 'v');
  auto params = authorization_params();
  params[5].second = verifier;
  params[6].second = "plain";
  auto exchange = code_exchange(code_for(params));
  exchange[3].second = verifier;
  EXPECT_EQ(token(exchange).status, 200);
}

TEST_F(TokenGrantTest, AChallengeWithoutMethodIsPlain) {
  const std::string verifier(50, 'p');
  auto params = authorization_params();
  params[5].second = verifier;
  params.pop_back();
  auto exchange = code_exchange(code_for(params));
  exchange[3].second = verifier;
  EXPECT_EQ(token(exchange).status, 200);
}

TEST_F(TokenGrantTest, AuthorizationCodeWithoutPkce) {
  auto params = authorization_params();
  params.resize(5);
  auto exchange = code_exchange(code_for(params));
  exchange.pop_back();
  EXPECT_EQ(token(exchange).status, 200);
}

TEST_F(TokenGrantTest, ClientSecretPostAuthenticatesToo) {
  auto exchange = code_exchange(code_for());
  exchange.emplace_back("client_id", kClientId);
  exchange.emplace_back("client_secret", kSecret);
  const auto response = token(exchange, std::nullopt);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(server_->requests().back().client_auth, "client_secret_post");
}

TEST_F(TokenGrantTest, BasicCredentialsAreFormDecoded) {
  auto client = confidential_client();
  client.id = "app:1";
  client.secret = "p@ss word+/%";
  server_->add_client(client);
  Params params = {{"grant_type", "client_credentials"}};
  EXPECT_EQ(token(params, basic_authorization("app:1", "p@ss word+/%")).status, 200);
  // The same secret sent without the form encoding is another secret.
  EXPECT_EQ(token(params, "Basic " + base64_encode("app%3A1:p@ss word+/%")).status, 401);
}

TEST_F(TokenGrantTest, ABasicHeaderMayRepeatTheClientId) {
  auto exchange = code_exchange(code_for());
  exchange.emplace_back("client_id", kClientId);
  EXPECT_EQ(token(exchange).status, 200);
}

TEST_F(TokenGrantTest, APublicClientAuthenticatesWithItsIdAlone) {
  const Params authorize_params = {{"response_type", "code"},
                                   {"client_id", kPublicId},
                                   {"code_challenge", kChallenge},
                                   {"code_challenge_method", "S256"}};
  const Params exchange = {{"grant_type", "authorization_code"},
                           {"client_id", kPublicId},
                           {"code", code_for(authorize_params)},
                           {"code_verifier", kVerifier}};
  const auto response = token(exchange, std::nullopt);
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = json(response);
  EXPECT_EQ(body["access_token"].get<std::string>().size(), 43u);  // opaque
  EXPECT_EQ(server_->requests().back().client_auth, "none");
}

TEST_F(TokenGrantTest, TheRedirectUriMayBeLeftOutWhenTheAuthorizationLeftItOut) {
  const Params authorize_params = {{"response_type", "code"}, {"client_id", kPublicId}};
  const Params exchange = {
      {"grant_type", "authorization_code"}, {"client_id", kPublicId}, {"code", code_for(authorize_params)}};
  EXPECT_EQ(token(exchange, std::nullopt).status, 200);
}

TEST_F(TokenGrantTest, RefreshRotatesTheRefreshToken) {
  const auto first = tokens_for();
  const auto refreshed = refresh(first["refresh_token"]);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  const auto body = json(refreshed);
  EXPECT_NE(body["refresh_token"], first["refresh_token"]);
  EXPECT_NE(body["access_token"], first["access_token"]);
  EXPECT_EQ(body["scope"], "mail offline_access");
  EXPECT_EQ(refresh(body["refresh_token"]).status, 200);
  // The access token from before is still good until it expires.
  EXPECT_TRUE(server_->validate_access_token(first["access_token"].get<std::string>(), "", "").valid());
}

TEST_F(TokenGrantTest, WithoutRotationTheSameRefreshTokenKeepsWorking) {
  auto client = confidential_client();
  client.rotate_refresh_tokens = false;
  server_->add_client(client);
  const auto first = tokens_for();
  for (int i = 0; i < 3; ++i) {
    const auto refreshed = refresh(first["refresh_token"]);
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_FALSE(json(refreshed).contains("refresh_token"));
  }
}

TEST_F(TokenGrantTest, RefreshCanNarrowTheScopeButTheGrantKeepsItsOwn) {
  const auto first = tokens_for();
  const auto narrowed = refresh(first["refresh_token"], "mail");
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  const auto body = json(narrowed);
  EXPECT_EQ(body["scope"], "mail");
  EXPECT_EQ(server_->validate_access_token(body["access_token"].get<std::string>(), "", "offline_access").status,
            TokenStatus::insufficient_scope);
  // The rotated refresh token still carries the original grant.
  const auto again = refresh(body["refresh_token"]);
  EXPECT_EQ(json(again)["scope"], "mail offline_access");
}

TEST_F(TokenGrantTest, OfflineAccessCanBeRequiredForARefreshToken) {
  auto client = confidential_client();
  client.refresh_requires_offline_access = true;
  server_->add_client(client);
  auto params = authorization_params();
  params[3].second = "mail";
  EXPECT_FALSE(tokens_for(params).contains("refresh_token"));
  EXPECT_TRUE(tokens_for().contains("refresh_token"));
}

TEST_F(TokenGrantTest, AClientWithoutTheRefreshGrantGetsNoRefreshToken) {
  auto client = confidential_client();
  client.grant_types = {kAuthorizationCodeGrant};
  server_->add_client(client);
  EXPECT_FALSE(tokens_for().contains("refresh_token"));
}

TEST_F(TokenGrantTest, ClientCredentialsGivesAnAccessTokenOnly) {
  const auto response = token({{"grant_type", "client_credentials"}, {"scope", "profile"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = json(response);
  EXPECT_EQ(body["scope"], "profile");
  EXPECT_FALSE(body.contains("refresh_token"));
  const auto check = server_->validate_access_token(body["access_token"].get<std::string>(), kClientId, "profile");
  EXPECT_EQ(check.status, TokenStatus::valid);
}

TEST_F(TokenGrantTest, ClientCredentialsWithoutScopeGetsTheDefault) {
  const auto body = json(token({{"grant_type", "client_credentials"}}));
  EXPECT_EQ(body["scope"], "mail");
}

TEST_F(TokenGrantTest, PerClientLifetimes) {
  auto client = confidential_client();
  client.access_token_lifetime = std::chrono::seconds(90);
  server_->add_client(client);
  const auto body = tokens_for();
  EXPECT_EQ(body["expires_in"], 90);
  const auto access = body["access_token"].get<std::string>();
  clock_->advance(std::chrono::seconds(89));
  EXPECT_TRUE(server_->validate_access_token(access, "", "").valid());
  clock_->advance(std::chrono::seconds(1));
  EXPECT_EQ(server_->validate_access_token(access, "", "").status, TokenStatus::expired);
}

TEST_F(TokenGrantTest, ExtraTokenParametersAreAcceptedAndRecorded) {
  auto exchange = code_exchange(code_for());
  exchange.emplace_back("resource", "https://outlook.office.com");
  exchange.emplace_back("tenant", "contoso");
  EXPECT_EQ(token(exchange).status, 200);
  const auto record = server_->requests().back();
  EXPECT_EQ(record.endpoint, Endpoint::token);
  EXPECT_EQ(record.grant_type, "authorization_code");
  EXPECT_EQ(record.client_id, kClientId);
  EXPECT_EQ(record.client_auth, "client_secret_basic");
  EXPECT_EQ(param(record.params, "resource"), "https://outlook.office.com");
  EXPECT_EQ(param(record.params, "tenant"), "contoso");
  EXPECT_EQ(record.status, 200);
  EXPECT_EQ(record.error, "");
}

TEST_F(TokenGrantTest, IssueTokensSkipsTheEndpoints) {
  const auto set = server_->issue_tokens(kClientId, "dave@example.com", "mail offline_access");
  EXPECT_EQ(set.scope, "mail offline_access");
  EXPECT_EQ(set.expires_in, std::chrono::seconds(3600));
  EXPECT_TRUE(server_->validate_access_token(set.access_token, "dave@example.com", "mail").valid());
  EXPECT_EQ(refresh(set.refresh_token).status, 200);
  EXPECT_THROW(server_->issue_tokens("nobody", "x", ""), std::invalid_argument);
  EXPECT_THROW(server_->issue_tokens(kClientId, "x", "admin"), std::invalid_argument);
  EXPECT_TRUE(server_->requests().size() == 1u);  // just the refresh
}

}  // namespace
}  // namespace mailsim::oauth::test
