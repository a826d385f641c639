// The in-process admin side: token validation for the mail mocks, expiry,
// listing, the request record, scripted token failures, discovery.
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

using AdminTest = OAuthCoreTest;

TEST_F(AdminTest, ValidateReportsEveryVerdict) {
  const auto tokens = tokens_for();
  const auto access = tokens["access_token"].get<std::string>();
  auto check = server_->validate_access_token(access, "alice@example.com", "mail");
  EXPECT_EQ(check.status, TokenStatus::valid);
  EXPECT_EQ(check.granted_scope, "mail offline_access");
  EXPECT_EQ(check.required_scope, "mail");
  EXPECT_EQ(check.user, "alice@example.com");
  EXPECT_EQ(check.client_id, kClientId);

  EXPECT_EQ(server_->validate_access_token(access, "ALICE@example.com", "").status, TokenStatus::valid);
  EXPECT_EQ(server_->validate_access_token(access, "bob@example.com", "mail").status, TokenStatus::wrong_user);
  check = server_->validate_access_token(access, "alice@example.com", "mail profile");
  EXPECT_EQ(check.status, TokenStatus::insufficient_scope);
  EXPECT_EQ(check.required_scope, "mail profile");
  EXPECT_EQ(server_->validate_access_token("nope", "alice@example.com", "mail").status, TokenStatus::unknown);
  EXPECT_EQ(server_->validate_access_token(tokens["refresh_token"].get<std::string>(), "", "").status,
            TokenStatus::unknown);

  clock_->advance(std::chrono::seconds(3600));
  EXPECT_EQ(server_->validate_access_token(access, "alice@example.com", "mail").status, TokenStatus::expired);
  ASSERT_TRUE(server_->revoke_token(access));
  EXPECT_EQ(server_->validate_access_token(access, "alice@example.com", "mail").status, TokenStatus::revoked);
  EXPECT_FALSE(server_->revoke_token("nope"));
  EXPECT_EQ(to_string(TokenStatus::insufficient_scope), "insufficient_scope");
}

TEST_F(AdminTest, ExpireAllTokensStopsRefreshToo) {
  const auto tokens = tokens_for();
  server_->expire_all_tokens();
  EXPECT_EQ(server_->validate_access_token(tokens["access_token"].get<std::string>(), "", "").status,
            TokenStatus::expired);
  expect_error(refresh(tokens["refresh_token"]), 400, "invalid_grant");
}

TEST_F(AdminTest, ExpireAccessTokensLeavesRefreshWorking) {
  const auto tokens = tokens_for();
  server_->expire_access_tokens();
  EXPECT_EQ(server_->validate_access_token(tokens["access_token"].get<std::string>(), "", "").status,
            TokenStatus::expired);
  const auto refreshed = refresh(tokens["refresh_token"]);
  ASSERT_EQ(refreshed.status, 200);
  EXPECT_TRUE(server_->validate_access_token(json(refreshed)["access_token"].get<std::string>(), "", "").valid());
}

TEST_F(AdminTest, IssuedTokensAreListedWithTheirState) {
  const auto tokens = tokens_for();
  refresh(tokens["refresh_token"]);
  const auto list = server_->issued_tokens();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].kind, TokenKind::access);
  EXPECT_EQ(list[0].format, TokenFormat::opaque);
  EXPECT_EQ(list[1].kind, TokenKind::refresh);
  EXPECT_TRUE(list[1].rotated);
  EXPECT_FALSE(list[3].rotated);
  EXPECT_EQ(list[0].grant, list[3].grant);
  EXPECT_EQ(list[2].subject, "alice@example.com");
  EXPECT_EQ(list[2].expires_at, clock_->now() + std::chrono::seconds(3600));
  EXPECT_EQ(list[3].expires_at, clock_->now() + std::chrono::hours(24));
}

