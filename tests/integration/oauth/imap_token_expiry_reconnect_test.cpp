// The connector against an IMAP mock whose sessions outlive their token
// (ExpiredTokenPolicy), with the OAuth mock and token manager on one
// VirtualClock: under `bye` the connector reconnects once with a refreshed
// token and finishes; a second BYE right after ends with a clear reason;
// under `keep` the operation simply finishes on the same connection.
#include <condition_variable>
#include <thread>

#include "client/connector/connector.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "oauth_fixture.hpp"

namespace mailsim::oauth_integration {
namespace {

const std::string kMessage = "From: bob@example.com\r\nTo: alice@example.com\r\nSubject: hello\r\n\r\nHi.\r\n";

// Moves the shared clock past the token's lifetime when a chosen command
// arrives (so the server ends the session on it), and counts IDLE starts.
class ClockHooks final : public mock::ImapHooks {
 public:
  ClockHooks(std::shared_ptr<VirtualClock> clock, std::string verb, int times)
      : clock_(std::move(clock)), verb_(std::move(verb)), times_(times) {}

  mock::HookAction on_command(const mock::ImapHookContext&, const mock::imap::ImapCommand& command) override {
    std::lock_guard lock(mutex_);
    if ((command.name == verb_ || command.name == "UID " + verb_) && times_ > 0) {
      --times_;
      clock_->advance(std::chrono::hours(2));
    }
    return {};
  }
  void before_response(const mock::ImapHookContext&, std::string& response) override {
    if (response.rfind("+ idling", 0) != 0) return;
    {
      std::lock_guard lock(mutex_);
      ++idles_;
    }
    changed_.notify_all();
  }
  bool wait_for_idles(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 30s, [&] { return idles_ >= n; });
  }

 private:
  std::shared_ptr<VirtualClock> clock_;
  std::string verb_;
  int times_;
  int idles_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
};

class ImapTokenExpiryConnector : public OAuthFixture {
 protected:
  void start(mock::ExpiredTokenPolicy policy, std::string verb, int times) {
    hooks_ = std::make_shared<ClockHooks>(clock_, std::move(verb), times);
    mock::ImapServerConfig config;
    config.clock = clock_;
    config.expired_token = policy;
    config.hooks = hooks_;
    config.token_checker = mock::make_oauth_token_checker(core_, {.required_scope = "mail"});
    imap_ = std::make_unique<mock::ImapServer>(config);
    imap_->start();
    imap_->store().add_message(kUser, "INBOX", kMessage);
    generate_tokens();
  }

  client::Connector connector() {
    client::ConnectionConfig c;
    c.outbound.host = "127.0.0.1";
    c.outbound.authentication = client::OutboundAuthentication::oauth2;
    c.outbound.user = kUser;
    c.outbound.oauth2 = settings();
    c.inbound.host = "127.0.0.1";
    c.inbound.port = imap_->port();
    c.inbound.authentication = client::InboundAuthentication::same_as_outbound_oauth2;
    c.inbound.user = kUser;
    c.timeouts.command = 30s;
    client::ConnectorOptions options;
    options.tokens = std::shared_ptr<coauth::TokenManager>(manager());
    return client::Connector(c, options);
  }

  // Sessions the server saw, and how many of them logged in.
  std::pair<int, int> sessions_and_logins() const {
    int sessions = 0, logins = 0;
    for (const auto& t : imap_->transcripts()) {
      ++sessions;
      if (t->contains(std::string("authenticated as ") + kUser)) ++logins;
    }
    return {sessions, logins};
  }

  static bool says(const std::vector<std::string>& transcript, std::string_view words) {
    return std::any_of(transcript.begin(), transcript.end(),
                       [&](const std::string& line) { return line.find(words) != std::string::npos; });
  }

  std::shared_ptr<ClockHooks> hooks_;
  std::unique_ptr<mock::ImapServer> imap_;
};

TEST_F(ImapTokenExpiryConnector, ByeMidSearchReconnectsWithARefreshedTokenAndFinishes) {
  start(mock::ExpiredTokenPolicy::bye, "SEARCH", 1);
  const auto found = connector().search("INBOX", client::imap::SearchCriteria::all());
  ASSERT_TRUE(found.ok()) << client::describe(*found.failure);
  ASSERT_EQ(found.value.size(), 1u);  // once, not twice
  EXPECT_EQ(found.value[0].subject, "hello");
  EXPECT_TRUE(says(found.transcript, "reconnecting with a refreshed one"));
  EXPECT_EQ(sessions_and_logins(), std::make_pair(2, 2));
  EXPECT_EQ(token_requests("refresh_token").size(), 1u);
  EXPECT_TRUE(imap_->transcripts().front()->contains("* BYE Session invalidated - AccessTokenExpired"));
}

TEST_F(ImapTokenExpiryConnector, ByeMidFetchReconnectsAndFetchesOnce) {
  start(mock::ExpiredTokenPolicy::bye, "FETCH", 1);
  const auto fetched = connector().fetch("INBOX", 1, client::FetchParts{});
  ASSERT_TRUE(fetched.ok()) << client::describe(*fetched.failure);
  EXPECT_EQ(sessions_and_logins(), std::make_pair(2, 2));
  EXPECT_EQ(token_requests("refresh_token").size(), 1u);
}

TEST_F(ImapTokenExpiryConnector, ASecondByeRightAfterTheReconnectIsReportedNotLooped) {
  start(mock::ExpiredTokenPolicy::bye, "SEARCH", 5);
  const auto found = connector().search("INBOX", client::imap::SearchCriteria::all());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.failure->reason, Reason::oauth_token_rejected);
  EXPECT_NE(found.failure->detail.find("again, right after a reconnect"), std::string::npos) << found.failure->detail;
  EXPECT_NE(found.failure->server_words.find("AccessTokenExpired"), std::string::npos);
  EXPECT_EQ(sessions_and_logins(), std::make_pair(2, 2));
}

TEST_F(ImapTokenExpiryConnector, KeepFinishesOnTheSameConnectionWithoutARefresh) {
  start(mock::ExpiredTokenPolicy::keep, "SEARCH", 1);
  const auto found = connector().search("INBOX", client::imap::SearchCriteria::all());
  ASSERT_TRUE(found.ok()) << client::describe(*found.failure);
  EXPECT_EQ(found.value.size(), 1u);
  EXPECT_EQ(sessions_and_logins(), std::make_pair(1, 1));
  EXPECT_TRUE(token_requests("refresh_token").empty());
}

TEST_F(ImapTokenExpiryConnector, ByeDuringIdleReconnectsAndIdlesAgain) {
  start(mock::ExpiredTokenPolicy::bye, "NONE", 0);
  auto c = connector();
  client::Outcome<client::IdleReport> report;
  std::thread idler([&] { report = c.idle("INBOX", 60s); });
  ASSERT_TRUE(hooks_->wait_for_idles(1));
  clock_->advance(2h);
  imap_->clock_advanced();
  ASSERT_TRUE(hooks_->wait_for_idles(2));  // on the new connection
  imap_->store().add_message(kUser, "INBOX", kMessage);
  idler.join();
  ASSERT_TRUE(report.ok()) << client::describe(*report.failure);
  EXPECT_TRUE(report.value.new_messages);
  EXPECT_EQ(report.value.new_uids, std::vector<std::uint32_t>{2});
  EXPECT_EQ(sessions_and_logins(), std::make_pair(2, 2));
  EXPECT_TRUE(imap_->transcripts().front()->contains("* BYE Session invalidated - AccessTokenExpired"));
}

}  // namespace
}  // namespace mailsim::oauth_integration
