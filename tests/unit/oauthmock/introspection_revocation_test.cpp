// Token introspection (RFC 7662) and revocation (RFC 7009).
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

class IntrospectionTest : public OAuthCoreTest {
 protected:
  OAuthResponse introspect(const std::string& token_value, std::optional<std::string> authorization = basic()) {
    return server_->introspect(OAuthRequest{{{"token", token_value}}, std::move(authorization)});
  }
  OAuthResponse revoke(const std::string& token_value, std::optional<std::string> authorization = basic(),
                       Params extra = {}) {
    Params params = {{"token", token_value}};
    params.insert(params.end(), extra.begin(), extra.end());
    return server_->revoke(OAuthRequest{std::move(params), std::move(authorization)});
  }
  bool active(const std::string& token_value) { return json(introspect(token_value))["active"] == true; }
};

TEST_F(IntrospectionTest, AnActiveAccessTokenIsDescribed) {
  const auto tokens = tokens_for();
  const auto response = introspect(tokens["access_token"]);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.header("Cache-Control"), "no-store");
  const auto body = json(response);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_->now().time_since_epoch()).count();
  EXPECT_EQ(body["active"], true);
  EXPECT_EQ(body["scope"], "mail offline_access");
  EXPECT_EQ(body["client_id"], kClientId);
  EXPECT_EQ(body["username"], "alice@example.com");
  EXPECT_EQ(body["sub"], "alice@example.com");
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["iat"], now);
  EXPECT_EQ(body["exp"], now + 3600);
  EXPECT_EQ(body["iss"], kIssuer);
  EXPECT_EQ(body["aud"], "mailsim");
}

TEST_F(IntrospectionTest, ARefreshTokenIsDescribedToo) {
  const auto body = json(introspect(tokens_for()["refresh_token"]));
  EXPECT_EQ(body["active"], true);
  EXPECT_EQ(body["token_type"], "refresh_token");
  EXPECT_FALSE(body.contains("aud"));
}

TEST_F(IntrospectionTest, InactiveTokensSayNothingElse) {
  const auto tokens = tokens_for();
  const auto expired = tokens["access_token"].get<std::string>();
  clock_->advance(std::chrono::seconds(3600));
  const auto response = introspect(expired);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"active":false})");
  EXPECT_EQ(introspect("never-issued").body, R"({"active":false})");
  // A refresh token retired by rotation is inactive.
  const auto first_refresh = tokens["refresh_token"].get<std::string>();
  ASSERT_EQ(refresh(first_refresh).status, 200);
  EXPECT_FALSE(active(first_refresh));
}

TEST_F(IntrospectionTest, OnlyAuthenticatedConfidentialClientsMayIntrospect) {
  const auto access = tokens_for()["access_token"].get<std::string>();
  expect_error(introspect(access, std::nullopt), 401, "invalid_client");
  expect_error(introspect(access, basic_authorization(kClientId, "wrong")), 401, "invalid_client");
  expect_error(introspect(access, basic_authorization(kPublicId, "")), 401, "invalid_client");
  expect_error(server_->introspect(OAuthRequest{{}, basic()}), 400, "invalid_request");
}

TEST_F(IntrospectionTest, RevokingAnAccessTokenLeavesTheRefreshToken) {
  const auto tokens = tokens_for();
  const auto response = revoke(tokens["access_token"]);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_FALSE(active(tokens["access_token"]));
  EXPECT_TRUE(active(tokens["refresh_token"]));
  EXPECT_EQ(server_->validate_access_token(tokens["access_token"].get<std::string>(), "", "").status,
            TokenStatus::revoked);
}

TEST_F(IntrospectionTest, RevokingARefreshTokenRevokesItsAccessTokens) {
  const auto tokens = tokens_for();
  const auto refreshed = json(refresh(tokens["refresh_token"]));
  const auto unrelated = tokens_for();
  EXPECT_EQ(revoke(refreshed["refresh_token"], basic(), {{"token_type_hint", "refresh_token"}}).status, 200);
  EXPECT_FALSE(active(tokens["access_token"]));
  EXPECT_FALSE(active(refreshed["access_token"]));
  EXPECT_FALSE(active(refreshed["refresh_token"]));
  expect_error(refresh(refreshed["refresh_token"]), 400, "invalid_grant");
  EXPECT_TRUE(active(unrelated["access_token"]));
}

TEST_F(IntrospectionTest, UnknownAndAlreadyRevokedTokensStillGet200) {
  EXPECT_EQ(revoke("never-issued").status, 200);
  const auto access = tokens_for()["access_token"].get<std::string>();
  EXPECT_EQ(revoke(access).status, 200);
  EXPECT_EQ(revoke(access, basic(), {{"token_type_hint", "something_else"}}).status, 200);
}

TEST_F(IntrospectionTest, RevocationNeedsTheOwningClient) {
  const auto access = tokens_for()["access_token"].get<std::string>();
  expect_error(revoke(access, basic_authorization(kClientId, "wrong")), 401, "invalid_client");
  expect_error(revoke(access, std::nullopt, {{"client_id", kPublicId}}), 400, "invalid_request");
  EXPECT_TRUE(active(access));
  expect_error(server_->revoke(OAuthRequest{{}, basic()}), 400, "invalid_request");
}

TEST_F(IntrospectionTest, APublicClientRevokesWithItsId) {
  const auto set = server_->issue_tokens(kPublicId, "bob@example.com", "");
  EXPECT_EQ(revoke(set.refresh_token, std::nullopt, {{"client_id", kPublicId}}).status, 200);
  EXPECT_FALSE(active(set.access_token));
}

TEST_F(IntrospectionTest, RequestsAreRecordedWithoutTheTokens) {
  const auto access = tokens_for()["access_token"].get<std::string>();
  introspect(access);
  revoke(access);
  const auto records = server_->requests();
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[records.size() - 2].endpoint, Endpoint::introspect);
  EXPECT_EQ(records.back().endpoint, Endpoint::revoke);
  for (const auto& record : records) {
    for (const auto& [name, value] : record.params) EXPECT_NE(value, access) << name;
  }
  EXPECT_EQ(param(records.back().params, "token"), kRedacted);
}

}  // namespace
}  // namespace mailsim::oauth::test
