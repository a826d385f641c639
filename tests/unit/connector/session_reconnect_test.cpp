// The connector's answer to a server that ends a session because its token
// expired (Exchange Online's BYE): refresh, reconnect, redo once; never loop.
#include <gtest/gtest.h>

#include "client/connector/token_retry.hpp"

namespace {

using namespace mailsim;
using namespace mailsim::client;

ConnectionConfig oauth_config() {
  ConnectionConfig c;
  c.outbound.host = "smtp.example.com";
  c.outbound.authentication = OutboundAuthentication::oauth2;
  c.outbound.user = "alice@example.com";
  c.inbound.host = "imap.example.com";
  c.inbound.authentication = InboundAuthentication::same_as_outbound_oauth2;
  c.inbound.user = "alice@example.com";
  return c;
}

class CountingTokens : public AccessTokenProvider {
 public:
  std::optional<std::string> access_token(Side, bool force_refresh) override {
    if (!force_refresh) return "token-" + std::to_string(generation);
    if (!refresh_works) return std::nullopt;
    return "token-" + std::to_string(++generation);
  }
  int generation = 1;
  bool refresh_works = true;
};

Failure session_ended() {
  return Failure{Reason::connection_lost, Stage::command, "* BYE Session invalidated - AccessTokenExpired",
                 "the server closed the connection", "", ""};
}

TEST(SessionReconnect, TheByeIsRecognisedByItsWordsOnly) {
  EXPECT_TRUE(session_token_expired(session_ended()));
  auto other_bye = session_ended();
  other_bye.server_words = "* BYE Disconnected for inactivity.";
  EXPECT_FALSE(session_token_expired(other_bye));
  auto not_lost = session_ended();
  not_lost.reason = Reason::command_failed;
  EXPECT_FALSE(session_token_expired(not_lost));
}

TEST(SessionReconnect, ReconnectsOnceWithARefreshedToken) {
  CountingTokens tokens;
  std::vector<std::string> presented;
  int reconnects = 0;
  const auto failure = run_with_reconnect(
      oauth_config(), Side::inbound, &tokens,
      [&](const SideCredentials& c) -> std::optional<Failure> {
        presented.push_back(c.credentials->access_token);
        if (presented.size() == 1) return session_ended();
        return std::nullopt;
      },
      {}, [&] { ++reconnects; });
  EXPECT_FALSE(failure);
  EXPECT_EQ(presented, (std::vector<std::string>{"token-1", "token-2"}));
  EXPECT_EQ(reconnects, 1);
}

TEST(SessionReconnect, ASecondByeRightAfterIsReportedNotLooped) {
  CountingTokens tokens;
  int attempts = 0;
  const auto failure = run_with_reconnect(
      oauth_config(), Side::inbound, &tokens,
      [&](const SideCredentials&) -> std::optional<Failure> {
        ++attempts;
        return session_ended();
      },
      {}, {});
  ASSERT_TRUE(failure);
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(failure->reason, Reason::oauth_token_rejected);
  EXPECT_NE(failure->detail.find("not retrying"), std::string::npos);
  EXPECT_NE(failure->hint.find("clocks"), std::string::npos);
  EXPECT_EQ(failure->server_words, "* BYE Session invalidated - AccessTokenExpired");
}

TEST(SessionReconnect, AFailedRefreshEndsItWithTheServersWords) {
  CountingTokens tokens;
  tokens.refresh_works = false;
  int attempts = 0;
  const auto failure = run_with_reconnect(
      oauth_config(), Side::inbound, &tokens,
      [&](const SideCredentials&) -> std::optional<Failure> {
        ++attempts;
        return session_ended();
      },
      {}, {});
  ASSERT_TRUE(failure);
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(failure->reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(failure->server_words, "* BYE Session invalidated - AccessTokenExpired");
  EXPECT_NE(failure->detail.find("access token expired"), std::string::npos);
}

TEST(SessionReconnect, PasswordSessionsAreNotReconnected) {
  auto config = oauth_config();
  config.inbound.authentication = InboundAuthentication::basic;
  config.inbound.password = "secret";
  CountingTokens tokens;
  int attempts = 0;
  const auto failure = run_with_reconnect(
      config, Side::inbound, &tokens,
      [&](const SideCredentials&) -> std::optional<Failure> {
        ++attempts;
        return session_ended();
      },
      {}, {});
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::connection_lost);
  EXPECT_EQ(attempts, 1);
}

}  // namespace
