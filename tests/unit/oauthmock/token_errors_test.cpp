// Every error of the token endpoint, shaped as RFC 6749 5.2 says.
#include "common/base64.hpp"
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

using TokenErrorTest = OAuthCoreTest;

TEST_F(TokenErrorTest, InvalidRequestForMissingOrRepeatedParameters) {
  expect_error(token({}), 400, "invalid_request");
  expect_error(token({{"grant_type", "authorization_code"}}), 400, "invalid_request");
  expect_error(token({{"grant_type", "refresh_token"}}), 400, "invalid_request");
  expect_error(token({{"grant_type", "client_credentials"}, {"grant_type", "client_credentials"}}), 400,
               "invalid_request");
  auto exchange = code_exchange(code_for());
  exchange.emplace_back("code", "another");
  expect_error(token(exchange), 400, "invalid_request");
}

TEST_F(TokenErrorTest, InvalidRequestForAMalformedVerifier) {
  auto exchange = code_exchange(code_for());
  exchange[3].second = "too-short";
  expect_error(token(exchange), 400, "invalid_request");
}

TEST_F(TokenErrorTest, InvalidRequestForTwoAuthenticationMethodsOrTwoClients) {
  auto both = code_exchange(code_for());
  both.emplace_back("client_secret", kSecret);
  expect_error(token(both), 400, "invalid_request");
  auto other = code_exchange(code_for());
  other.emplace_back("client_id", kPublicId);
  expect_error(token(other), 400, "invalid_request");
}

TEST_F(TokenErrorTest, InvalidClientOverBasicIs401WithAChallenge) {
  const Params params = {{"grant_type", "client_credentials"}};
  for (const std::string& authorization :
       {basic_authorization(kClientId, "wrong"), basic_authorization("nobody", kSecret), std::string("Basic !!!"),
        "Basic " + base64_encode("no-colon"), std::string("Bearer some-token")}) {
    const auto response = token(params, authorization);
    expect_error(response, 401, "invalid_client");
    EXPECT_EQ(response.header("WWW-Authenticate"), "Basic realm=\"mailsim\"") << authorization;
  }
}

TEST_F(TokenErrorTest, InvalidClientOverFormFieldsIs400) {
  for (const Params& params :
       {Params{{"grant_type", "client_credentials"}, {"client_id", kClientId}, {"client_secret", "wrong"}},
        Params{{"grant_type", "client_credentials"}, {"client_id", "nobody"}, {"client_secret", "x"}},
        Params{{"grant_type", "client_credentials"}, {"client_id", kPublicId}, {"client_secret", "x"}}}) {
    const auto response = token(params, std::nullopt);
    expect_error(response, 400, "invalid_client");
    EXPECT_EQ(response.header("WWW-Authenticate"), "");
  }
}

TEST_F(TokenErrorTest, NoClientAuthenticationAtAllAsksForBasic) {
  for (const Params& params : {Params{{"grant_type", "client_credentials"}},
                               Params{{"grant_type", "client_credentials"}, {"client_id", kClientId}}}) {
    const auto response = token(params, std::nullopt);
    expect_error(response, 401, "invalid_client");
    EXPECT_EQ(response.header("WWW-Authenticate"), "Basic realm=\"mailsim\"");
  }
}

TEST_F(TokenErrorTest, AWrongSecretIsNotEchoed) {
  const auto response = token({{"grant_type", "client_credentials"}}, basic_authorization(kClientId, "hunter2-wrong"));
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
}