TEST_F(AdminTest, RecordedRequestsHaveTheirSecretsRedacted) {
  auto exchange = code_exchange(code_for());
  exchange.emplace_back("client_id", kClientId);
  exchange.emplace_back("client_secret", kSecret);
  const auto tokens = json(token(exchange, std::nullopt));
  refresh(tokens["refresh_token"]);
  const auto records = server_->requests();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].client_auth, "client_secret_post");
  for (const std::string_view secret : {"code", "code_verifier", "client_secret"}) {
    EXPECT_EQ(param(records[1].params, secret), kRedacted) << secret;
  }
  EXPECT_EQ(param(records[1].params, "redirect_uri"), kRedirect);
  EXPECT_EQ(param(records[2].params, "refresh_token"), kRedacted);
  EXPECT_EQ(records[2].grant_type, "refresh_token");
  for (const auto& record : records) {
    for (const auto& [name, value] : record.params) {
      EXPECT_NE(value, kSecret);
      EXPECT_NE(value, kVerifier);
      EXPECT_NE(value, tokens["refresh_token"].get<std::string>());
    }
  }
  server_->clear_requests();
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(AdminTest, TheNextTokenCallsFailWithAScriptedErrorAndTheCodeSurvives) {
  TokenFault fault;
  fault.error = "invalid_grant";
  fault.times = 2;
  server_->fail_token_calls(fault);
  const auto code = code_for();
  expect_error(token(code_exchange(code)), 400, "invalid_grant");
  expect_error(token(code_exchange(code)), 400, "invalid_grant");
  EXPECT_EQ(token(code_exchange(code)).status, 200);
  EXPECT_EQ(server_->requests().back().error, "");
  EXPECT_EQ(server_->requests()[1].error, "invalid_grant");
}

TEST_F(AdminTest, AScriptedInvalidClientChallengesBasicAuthentication) {
  TokenFault fault;
  fault.error = "invalid_client";
  server_->fail_token_calls(fault);
  server_->fail_token_calls(fault);
  const Params params = {{"grant_type", "client_credentials"}};
  const auto over_basic = token(params);
  expect_error(over_basic, 401, "invalid_client");
  EXPECT_EQ(over_basic.header("WWW-Authenticate"), "Basic realm=\"mailsim\"");
  const auto over_post =
      token({{"grant_type", "client_credentials"}, {"client_id", kClientId}, {"client_secret", kSecret}}, std::nullopt);
  expect_error(over_post, 400, "invalid_client");
}

TEST_F(AdminTest, AScriptedHttpStatusIsABareError) {
  TokenFault fault;
  fault.kind = TokenFault::Kind::http_status;
  fault.status = 503;
  server_->fail_token_calls(fault);
  const auto response = token({{"grant_type", "client_credentials"}});
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.content_type, "text/plain");
  EXPECT_TRUE(json(response).is_discarded());
  EXPECT_EQ(server_->requests().back().status, 503);
  EXPECT_EQ(token({{"grant_type", "client_credentials"}}).status, 200);
}

