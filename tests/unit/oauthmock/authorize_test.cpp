// The authorization endpoint: codes, state, redirect URIs, PKCE parameters,
// users and scripted outcomes.
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

using AuthorizeTest = OAuthCoreTest;

Params without(Params params, std::string_view name) {
  std::erase_if(params, [&](const auto& p) { return p.first == name; });
  return params;
}

Params with(Params params, std::string name, std::string value) {
  params = without(std::move(params), name);
  params.emplace_back(std::move(name), std::move(value));
  return params;
}

TEST_F(AuthorizeTest, RedirectsWithACodeTheStateAndTheIssuer) {
  const auto response = authorize(authorization_params());
  EXPECT_EQ(response.status, 302);
  const auto location = response.header("Location");
  EXPECT_TRUE(location.starts_with(std::string(kRedirect) + "?code=")) << location;
  const auto query = location_params(response);
  EXPECT_EQ(param(query, "state"), "xyz");
  EXPECT_EQ(param(query, "iss"), kIssuer);
  EXPECT_EQ(param(query, "code")->size(), 43u);
}

TEST_F(AuthorizeTest, EachAuthorizationGetsAFreshCode) { EXPECT_NE(code_for(), code_for()); }

TEST_F(AuthorizeTest, OmitsStateWhenTheClientSentNone) {
  const auto query = location_params(authorize(without(authorization_params(), "state")));
  EXPECT_TRUE(param(query, "code"));
  EXPECT_FALSE(param(query, "state"));
}

TEST_F(AuthorizeTest, RedirectsToTheLoopbackPortTheClientListensOn) {
  const auto response = authorize(with(authorization_params(), "redirect_uri", "http://127.0.0.1:49152/callback"));
  EXPECT_EQ(response.status, 302);
  EXPECT_TRUE(response.header("Location").starts_with("http://127.0.0.1:49152/callback?code="))
      << response.header("Location");
}

TEST_F(AuthorizeTest, KeepsTheQueryOfARegisteredRedirectUri) {
  const auto response = authorize(with(authorization_params(), "redirect_uri", "https://app.example/cb?tenant=1"));
  EXPECT_TRUE(response.header("Location").starts_with("https://app.example/cb?tenant=1&code="))
      << response.header("Location");
}

TEST_F(AuthorizeTest, UsesTheOnlyRegisteredRedirectUriWhenNoneIsGiven) {
  const Params params = {{"response_type", "code"}, {"client_id", kPublicId}};
  const auto response = authorize(params);
  EXPECT_EQ(response.status, 302);
  EXPECT_TRUE(response.header("Location").starts_with("http://[::1]/done?code=")) << response.header("Location");
}

TEST_F(AuthorizeTest, ProblemsWithClientOrRedirectUriAreAnsweredNotRedirected) {
  const std::vector<Params> cases = {
      without(authorization_params(), "client_id"),
      with(authorization_params(), "client_id", "nobody"),
      with(authorization_params(), "redirect_uri", "https://evil.example/cb"),
      with(authorization_params(), "redirect_uri", "http://127.0.0.1:5000/other"),
      // Two are registered: the client must say which.
      without(authorization_params(), "redirect_uri"),
  };
  for (const auto& params : cases) {
    const auto response = authorize(params);
    expect_error(response, 400, "invalid_request");
    EXPECT_EQ(response.header("Location"), "");
  }
  auto twice = authorization_params();
  twice.emplace_back("redirect_uri", "https://app.example/cb?tenant=1");
  expect_error(authorize(twice), 400, "invalid_request");
  EXPECT_TRUE(server_->issued_tokens().empty());
}

TEST_F(AuthorizeTest, OtherProblemsAreRedirectedWithTheState) {
  struct Case {
    Params params;
    std::string_view error;
  };
  auto repeated = authorization_params();
  repeated.emplace_back("scope", "mail");
  const std::vector<Case> cases = {
      {without(authorization_params(), "response_type"), "invalid_request"},
      {with(authorization_params(), "response_type", "token"), "unsupported_response_type"},
      {with(authorization_params(), "scope", "mail admin"), "invalid_scope"},
      {with(authorization_params(), "scope", "mail  openid"), "invalid_scope"},
      {with(authorization_params(), "code_challenge_method", "S512"), "invalid_request"},
      {with(authorization_params(), "code_challenge", "short"), "invalid_request"},
      {without(authorization_params(), "code_challenge"), "invalid_request"},
      {repeated, "invalid_request"},
  };
  for (const auto& c : cases) {
    const auto response = authorize(c.params);
    ASSERT_EQ(response.status, 302) << c.error;
    const auto query = location_params(response);
    EXPECT_EQ(param(query, "error"), c.error);
    EXPECT_TRUE(param(query, "error_description"));
    EXPECT_EQ(param(query, "state"), "xyz");
    EXPECT_FALSE(param(query, "code"));
  }
}

