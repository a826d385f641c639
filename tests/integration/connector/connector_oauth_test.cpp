// The connector's side of OAuth, with scripted tokens standing in for the
// token manager: a rejected token is refreshed and tried once more, a
// failed refresh is oauth_refresh_failed, a token rejected twice is
// oauth_token_rejected with the server's decoded error challenge.
#include <gtest/gtest.h>

#include "client/connector/connector.hpp"
#include "client/connector/test_connection_format.hpp"
#include "integration/connector/connector_fixture.hpp"

namespace {

using namespace mailsim;
using client::Reason;
using client::Stage;

constexpr const char* kStale = "stale-access-token-0123456789";
constexpr const char* kFresh = "fresh-access-token-9876543210";

client::OAuth2Settings oauth2_block() {
  client::OAuth2Settings o;
  o.client_id = "mailsim-test";
  o.client_secret = "client-secret-value";
  o.authorization_url = "http://127.0.0.1:1/authorize";
  o.access_token_url = "http://127.0.0.1:1/token";
  o.scope = {"https://mail.example.com/"};
  return o;
}

// Both sides log in with the outbound token (same_as_outbound_oauth2).
struct OAuthPair {
  OAuthPair() {
    auto smtp = test::smtp_config(mock::Security::ssl_tls);
    smtp.token_checker = test::accept_only(kFresh);
    auto imap = test::imap_config(mock::Security::ssl_tls);
    imap.token_checker = test::accept_only(kFresh);
    mocks = std::make_unique<test::MockPair>(smtp, imap);
    connection = mocks->connection;
    connection.outbound.authentication = client::OutboundAuthentication::oauth2;
    connection.outbound.password.clear();
    connection.outbound.oauth2 = oauth2_block();
    connection.inbound.authentication = client::InboundAuthentication::same_as_outbound_oauth2;
    connection.inbound.password.clear();
  }
  std::unique_ptr<test::MockPair> mocks;
  client::ConnectionConfig connection;
};

client::ConnectorOptions with_tokens(std::shared_ptr<client::AccessTokenProvider> tokens) {
  auto options = test::trusting_options();
  options.tokens = std::move(tokens);
  return options;
}

void expect_no_tokens(const client::TestConnectionReport& report) {
  const std::string text =
      client::format_test_connection(report, true) + client::test_connection_json(report, true).dump();
  for (const char* secret : {kStale, kFresh, "client-secret-value"})
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
}

TEST(ConnectorOAuth, FreshTokenPassesBothSides) {
  OAuthPair pair;
  auto tokens = std::make_shared<test::ScriptedTokens>(kFresh, kFresh);
  const auto report = client::test_connection(pair.connection, with_tokens(tokens));
  ASSERT_TRUE(report.ok()) << client::format_test_connection(report, true);
  EXPECT_EQ(tokens->refreshes(), 0);
  EXPECT_EQ(tokens->calls(), 2);  // one per side, both for the outbound token set
  expect_no_tokens(report);
}

TEST(ConnectorOAuth, RejectedTokenIsRefreshedAndTriedOnceMore) {
  OAuthPair pair;
  auto tokens = std::make_shared<test::ScriptedTokens>(kStale, kFresh);
  const auto report = client::test_connection(pair.connection, with_tokens(tokens));
  ASSERT_TRUE(report.ok()) << client::format_test_connection(report, true);
  EXPECT_EQ(tokens->refreshes(), 2);
  for (const auto* side : {&report.outbound, &report.inbound}) {
    const bool retried = std::any_of(side->transcript.begin(), side->transcript.end(),
                                     [](const auto& line) { return line.find("refreshed") != std::string::npos; });
    EXPECT_TRUE(retried);
  }
  expect_no_tokens(report);
}

TEST(ConnectorOAuth, TokenRejectedTwiceIsOauthTokenRejected) {
  OAuthPair pair;
  auto tokens = std::make_shared<test::ScriptedTokens>(kStale, kStale);
  const auto report = client::test_connection(pair.connection, with_tokens(tokens));
  for (const auto* side : {&report.outbound, &report.inbound}) {
    ASSERT_FALSE(side->ok());
    EXPECT_EQ(side->failure->reason, Reason::oauth_token_rejected) << client::describe(*side->failure);
    EXPECT_EQ(side->failure->stage, Stage::authenticate);
    // The server's JSON error challenge, decoded.
    EXPECT_NE(side->failure->sasl_error.find("https://mail.example.com/"), std::string::npos)
        << side->failure->sasl_error;
  }
  const auto json = client::test_connection_json(report);
  EXPECT_TRUE(json["outbound"]["sasl_error"].is_object()) << json.dump();
  expect_no_tokens(report);
}

TEST(ConnectorOAuth, FailedRefreshIsOauthRefreshFailed) {
  OAuthPair pair;
  auto tokens = std::make_shared<test::ScriptedTokens>(kStale, std::nullopt);
  const auto report = client::test_connection(pair.connection, with_tokens(tokens));
  for (const auto* side : {&report.outbound, &report.inbound}) {
    ASSERT_FALSE(side->ok());
    EXPECT_EQ(side->failure->reason, Reason::oauth_refresh_failed) << client::describe(*side->failure);
    EXPECT_EQ(side->failure->stage, Stage::authenticate);
    EXPECT_FALSE(side->failure->server_words.empty());  // the rejection that made us refresh
  }
  expect_no_tokens(report);
}

TEST(ConnectorOAuth, NoTokenSourceIsConsentRequired) {
  OAuthPair pair;
  const auto report = client::test_connection(pair.connection, test::trusting_options());
  for (const auto* side : {&report.outbound, &report.inbound}) {
    ASSERT_FALSE(side->ok());
    EXPECT_EQ(side->failure->reason, Reason::oauth_consent_required);
  }
}

TEST(ConnectorOAuth, OperationsRetryToo) {
  OAuthPair pair;
  auto tokens = std::make_shared<test::ScriptedTokens>(kStale, kFresh);
  const client::Connector connector(pair.connection, with_tokens(tokens));
  const auto sent = connector.send_raw({"alice@example.com", {"bob@example.com"}},
                                       "From: alice@example.com\r\nSubject: t\r\n\r\nx\r\n");
  ASSERT_TRUE(sent.ok()) << client::describe(*sent.failure);
  const auto listed = connector.folders();
  ASSERT_TRUE(listed.ok()) << client::describe(*listed.failure);
  EXPECT_EQ(tokens->refreshes(), 2);
  for (const auto& line : sent.transcript) EXPECT_EQ(line.find(kFresh), std::string::npos) << line;
}

}  // namespace
