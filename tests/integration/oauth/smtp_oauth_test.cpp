// Our SMTP client logs in to the SMTP mock by XOAUTH2 and OAUTHBEARER with
// tokens from the OAuth mock, checked in-process through oauth_link; the
// VirtualClock both mocks share expires them.
#include "client/smtp/smtp_client.hpp"
#include "common/base64.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauth_fixture.hpp"

namespace mailsim::oauth_integration {
namespace {

const std::string kMessage =
    "From: alice@example.com\r\n"
    "To: bob@example.com\r\n"
    "Subject: oauth\r\n"
    "\r\n"
    "Sent with a bearer token.\r\n";

class SmtpWithOAuth : public OAuthFixture, public ::testing::WithParamInterface<sasl::Mechanism> {
 protected:
  SmtpWithOAuth() : smtp_(smtp_config()) { smtp_.start(); }

  mock::SmtpServerConfig smtp_config() {
    mock::SmtpServerConfig config;
    config.auth_required = true;
    config.clock = clock_;
    config.token_checker = mock::make_oauth_token_checker(core_, {.required_scope = "mail"});
    return config;
  }

  client::smtp::SmtpResult send(const std::string& token, sasl::Mechanism mechanism, std::string user = kUser) {
    client::smtp::SmtpClientOptions options;
    options.host = "127.0.0.1";
    options.port = smtp_.port();
    options.credentials = sasl::ClientCredentials{.user = std::move(user), .access_token = token};
    options.mechanism = mechanism;
    options.timeouts.command = std::chrono::seconds(10);
    return client::smtp::SmtpClient(options).send({kUser, {"bob@example.com"}}, kMessage);
  }

  std::string last_transcript() const {
    const auto all = smtp_.transcripts();
    return all.empty() ? std::string() : all.back().transcript->render();
  }

  mock::SmtpServer smtp_;
};

TEST_P(SmtpWithOAuth, AFreshlyIssuedTokenLogsIn) {
  const auto tokens = generate_tokens();
  const auto token = manager()->get(Side::outbound);
  ASSERT_TRUE(token.ok()) << client::describe(*token.failure);
  const auto r = send(token.access_token, GetParam());
  ASSERT_TRUE(r.ok()) << client::describe(*r.failure);
  EXPECT_EQ(r.session.auth_mechanism, GetParam());
  ASSERT_TRUE(smtp_.wait_for_messages(1, std::chrono::seconds(10)));
  EXPECT_EQ(smtp_.messages().at(0).authenticated_user, kUser);
  EXPECT_EQ(last_transcript().find(tokens.access_token), std::string::npos);
}

TEST_P(SmtpWithOAuth, AnExpiredTokenGetsTheErrorChallengeThenARefreshedOneWorks) {
  const auto first = generate_tokens();
  clock_->advance(3601s);
  const auto rejected = send(first.access_token, GetParam());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.failure->reason, Reason::oauth_token_rejected);
  EXPECT_EQ(rejected.failure->stage, client::Stage::authenticate);
  const std::string json = GetParam() == sasl::Mechanism::xoauth2
                               ? R"({"status":"401","schemes":"bearer","scope":"mail"})"
                               : R"({"status":"invalid_token","scope":"mail"})";
  EXPECT_EQ(rejected.failure->sasl_error, json);
  EXPECT_NE(last_transcript().find("S: 334 " + base64_encode(json)), std::string::npos) << last_transcript();
  EXPECT_TRUE(smtp_.messages().empty());

  // The connector's rule: refresh once, then try once more.
  auto tokens = manager();
  const auto fresh = tokens->refresh_rejected(Side::outbound, first.access_token);
  ASSERT_TRUE(fresh.ok()) << client::describe(*fresh.failure);
  const auto retried = send(fresh.access_token, GetParam());
  ASSERT_TRUE(retried.ok()) << client::describe(*retried.failure);
  EXPECT_TRUE(smtp_.wait_for_messages(1, std::chrono::seconds(10)));
}

TEST_P(SmtpWithOAuth, AnotherUsersTokenIsRejected) {
  const auto first = generate_tokens();
  const auto r = send(first.access_token, GetParam(), "bob@example.com");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_token_rejected);
}

TEST_P(SmtpWithOAuth, ARevokedTokenIsRejected) {
  const auto first = generate_tokens();
  ASSERT_TRUE(core_->revoke_token(first.access_token));
  const auto r = send(first.access_token, GetParam());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_token_rejected);
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, SmtpWithOAuth,
                         ::testing::Values(sasl::Mechanism::xoauth2, sasl::Mechanism::oauthbearer),
                         [](const auto& info) { return std::string(sasl::to_string(info.param)); });

class OAuthLink : public OAuthFixture {
 protected:
  mock::TokenChecker checker_ =
      mock::make_oauth_token_checker(core_, {.required_scope = "mail", .openid_configuration = "https://idp/.wk"});
};

TEST_F(OAuthLink, AcceptsAValidTokenForItsUser) {
  const auto t = core_->issue_tokens(kClientId, kUser, "mail");
  EXPECT_TRUE(checker_(kUser, t.access_token).valid);
  EXPECT_TRUE(checker_("ALICE@example.com", t.access_token).valid);  // user names are case-insensitive
  EXPECT_TRUE(checker_("", t.access_token).valid);                   // OAUTHBEARER without authzid
}

TEST_F(OAuthLink, NamesEachRejection) {
  const auto expect_rejected = [](const sasl::TokenVerdict& v, const char* status) {
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.status, status);
    EXPECT_EQ(v.scope, "mail");
    EXPECT_EQ(v.openid_configuration, "https://idp/.wk");
  };
  const auto t = core_->issue_tokens(kClientId, kUser, "mail");
  {
    SCOPED_TRACE("wrong user");
    expect_rejected(checker_("bob@example.com", t.access_token), "invalid_token");
  }
  {
    SCOPED_TRACE("unknown token");
    expect_rejected(checker_(kUser, "not-a-token"), "invalid_token");
  }
  {
    SCOPED_TRACE("a refresh token is not an access token");
    expect_rejected(checker_(kUser, t.refresh_token.empty() ? "x" : t.refresh_token), "invalid_token");
  }
  {
    SCOPED_TRACE("wrong scope");
    const auto narrow = core_->issue_tokens(kClientId, kUser, "offline_access");
    expect_rejected(checker_(kUser, narrow.access_token), "insufficient_scope");
  }
  {
    SCOPED_TRACE("revoked");
    const auto revoked = core_->issue_tokens(kClientId, kUser, "mail");
    ASSERT_TRUE(core_->revoke_token(revoked.access_token));
    expect_rejected(checker_(kUser, revoked.access_token), "invalid_token");
  }
  {
    SCOPED_TRACE("expired");
    clock_->advance(3600s);
    expect_rejected(checker_(kUser, t.access_token), "invalid_token");
  }
}

TEST_F(OAuthLink, WithoutARequiredScopeAnyScopeDoes) {
  const auto any = mock::make_oauth_token_checker(core_);
  const auto narrow = core_->issue_tokens(kClientId, kUser, "offline_access");
  EXPECT_TRUE(any(kUser, narrow.access_token).valid);
  const auto v = any(kUser, "unknown");
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.scope, "");
  EXPECT_THROW(mock::make_oauth_token_checker(nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace mailsim::oauth_integration