TEST_F(AdminTest, AScriptedMalformedBodyIsNotJson) {
  TokenFault fault;
  fault.kind = TokenFault::Kind::malformed_json;
  server_->fail_token_calls(fault);
  const auto response = token({{"grant_type", "client_credentials"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_TRUE(json(response).is_discarded()) << response.body;
  EXPECT_TRUE(server_->issued_tokens().empty());
}

TEST_F(AdminTest, ASlowScriptAnswersNormallyAfterItsDelay) {
  TokenFault fault;
  fault.kind = TokenFault::Kind::slow;
  fault.delay = std::chrono::milliseconds(1500);
  server_->fail_token_calls(fault);
  const auto response = token({{"grant_type", "client_credentials"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.delay, std::chrono::milliseconds(1500));
  EXPECT_EQ(token({{"grant_type", "client_credentials"}}).delay, std::chrono::milliseconds(0));
}

TEST_F(AdminTest, FaultsCanTargetOneClientAndLastUntilCleared) {
  TokenFault fault;
  fault.kind = TokenFault::Kind::oauth_error;
  fault.error = "temporarily_unavailable";
  fault.status = 503;
  fault.times = 0;
  fault.client_id = kPublicId;
  server_->fail_token_calls(fault);
  EXPECT_EQ(token({{"grant_type", "client_credentials"}}).status, 200);
  const auto set = server_->issue_tokens(kPublicId, "bob@example.com", "");
  const Params public_refresh = {
      {"grant_type", "refresh_token"}, {"client_id", kPublicId}, {"refresh_token", set.refresh_token}};
  for (int i = 0; i < 3; ++i) expect_error(token(public_refresh, std::nullopt), 503, "temporarily_unavailable");
  server_->clear_scripts();
  EXPECT_EQ(token(public_refresh, std::nullopt).status, 200);
}

TEST_F(AdminTest, MetadataListsEveryEndpointAndCapability) {
  const auto response = server_->metadata();
  ASSERT_EQ(response.status, 200);
  const auto doc = json(response);
  EXPECT_EQ(doc["issuer"], kIssuer);
  EXPECT_EQ(doc["authorization_endpoint"], std::string(kIssuer) + "/authorize");
  EXPECT_EQ(doc["token_endpoint"], std::string(kIssuer) + "/token");
  EXPECT_EQ(doc["introspection_endpoint"], std::string(kIssuer) + "/introspect");
  EXPECT_EQ(doc["revocation_endpoint"], std::string(kIssuer) + "/revoke");
  EXPECT_EQ(doc["jwks_uri"], std::string(kIssuer) + "/jwks");
  EXPECT_EQ(doc["response_types_supported"], nlohmann::json::array({"code"}));
  EXPECT_EQ(doc["grant_types_supported"],
            nlohmann::json::array({"authorization_code", "refresh_token", "client_credentials"}));
  EXPECT_EQ(doc["code_challenge_methods_supported"], nlohmann::json::array({"S256", "plain"}));
  EXPECT_EQ(doc["token_endpoint_auth_methods_supported"],
            nlohmann::json::array({"client_secret_basic", "client_secret_post", "none"}));
  EXPECT_EQ(doc["scopes_supported"], nlohmann::json::array({"mail", "offline_access", "openid", "profile"}));
  EXPECT_EQ(server_->requests().back().endpoint, Endpoint::metadata);
}

TEST_F(AdminTest, AMalformedRequestIsInvalidRequestAndRecorded) {
  expect_error(server_->reject_malformed(Endpoint::token, "the form body is malformed"), 400, "invalid_request");
  EXPECT_EQ(server_->requests().back().error, "invalid_request");
}

TEST_F(AdminTest, BadClientConfigurationsAreRefused) {
  const auto refused = [&](auto change) {
    auto client = confidential_client();
    change(client);
    EXPECT_THROW(server_->add_client(client), std::invalid_argument);
  };
  refused([](ClientConfig& c) { c.id.clear(); });
  refused([](ClientConfig& c) { c.access_token_lifetime = std::chrono::seconds(0); });
  refused([](ClientConfig& c) { c.redirect_uris = {"/relative"}; });
  refused([](ClientConfig& c) { c.redirect_uris = {"https://app.example/cb#frag"}; });
  refused([](ClientConfig& c) { c.allowed_scopes = {"two tokens"}; });
  refused([](ClientConfig& c) { c.default_scope = "admin"; });
  refused([](ClientConfig& c) { c.grant_types = {"password"}; });
  EXPECT_TRUE(server_->remove_client(kPublicId));
  EXPECT_FALSE(server_->remove_client(kPublicId));
}

TEST(AuthorizationServerLimits, TheOldestTokensAndRecordsAreForgotten) {
  ServerConfig config;
  config.clients = {confidential_client()};
  config.clients[0].token_format = TokenFormat::opaque;
  config.max_tokens = 3;
  config.max_recorded_requests = 2;
  AuthorizationServer server(config, std::make_shared<VirtualClock>());
  const auto first = server.issue_tokens(kClientId, "a@example.com", "mail");
  server.issue_tokens(kClientId, "b@example.com", "mail");
  EXPECT_EQ(server.issued_tokens().size(), 3u);
  EXPECT_EQ(server.validate_access_token(first.access_token, "", "").status, TokenStatus::unknown);
  for (int i = 0; i < 5; ++i) server.metadata();
  EXPECT_EQ(server.requests().size(), 2u);
}

}  // namespace
}  // namespace mailsim::oauth::test