TEST_F(TokenErrorTest, InvalidGrantForUnknownCode) {
  expect_error(token(code_exchange("no-such-code")), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, InvalidGrantForAUsedCodeWhichAlsoRevokesItsTokens) {
  const auto code = code_for();
  const auto first = token(code_exchange(code));
  ASSERT_EQ(first.status, 200);
  expect_error(token(code_exchange(code)), 400, "invalid_grant");
  const auto body = json(first);
  EXPECT_EQ(server_->validate_access_token(body["access_token"].get<std::string>(), "", "").status,
            TokenStatus::revoked);
  expect_error(refresh(body["refresh_token"]), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, InvalidGrantForAnExpiredCode) {
  const auto code = code_for();
  clock_->advance(std::chrono::seconds(600));
  expect_error(token(code_exchange(code)), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, ACodeIsGoodUntilItsLifetimeEnds) {
  const auto code = code_for();
  clock_->advance(std::chrono::seconds(599));
  EXPECT_EQ(token(code_exchange(code)).status, 200);
}

TEST_F(TokenErrorTest, InvalidGrantForAPkceMismatchAndTheCodeSurvivesIt) {
  const auto code = code_for();
  auto exchange = code_exchange(code);
  exchange[3].second = std::string(43, 'x');
  expect_error(token(exchange), 400, "invalid_grant");
  EXPECT_EQ(token(code_exchange(code)).status, 200);
}

TEST_F(TokenErrorTest, InvalidGrantForAMissingVerifier) {
  auto exchange = code_exchange(code_for());
  exchange.pop_back();
  expect_error(token(exchange), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, InvalidGrantForAVerifierWithoutChallenge) {
  auto params = authorization_params();
  params.resize(5);
  expect_error(token(code_exchange(code_for(params))), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, InvalidGrantForARedirectUriMismatch) {
  const auto code = code_for();
  auto exchange = code_exchange(code);
  exchange[2].second = "http://127.0.0.1:5000/callback";
  expect_error(token(exchange), 400, "invalid_grant");
  exchange.erase(exchange.begin() + 2);
  expect_error(token(exchange), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, TheLoopbackPortMustBeTheOneAuthorized) {
  auto params = authorization_params();
  params[2].second = "http://127.0.0.1:49152/callback";
  auto exchange = code_exchange(code_for(params));
  expect_error(token(exchange), 400, "invalid_grant");
  exchange[2].second = "http://127.0.0.1:49152/callback";
  EXPECT_EQ(token(exchange).status, 200);
}

TEST_F(TokenErrorTest, InvalidGrantForACodeOfAnotherClient) {
  const Params authorize_params = {{"response_type", "code"}, {"client_id", kPublicId}};
  Params exchange = {{"grant_type", "authorization_code"}, {"code", code_for(authorize_params)}};
  expect_error(token(exchange), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, InvalidGrantForARotatedRefreshTokenWhichRevokesTheGrant) {
  const auto first = tokens_for();
  const auto second = json(refresh(first["refresh_token"]));
  expect_error(refresh(first["refresh_token"]), 400, "invalid_grant");
  // RFC 9700 4.14.2: the newer refresh token and its access token die too.
  expect_error(refresh(second["refresh_token"]), 400, "invalid_grant");
  EXPECT_EQ(server_->validate_access_token(second["access_token"].get<std::string>(), "", "").status,
            TokenStatus::revoked);
}

TEST_F(TokenErrorTest, ReuseNeedNotRevokeTheGrant) {
  auto client = confidential_client();
  client.reuse_revokes_grant = false;
  server_->add_client(client);
  const auto first = tokens_for();
  const auto second = json(refresh(first["refresh_token"]));
  expect_error(refresh(first["refresh_token"]), 400, "invalid_grant");
  EXPECT_EQ(refresh(second["refresh_token"]).status, 200);
}

TEST_F(TokenErrorTest, InvalidGrantForRevokedExpiredUnknownAndForeignRefreshTokens) {
  const auto revoked = tokens_for();
  ASSERT_TRUE(server_->revoke_token(revoked["refresh_token"].get<std::string>()));
  expect_error(refresh(revoked["refresh_token"]), 400, "invalid_grant");

  expect_error(refresh("no-such-token"), 400, "invalid_grant");
  // An access token is not a refresh token.
  expect_error(refresh(tokens_for()["access_token"]), 400, "invalid_grant");

  const auto foreign = server_->issue_tokens(kPublicId, "bob@example.com", "");
  expect_error(refresh(foreign.refresh_token), 400, "invalid_grant");

  const auto expiring = tokens_for();
  clock_->advance(std::chrono::hours(24));
  expect_error(refresh(expiring["refresh_token"]), 400, "invalid_grant");
}

TEST_F(TokenErrorTest, UnauthorizedClientForAGrantTypeItMayNotUse) {
  auto client = confidential_client();
  client.grant_types = {kAuthorizationCodeGrant, kRefreshTokenGrant};
  server_->add_client(client);
  expect_error(token({{"grant_type", "client_credentials"}}), 400, "unauthorized_client");
  expect_error(token({{"grant_type", "client_credentials"}, {"client_id", kPublicId}}, std::nullopt), 400,
               "unauthorized_client");
}

TEST_F(TokenErrorTest, UnsupportedGrantType) {
  expect_error(token({{"grant_type", "password"}, {"username", "u"}, {"password", "p"}}), 400,
               "unsupported_grant_type");
  expect_error(token({{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"}}), 400, "unsupported_grant_type");
}

TEST_F(TokenErrorTest, InvalidScope) {
  expect_error(token({{"grant_type", "client_credentials"}, {"scope", "admin"}}), 400, "invalid_scope");
  expect_error(token({{"grant_type", "client_credentials"}, {"scope", "mail "}}), 400, "invalid_scope");
  const auto tokens = tokens_for();
  expect_error(refresh(tokens["refresh_token"], "mail profile"), 400, "invalid_scope");
  expect_error(refresh(tokens["refresh_token"], "mail\"x"), 400, "invalid_scope");
  // A refused refresh does not rotate the token.
  EXPECT_EQ(refresh(tokens["refresh_token"]).status, 200);
}

TEST_F(TokenErrorTest, ErrorsAreRecordedWithTheirCode) {
  token({{"grant_type", "password"}});
  const auto record = server_->requests().back();
  EXPECT_EQ(record.status, 400);
  EXPECT_EQ(record.error, "unsupported_grant_type");
  EXPECT_EQ(record.grant_type, "password");
}

}  // namespace
}  // namespace mailsim::oauth::test