TEST_F(AuthorizeTest, AClientWithoutTheCodeGrantIsUnauthorized) {
  auto client = confidential_client();
  client.grant_types = {kClientCredentialsGrant};
  server_->add_client(client);
  EXPECT_EQ(param(location_params(authorize(authorization_params())), "error"), "unauthorized_client");
}

TEST_F(AuthorizeTest, RequirePkceRefusesRequestsWithoutAChallenge) {
  auto client = confidential_client();
  client.require_pkce = true;
  server_->add_client(client);
  auto params = without(without(authorization_params(), "code_challenge"), "code_challenge_method");
  EXPECT_EQ(param(location_params(authorize(params)), "error"), "invalid_request");
  EXPECT_TRUE(param(location_params(authorize(authorization_params())), "code"));
}

TEST_F(AuthorizeTest, LoginHintChoosesTheUserAmongTheConfiguredOnes) {
  auto client = confidential_client();
  client.users = {"alice@example.com", "carol@example.com"};
  server_->add_client(client);
  const auto tokens = tokens_for(with(authorization_params(), "login_hint", "carol@example.com"));
  EXPECT_EQ(
      server_->validate_access_token(tokens["access_token"].get<std::string>(), "carol@example.com", "mail").status,
      TokenStatus::valid);
  EXPECT_EQ(
      param(location_params(authorize(with(authorization_params(), "login_hint", "mallory@example.com"))), "error"),
      "access_denied");
}

TEST_F(AuthorizeTest, WithoutLoginHintTheDefaultUserConsents) {
  const auto tokens = tokens_for();
  const auto check = server_->validate_access_token(tokens["access_token"].get<std::string>(), "", "");
  EXPECT_EQ(check.user, "alice@example.com");
}

TEST_F(AuthorizeTest, ScriptedOutcomesEndTheNextAuthorizations) {
  server_->script_authorize({AuthorizeOutcome::access_denied, std::chrono::milliseconds(0), 1, ""});
  server_->script_authorize({AuthorizeOutcome::consent_required, std::chrono::milliseconds(0), 1, ""});
  server_->script_authorize({AuthorizeOutcome::invalid_scope, std::chrono::milliseconds(0), 1, ""});
  for (const std::string_view error : {"access_denied", "consent_required", "invalid_scope"}) {
    const auto query = location_params(authorize(authorization_params()));
    EXPECT_EQ(param(query, "error"), error);
    EXPECT_EQ(param(query, "state"), "xyz");
  }
  EXPECT_TRUE(param(location_params(authorize(authorization_params())), "code"));
}

TEST_F(AuthorizeTest, AScriptForOneClientLeavesOthersAlone) {
  server_->script_authorize({AuthorizeOutcome::access_denied, std::chrono::milliseconds(0), 0, kPublicId});
  EXPECT_TRUE(param(location_params(authorize(authorization_params())), "code"));
  const Params public_params = {{"response_type", "code"}, {"client_id", kPublicId}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(param(location_params(authorize(public_params)), "error"), "access_denied");
  server_->clear_scripts();
  EXPECT_TRUE(param(location_params(authorize(public_params)), "code"));
}

TEST_F(AuthorizeTest, AScriptedDelayIsHandedToTheFrontEnd) {
  server_->script_authorize({AuthorizeOutcome::consent, std::chrono::milliseconds(250), 1, ""});
  const auto slow = authorize(authorization_params());
  EXPECT_EQ(slow.delay, std::chrono::milliseconds(250));
  EXPECT_TRUE(param(location_params(slow), "code"));
  EXPECT_EQ(authorize(authorization_params()).delay, std::chrono::milliseconds(0));
}

TEST_F(AuthorizeTest, ExtraParametersAreAcceptedAndRecorded) {
  auto params = authorization_params();
  params.emplace_back("prompt", "consent");
  params.emplace_back("access_type", "offline");
  EXPECT_TRUE(param(location_params(authorize(params)), "code"));
  const auto records = server_->requests();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].endpoint, Endpoint::authorize);
  EXPECT_EQ(records[0].client_id, kClientId);
  EXPECT_EQ(records[0].scope, "mail offline_access");
  EXPECT_EQ(param(records[0].params, "access_type"), "offline");
  EXPECT_EQ(param(records[0].params, "code_challenge"), kChallenge);
  EXPECT_EQ(records[0].status, 302);
}

}  // namespace
}  // namespace mailsim::oauth::test
