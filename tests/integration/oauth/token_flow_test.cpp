// The connector's token manager against the real OAuth mock over loopback
// HTTP(S): generate headlessly, refresh before expiry and after a
// rejection, rotation, revocation, retries, one refresh for many callers.
#include <thread>

#include "client/oauth/form_urlencoded.hpp"
#include "oauth_fixture.hpp"

namespace mailsim::oauth_integration {
namespace {

std::string param(const mock_oauth::Params& params, std::string_view name) {
  for (const auto& [n, v] : params) {
    if (n == name) return v;
  }
  return "<absent>";
}

class TokenFlow : public OAuthFixture {};

TEST_F(TokenFlow, GeneratesHeadlesslyWithPkceAndStoresTheSet) {
  const auto tokens = generate_tokens();
  ASSERT_FALSE(tokens.access_token.empty());
  EXPECT_FALSE(tokens.refresh_token.empty());
  EXPECT_EQ(tokens.scope, "mail offline_access");
  EXPECT_EQ(tokens.expires_at, clock_->now() + 3600s);
  EXPECT_TRUE(core_->validate_access_token(tokens.access_token, kUser, "mail").valid());
  EXPECT_EQ(coauth::TokenStore(folder_ / "tokens.store", key_).load(Side::outbound), tokens);

  const auto requests = core_->requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto& authorize = requests[0];
  EXPECT_EQ(authorize.endpoint, mock_oauth::Endpoint::authorize);
  EXPECT_EQ(authorize.status, 302);
  EXPECT_EQ(param(authorize.params, "code_challenge_method"), "S256");
  EXPECT_EQ(param(authorize.params, "login_hint"), kUser);
  EXPECT_EQ(param(authorize.params, "scope"), "mail offline_access");
  const auto& token = requests[1];
  EXPECT_EQ(token.grant_type, "authorization_code");
  EXPECT_EQ(token.client_auth, "client_secret_basic");
  EXPECT_EQ(token.status, 200);
  EXPECT_EQ(param(token.params, "audience"), "mailsim-tests");
  EXPECT_EQ(param(token.params, "code_verifier"), mock_oauth::kRedacted);
}

TEST_F(TokenFlow, FormClientAuthenticationWorksToo) {
  auto client = std::make_shared<coauth::TokenClient>(settings(), coauth::make_http_transport(), clock_,
                                                      coauth::ClientAuthentication::form);
  coauth::GenerateOptions options;
  options.headless = true;
  options.timeout = 30s;
  ASSERT_TRUE(coauth::run_authorization_flow(*client, options).ok());
  EXPECT_EQ(token_requests("authorization_code").at(0).client_auth, "client_secret_post");
}

TEST_F(TokenFlow, ARegistrationMismatchIsReportedWithTheServersWords) {
  auto s = settings();
  s.client_id = "unknown-client";
  coauth::TokenClient client(s, coauth::make_http_transport(), clock_);
  coauth::GenerateOptions options;
  options.headless = true;
  options.timeout = 30s;
  const auto r = coauth::run_authorization_flow(client, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_EQ(r.failure->server_words, "invalid_request: unknown client");
}

TEST_F(TokenFlow, AScriptedDenialIsConsentRequired) {
  core_->script_authorize({.outcome = mock_oauth::AuthorizeOutcome::access_denied});
  coauth::GenerateOptions options;
  options.headless = true;
  options.timeout = 30s;
  const auto r = coauth::generate(*token_client(), *store_, Side::outbound, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_consent_required);
  EXPECT_NE(r.failure->server_words.find("access_denied"), std::string::npos);
  EXPECT_EQ(store_->load(Side::outbound), std::nullopt);
}

TEST_F(TokenFlow, RefreshesBeforeExpiryAndRotatesTheRefreshToken) {
  const auto first = generate_tokens();
  auto tokens = manager();
  EXPECT_EQ(tokens->get(Side::outbound).access_token, first.access_token);
  EXPECT_TRUE(token_requests("refresh_token").empty());

  clock_->advance(3600s - 30s);  // inside the skew margin, not yet expired
  const auto r = tokens->get(Side::outbound);
  ASSERT_TRUE(r.ok()) << client::describe(*r.failure);
  EXPECT_TRUE(r.refreshed);
  EXPECT_NE(r.access_token, first.access_token);
  EXPECT_TRUE(core_->validate_access_token(r.access_token, kUser, "mail").valid());
  ASSERT_EQ(token_requests("refresh_token").size(), 1u);

  const auto saved = coauth::TokenStore(folder_ / "tokens.store", key_).load(Side::outbound);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->access_token, r.access_token);
  EXPECT_NE(saved->refresh_token, first.refresh_token);
  // The retired refresh token no longer works at the mock.
  const auto reuse = token_client()->refresh(first.refresh_token);
  ASSERT_FALSE(reuse.ok());
  EXPECT_EQ(reuse.error->error, "invalid_grant");
}

TEST_F(TokenFlow, ForcedRefreshAfterTheServerDroppedAValidLookingToken) {
  const auto first = generate_tokens();
  auto tokens = manager();
  core_->expire_access_tokens();  // the server forgets; our clock says it is fine
  EXPECT_FALSE(core_->validate_access_token(first.access_token, kUser, "mail").valid());
  EXPECT_EQ(tokens->get(Side::outbound).access_token, first.access_token);
  const auto r = tokens->refresh_rejected(Side::outbound, first.access_token);
  ASSERT_TRUE(r.ok()) << client::describe(*r.failure);
  EXPECT_TRUE(core_->validate_access_token(r.access_token, kUser, "mail").valid());
}

TEST_F(TokenFlow, ARevokedRefreshTokenEndsAsRefreshFailed) {
  const auto first = generate_tokens();
  ASSERT_TRUE(core_->revoke_token(first.refresh_token));
  auto tokens = manager();
  const auto r = tokens->get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(r.failure->hint, "generate a new token");
  EXPECT_TRUE(r.failure->server_words.starts_with("invalid_grant")) << r.failure->server_words;
  EXPECT_EQ(token_requests("refresh_token").size(), 1u);
  EXPECT_EQ(tokens->access_token(Side::inbound, true), std::nullopt);  // same_as_outbound shares the failure
}

TEST_F(TokenFlow, ServerErrorsAreRetriedWithBackoffThenSucceed) {
  generate_tokens();
  core_->fail_token_calls({.kind = mock_oauth::TokenFault::Kind::http_status, .status = 503, .times = 2});
  auto tokens = manager();
  const auto r = tokens->get(Side::outbound, true);
  ASSERT_TRUE(r.ok()) << client::describe(*r.failure);
  EXPECT_EQ(token_requests("refresh_token").size(), 3u);
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST_F(TokenFlow, MalformedJsonIsReportedNotRetried) {
  generate_tokens();
  core_->fail_token_calls({.kind = mock_oauth::TokenFault::Kind::malformed_json});
  auto tokens = manager();
  const auto r = tokens->get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_NE(r.failure->detail.find("not a JSON object"), std::string::npos) << r.failure->detail;
  EXPECT_EQ(token_requests("refresh_token").size(), 1u);
}

TEST_F(TokenFlow, ConcurrentCallersRefreshOnceAtTheMock) {
  generate_tokens();
  auto tokens = manager();
  clock_->advance(2h);
  constexpr int kCallers = 8;
  std::vector<std::string> got(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      const auto r = tokens->get(i % 2 ? Side::inbound : Side::outbound);  // inbound shares outbound's set
      got[i] = r.ok() ? r.access_token : client::describe(*r.failure);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(token_requests("refresh_token").size(), 1u);
  for (const auto& token : got) {
    EXPECT_EQ(token, got[0]);
    EXPECT_TRUE(core_->validate_access_token(token, kUser, "mail").valid()) << token;
  }
}

class TokenFlowOverHttps : public OAuthFixture {
 protected:
  TokenFlowOverHttps() : OAuthFixture(mock_oauth::HttpSecurity::tls) {}
};

TEST_F(TokenFlowOverHttps, WorksWithTheImportedCa) {
  EXPECT_TRUE(server_->base_url().starts_with("https://"));
  generate_tokens();
  const auto r = manager()->get(Side::outbound, true);
  ASSERT_TRUE(r.ok()) << client::describe(*r.failure);
}

TEST_F(TokenFlowOverHttps, AnUntrustedCertificateIsNamed) {
  generate_tokens();
  coauth::HttpTransportOptions untrusted;
  untrusted.ca_pem = coauth::StoreKey::random().id_hex();  // no certificate in it
  auto client = std::make_shared<coauth::TokenClient>(settings(), coauth::make_http_transport(), clock_);
  const auto r = manager(client)->get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_NE(r.failure->hint.find("CA"), std::string::npos) << r.failure->hint;
  EXPECT_EQ(token_requests("refresh_token").size(), 0u);
  // A CA text without a certificate is a TLS setup error, not a silent pass.
  const auto bad = coauth::TokenClient(settings(), coauth::make_http_transport(untrusted), clock_).refresh("x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error->transport, coauth::HttpFailure::tls_failed);
}

}  // namespace
}  // namespace mailsim::oauth_integration
