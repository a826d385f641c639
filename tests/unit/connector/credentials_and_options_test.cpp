// From the connection file to what the SMTP and IMAP clients get, and the
// OAuth retry rule, without any network.
#include <gtest/gtest.h>

#include "client/connector/client_options.hpp"
#include "client/connector/side_credentials.hpp"
#include "client/connector/test_connection.hpp"
#include "client/connector/token_retry.hpp"

namespace {

using namespace mailsim;
using namespace mailsim::client;

ConnectionConfig basic_config() {
  ConnectionConfig c;
  c.outbound.host = "smtp.example.com";
  c.outbound.port = 587;
  c.outbound.security = Security::starttls;
  c.outbound.user = "alice";
  c.outbound.password = "out-secret";
  c.inbound.host = "imap.example.com";
  c.inbound.port = 993;
  c.inbound.security = Security::ssl_tls;
  c.inbound.user = "alice@example.com";
  c.inbound.password = "in-secret";
  c.tls.ca_file = "/etc/company-ca.pem";
  c.tls.verify = false;
  c.tls.min_version = "1.3";
  c.timeouts.connect = std::chrono::seconds(3);
  c.timeouts.command = std::chrono::seconds(7);
  c.timeouts.overall = std::chrono::seconds(40);
  return c;
}

ConnectionConfig oauth_config() {
  auto c = basic_config();
  c.outbound.authentication = OutboundAuthentication::oauth2;
  c.inbound.authentication = InboundAuthentication::same_as_outbound_oauth2;
  return c;
}

class RecordingTokens : public AccessTokenProvider {
 public:
  std::optional<std::string> access_token(Side side, bool force_refresh) override {
    asked.emplace_back(side, force_refresh);
    if (force_refresh) return refreshed;
    return first;
  }
  std::optional<Failure> last_failure(Side) const override { return failure; }
  std::optional<std::string> first = std::string("token-1");
  std::optional<std::string> refreshed = std::string("token-2");
  std::optional<Failure> failure;
  std::vector<std::pair<Side, bool>> asked;
};

TEST(ClientOptions, SmtpGetsEverySettingOfTheFile) {
  ConnectorOptions options;
  options.extra_ca_pem = "PEM";
  options.helo_name = "client.example.com";
  const auto smtp = smtp_client_options(basic_config(), options, sasl::ClientCredentials{.user = "alice"});
  EXPECT_EQ(smtp.host, "smtp.example.com");
  EXPECT_EQ(smtp.port, 587);
  EXPECT_EQ(smtp.security, Security::starttls);
  EXPECT_FALSE(smtp.tls.verify);
  EXPECT_EQ(smtp.tls.ca_file, "/etc/company-ca.pem");
  EXPECT_EQ(smtp.tls.ca_pem, "PEM");
  EXPECT_EQ(smtp.tls.min_version, tls::Version::tls1_3);
  EXPECT_EQ(smtp.timeouts.connect, std::chrono::seconds(3));
  EXPECT_EQ(smtp.timeouts.command, std::chrono::seconds(7));
  EXPECT_EQ(smtp.timeouts.overall, std::chrono::seconds(40));
  EXPECT_EQ(smtp.helo_name, "client.example.com");
  ASSERT_TRUE(smtp.credentials);
  EXPECT_EQ(smtp.credentials->user, "alice");
}

TEST(ClientOptions, ImapLogsInWithLoginOrOAuth) {
  const auto basic = imap_client_options(basic_config(), {}, sasl::ClientCredentials{.user = "a"}, false);
  EXPECT_EQ(basic.host, "imap.example.com");
  EXPECT_EQ(basic.port, 993);
  EXPECT_EQ(basic.security, Security::ssl_tls);
  EXPECT_EQ(basic.auth, imap::AuthMethod::login);
  EXPECT_EQ(basic.timeouts.overall, std::chrono::milliseconds(std::chrono::seconds(40)));
  const auto oauth = imap_client_options(basic_config(), {}, sasl::ClientCredentials{.user = "a"}, true);
  EXPECT_EQ(oauth.auth, imap::AuthMethod::oauth);
}

TEST(SideCredentials, BasicUsesTheFilesPassword) {
  const auto c = basic_config();
  auto out = resolve_credentials(c, Side::outbound, nullptr, false);
  ASSERT_TRUE(std::holds_alternative<SideCredentials>(out));
  const auto& o = std::get<SideCredentials>(out);
  EXPECT_FALSE(o.oauth);
  EXPECT_EQ(o.credentials->password, "out-secret");
  auto in = resolve_credentials(c, Side::inbound, nullptr, false);
  EXPECT_EQ(std::get<SideCredentials>(in).credentials->password, "in-secret");
}

TEST(SideCredentials, NoAuthenticationMeansNoCredentials) {
  auto c = basic_config();
  c.outbound.use_authentication = false;
  auto out = resolve_credentials(c, Side::outbound, nullptr, false);
  EXPECT_FALSE(std::get<SideCredentials>(out).credentials);
}

TEST(SideCredentials, InboundSameAsOutboundAsksForTheOutboundToken) {
  const auto c = oauth_config();
  EXPECT_EQ(token_side(c, Side::inbound), Side::outbound);
  RecordingTokens tokens;
  auto in = resolve_credentials(c, Side::inbound, &tokens, false);
  const auto& creds = std::get<SideCredentials>(in);
  EXPECT_TRUE(creds.oauth);
  EXPECT_EQ(creds.credentials->access_token, "token-1");
  EXPECT_EQ(creds.credentials->user, "alice@example.com");  // the inbound user, the outbound token
  EXPECT_TRUE(creds.credentials->password.empty());
  ASSERT_EQ(tokens.asked.size(), 1u);
  EXPECT_EQ(tokens.asked[0], (std::pair{Side::outbound, false}));
}

TEST(SideCredentials, MissingTokensAreOAuthFailures) {
  const auto c = oauth_config();
  auto none = resolve_credentials(c, Side::outbound, nullptr, false);
  EXPECT_EQ(std::get<Failure>(none).reason, Reason::oauth_consent_required);

  RecordingTokens tokens;
  tokens.first.reset();
  auto failed = resolve_credentials(c, Side::outbound, &tokens, false);
  EXPECT_EQ(std::get<Failure>(failed).reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(std::get<Failure>(failed).stage, Stage::authenticate);

  // A provider that knows why passes its reason on.
  tokens.failure =
      Failure{Reason::oauth_consent_required, Stage::config, "400 invalid_grant", "", "generate again", ""};
  auto known = resolve_credentials(c, Side::outbound, &tokens, false);
  EXPECT_EQ(std::get<Failure>(known).reason, Reason::oauth_consent_required);
  EXPECT_EQ(std::get<Failure>(known).server_words, "400 invalid_grant");
  EXPECT_EQ(std::get<Failure>(known).stage, Stage::config);  // kept: a config stage means unusable input
}

Failure rejected() {
  return Failure{Reason::oauth_token_rejected, Stage::authenticate, "535 5.7.8 bad token", "", "",
                 "{\"status\":\"401\"}"};
}

TEST(TokenRetry, RetriesOnceWithARefreshedToken) {
  RecordingTokens tokens;
  std::vector<std::string> presented;
  int notes = 0;
  const auto failure = run_with_credentials(
      oauth_config(), Side::outbound, &tokens,
      [&](const SideCredentials& c) -> std::optional<Failure> {
        presented.push_back(c.credentials->access_token);
        if (c.credentials->access_token == "token-1") return rejected();
        return std::nullopt;
      },
      [&] { ++notes; });
  EXPECT_FALSE(failure);
  EXPECT_EQ(presented, (std::vector<std::string>{"token-1", "token-2"}));
  EXPECT_EQ(notes, 1);
}

TEST(TokenRetry, ASecondRejectionIsFinal) {
  RecordingTokens tokens;
  int attempts = 0;
  const auto failure = run_with_credentials(oauth_config(), Side::outbound, &tokens, [&](const SideCredentials&) {
    ++attempts;
    return std::optional<Failure>(rejected());
  });
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::oauth_token_rejected);
  EXPECT_EQ(attempts, 2);
}

TEST(TokenRetry, AFailedRefreshKeepsTheServersWords) {
  RecordingTokens tokens;
  tokens.refreshed.reset();
  const auto failure = run_with_credentials(oauth_config(), Side::outbound, &tokens,
                                            [&](const SideCredentials&) { return std::optional<Failure>(rejected()); });
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(failure->server_words, "535 5.7.8 bad token");
  EXPECT_EQ(failure->sasl_error, "{\"status\":\"401\"}");
}

TEST(TokenRetry, OtherFailuresAndPasswordsAreNotRetried) {
  RecordingTokens tokens;
  int attempts = 0;
  auto failure = run_with_credentials(oauth_config(), Side::outbound, &tokens, [&](const SideCredentials&) {
    ++attempts;
    return std::optional<Failure>(Failure{Reason::throttled, Stage::authenticate, "421", "", "", ""});
  });
  EXPECT_EQ(failure->reason, Reason::throttled);
  EXPECT_EQ(attempts, 1);

  attempts = 0;
  failure = run_with_credentials(basic_config(), Side::outbound, &tokens, [&](const SideCredentials&) {
    ++attempts;
    return std::optional<Failure>(rejected());
  });
  EXPECT_EQ(attempts, 1);
  EXPECT_TRUE(tokens.asked.size() == 1u);  // only the throttled run asked
}

TEST(PlannedStages, FollowTheSecurityAndLogin) {
  auto c = basic_config();
  EXPECT_EQ(planned_stages(c, Side::outbound),
            (std::vector<Stage>{Stage::resolve, Stage::connect, Stage::greeting, Stage::capabilities, Stage::starttls,
                                Stage::tls, Stage::authenticate, Stage::command, Stage::logout}));
  EXPECT_EQ(planned_stages(c, Side::inbound),
            (std::vector<Stage>{Stage::resolve, Stage::connect, Stage::tls, Stage::greeting, Stage::capabilities,
                                Stage::authenticate, Stage::command, Stage::logout}));
  c.outbound.security = Security::none;
  c.outbound.use_authentication = false;
  EXPECT_EQ(planned_stages(c, Side::outbound),
            (std::vector<Stage>{Stage::resolve, Stage::connect, Stage::greeting, Stage::capabilities, Stage::command,
                                Stage::logout}));
}

}  // namespace
