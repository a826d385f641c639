// The token manager on a VirtualClock with a scripted token endpoint:
// proactive and forced refresh, rotation saved before use, failures with
// their reason and hint, backoff through a fake sleeper, one refresh for
// many callers.
#include <atomic>
#include <thread>

#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/token_manager.hpp"
#include "client/oauth/token_store.hpp"
#include "fakes.hpp"

namespace mailsim::client::oauth::test {
namespace {

using namespace std::chrono_literals;

std::string token_json(const std::string& access, const std::string& refresh = "", int expires_in = 3600) {
  std::string body = R"({"access_token":")" + access + R"(","token_type":"Bearer","expires_in":)" +
                     std::to_string(expires_in);
  if (!refresh.empty()) body += R"(,"refresh_token":")" + refresh + "\"";
  return body + "}";
}

class TokenManagerTest : public ::testing::Test {
 protected:
  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  std::shared_ptr<ScriptedTransport> http_ = std::make_shared<ScriptedTransport>();
  std::shared_ptr<MemoryRepository> store_ = std::make_shared<MemoryRepository>();
  std::vector<std::chrono::milliseconds> sleeps_;
  std::mutex sleeps_mutex_;

  OAuth2Settings settings() const {
    OAuth2Settings s;
    s.client_id = "app";
    s.client_secret = "secret";
    s.access_token_url = "https://login.example/token";
    s.scope = {"mail", "offline_access"};
    return s;
  }

  TokenSet stored(std::string access, std::string refresh, std::chrono::seconds lifetime = 3600s) {
    TokenSet t;
    t.access_token = std::move(access);
    t.refresh_token = std::move(refresh);
    t.scope = "mail offline_access";
    t.obtained_at = clock_->now();
    t.expires_at = clock_->now() + lifetime;
    return t;
  }

  TokenSource source(std::shared_ptr<TokenRepository> store = nullptr) {
    return {store ? std::move(store) : store_, std::make_shared<TokenClient>(settings(), http_, clock_)};
  }

  TokenManagerSetup setup() {
    TokenManagerSetup s;
    s.outbound = source();
    s.clock = clock_;
    s.sleeper = [this](std::chrono::milliseconds d) {
      std::lock_guard lock(sleeps_mutex_);
      sleeps_.push_back(d);
    };
    return s;
  }

  std::string refresh_token_sent(std::size_t i) const {
    const auto params = parse_form(http_->requests().at(i).body).value_or(ParameterList{});
    EXPECT_EQ(find_param(params, "grant_type"), "refresh_token");
    return std::string(find_param(params, "refresh_token").value_or(""));
  }
};

TEST_F(TokenManagerTest, HandsOutAStoredTokenThatIsStillFresh) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(r.access_token, "at-0");
  EXPECT_FALSE(r.refreshed);
  EXPECT_EQ(http_->count(), 0u);
}

TEST_F(TokenManagerTest, RefreshesProactivelyWithinTheSkewMargin) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  TokenManager manager(setup());

  clock_->advance(3600s - 61s);
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  EXPECT_EQ(http_->count(), 0u);

  clock_->advance(1s);  // 60 s before expiry: the default skew
  const auto r = manager.get(Side::outbound);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(r.access_token, "at-1");
  EXPECT_TRUE(r.refreshed);
  ASSERT_EQ(http_->count(), 1u);
  EXPECT_EQ(refresh_token_sent(0), "rt-0");
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-1");
  EXPECT_EQ(http_->count(), 1u);
}

TEST_F(TokenManagerTest, RefreshesAnExpiredToken) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1")));
  TokenManager manager(setup());
  clock_->advance(2h);
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-1");
}

TEST_F(TokenManagerTest, CapsTheSkewAtHalfAShortLifetime) {
  store_->put(Side::outbound, stored("at-0", "rt-0", 60s));
  http_->push(answer(200, token_json("at-1", "", 60)));
  TokenManager manager(setup());
  clock_->advance(29s);
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  clock_->advance(1s);
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-1");
}

TEST_F(TokenManagerTest, ATokenWithoutLifetimeIsUsedUntilRejected) {
  auto t = stored("at-0", "rt-0");
  t.expires_at.reset();
  store_->put(Side::outbound, t);
  http_->push(answer(200, token_json("at-1")));
  TokenManager manager(setup());
  clock_->advance(24h * 365);
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  EXPECT_EQ(manager.get(Side::outbound, true).access_token, "at-1");
}

TEST_F(TokenManagerTest, ForcesARefreshAfterARejectionOfAFreshToken) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  TokenManager manager(setup());
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  const auto r = manager.get(Side::outbound, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.access_token, "at-1");
  EXPECT_TRUE(r.refreshed);
  EXPECT_EQ(http_->count(), 1u);
}

TEST_F(TokenManagerTest, ARejectedTokenAlreadyReplacedIsNotRefreshedAgain) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  TokenManager manager(setup());
  EXPECT_EQ(manager.refresh_rejected(Side::outbound, "at-0").access_token, "at-1");
  // A second connection that also held at-0 reports it late.
  const auto r = manager.refresh_rejected(Side::outbound, "at-0");
  EXPECT_EQ(r.access_token, "at-1");
  EXPECT_FALSE(r.refreshed);
  EXPECT_EQ(http_->count(), 1u);
}

TEST_F(TokenManagerTest, SavesARotatedRefreshTokenBeforeHandingOutTheAccessToken) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  TokenManager manager(setup());
  store_->fail_saves(true);
  const auto r = manager.get(Side::outbound, true);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.access_token, "");
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_NE(r.failure->detail.find("could not be saved"), std::string::npos);
  EXPECT_EQ(store_->stored(Side::outbound)->refresh_token, "rt-0");
  // Not handed out while unsaved, and not lost either: saved on the next
  // call, without asking the endpoint again (rt-0 is retired).
  EXPECT_FALSE(manager.get(Side::outbound).ok());
  store_->fail_saves(false);
  const auto later = manager.get(Side::outbound);
  ASSERT_TRUE(later.ok()) << describe(*later.failure);
  EXPECT_EQ(later.access_token, "at-1");
  EXPECT_EQ(store_->stored(Side::outbound)->refresh_token, "rt-1");
  EXPECT_EQ(http_->count(), 1u);
}

TEST_F(TokenManagerTest, TheRotatedSetIsInTheEncryptedStoreWhenTheTokenIsHandedOut) {
  TempFolder folder;
  const auto key = StoreKey::random();
  auto file = std::make_shared<TokenStore>(folder / "tokens", key);
  file->save(Side::outbound, stored("at-0", "rt-0"));
  // The endpoint checks the store while answering: the old set is there.
  http_->respond_with([&](const HttpRequest&) {
    EXPECT_EQ(TokenStore(folder / "tokens", key).load(Side::outbound)->refresh_token, "rt-0");
    return answer(200, token_json("at-1", "rt-1"));
  });
  auto s = setup();
  s.outbound = source(file);
  TokenManager manager(std::move(s));
  const auto r = manager.get(Side::outbound, true);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  const auto on_disk = TokenStore(folder / "tokens", key).load(Side::outbound);
  ASSERT_TRUE(on_disk);
  EXPECT_EQ(on_disk->refresh_token, "rt-1");
  EXPECT_EQ(on_disk->access_token, "at-1");
}

TEST_F(TokenManagerTest, KeepsTheRefreshTokenAndScopeWhenTheServerSendsNoNewOnes) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1")));
  TokenManager manager(setup());
  ASSERT_TRUE(manager.get(Side::outbound, true).ok());
  const auto saved = store_->stored(Side::outbound);
  EXPECT_EQ(saved->refresh_token, "rt-0");
  EXPECT_EQ(saved->scope, "mail offline_access");
  EXPECT_EQ(saved->expires_at, clock_->now() + 3600s);
}

TEST_F(TokenManagerTest, InvalidGrantEndsAsRefreshFailedWithTheHint) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(400, R"({"error":"invalid_grant","error_description":"Token has been expired or revoked."})"));
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(r.failure->stage, Stage::authenticate);
  EXPECT_EQ(r.failure->hint, "generate a new token");
  EXPECT_EQ(r.failure->server_words, "invalid_grant: Token has been expired or revoked.");
  EXPECT_EQ(http_->count(), 1u);  // not retried
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(manager.last_failure(Side::outbound)->reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(manager.access_token(Side::outbound, true), std::nullopt);
}

TEST_F(TokenManagerTest, InvalidClientPointsAtTheClientSettings) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(401, R"({"error":"invalid_client"})"));
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_NE(r.failure->hint.find("client_secret"), std::string::npos);
}

TEST_F(TokenManagerTest, RetriesServerErrorsWithBackoffThenSucceeds) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(503, "Service Unavailable", "text/plain"));
  http_->push(no_answer(HttpFailure::timeout));
  http_->push(answer(200, token_json("at-1")));
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound, true);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(r.access_token, "at-1");
  EXPECT_EQ(http_->count(), 3u);
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{500ms, 1000ms}));
}

TEST_F(TokenManagerTest, GivesUpAfterTheLastAttemptAndSaysSo) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(502, "<html>Bad Gateway</html>", "text/html"));
  auto s = setup();
  s.options.max_attempts = 5;
  s.options.max_backoff = 1500ms;
  TokenManager manager(std::move(s));
  const auto r = manager.get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_NE(r.failure->detail.find("after 5 attempts"), std::string::npos) << r.failure->detail;
  EXPECT_EQ(r.failure->server_words, "HTTP 502");
  EXPECT_NE(r.failure->hint.find("try again later"), std::string::npos);
  EXPECT_EQ(http_->count(), 5u);
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{500ms, 1000ms, 1500ms, 1500ms}));
  // The old set is kept for the next try.
  EXPECT_EQ(store_->stored(Side::outbound)->refresh_token, "rt-0");
}

TEST_F(TokenManagerTest, NeverPutsTheRefreshTokenInAMessage) {
  store_->put(Side::outbound, stored("at-0", "rt-secret-0"));
  http_->push(answer(400, R"({"error":"invalid_grant","error_description":"refresh token rt-secret-0 is revoked"})"));
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(describe(*r.failure).find("rt-secret-0"), std::string::npos) << describe(*r.failure);
  EXPECT_NE(r.failure->server_words.find("[redacted]"), std::string::npos);
}

TEST_F(TokenManagerTest, NothingStoredMeansConsentIsRequired) {
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_consent_required);
  EXPECT_NE(r.failure->detail.find("run generate"), std::string::npos);
  EXPECT_EQ(http_->count(), 0u);
}

TEST_F(TokenManagerTest, ADamagedStoreIsAnErrorNotANewConsent) {
  store_->fail_loads(true);
  TokenManager manager(setup());
  const auto r = manager.get(Side::outbound);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_NE(r.failure->detail.find("integrity"), std::string::npos);
  EXPECT_EQ(http_->count(), 0u);
}

TEST_F(TokenManagerTest, ATokenWithoutRefreshTokenCannotBeRefreshed) {
  store_->put(Side::outbound, stored("at-0", ""));
  TokenManager manager(setup());
  clock_->advance(2h);
  const auto r = manager.get(Side::outbound);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_refresh_failed);
  EXPECT_EQ(r.failure->hint, "generate a new token");
  EXPECT_EQ(http_->count(), 0u);
}

TEST_F(TokenManagerTest, ASideWithoutOAuthIsAConfigurationError) {
  TokenManager manager(setup());
  const auto r = manager.get(Side::inbound);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
}

TEST_F(TokenManagerTest, InboundSameAsOutboundSharesTheOutboundSet) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  auto s = setup();
  s.inbound_uses_outbound = true;
  TokenManager manager(std::move(s));
  EXPECT_EQ(manager.get(Side::inbound).access_token, "at-0");
  EXPECT_EQ(manager.get(Side::inbound, true).access_token, "at-1");
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-1");
  EXPECT_EQ(store_->stored(Side::outbound)->refresh_token, "rt-1");
  EXPECT_EQ(store_->stored(Side::inbound), std::nullopt);
  EXPECT_EQ(http_->count(), 1u);
}

TEST_F(TokenManagerTest, EachSideHasItsOwnSetOtherwise) {
  store_->put(Side::outbound, stored("out-0", "rt-out"));
  store_->put(Side::inbound, stored("in-0", "rt-in"));
  http_->push(answer(200, token_json("in-1")));
  auto s = setup();
  s.inbound = source();
  TokenManager manager(std::move(s));
  EXPECT_EQ(manager.get(Side::inbound, true).access_token, "in-1");
  EXPECT_EQ(refresh_token_sent(0), "rt-in");
  EXPECT_EQ(manager.get(Side::outbound).access_token, "out-0");
}

TEST_F(TokenManagerTest, ReloadReadsTheStoreAgain) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  TokenManager manager(setup());
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  store_->put(Side::outbound, stored("at-generated", "rt-generated"));
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  manager.reload();
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-generated");
}

TEST_F(TokenManagerTest, AdoptsASetAnotherProcessSavedInsteadOfRefreshingAgain) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  TokenManager manager(setup());
  EXPECT_EQ(manager.get(Side::outbound).access_token, "at-0");
  clock_->advance(2h);
  store_->put(Side::outbound, stored("at-other", "rt-other"));  // rt-0 is retired there
  const auto r = manager.get(Side::outbound);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(r.access_token, "at-other");
  EXPECT_EQ(http_->count(), 0u);
  // Rejected later: refreshed with the adopted refresh token.
  http_->push(answer(200, token_json("at-1")));
  EXPECT_EQ(manager.refresh_rejected(Side::outbound, "at-other").access_token, "at-1");
  EXPECT_EQ(refresh_token_sent(0), "rt-other");
}

TEST_F(TokenManagerTest, ConcurrentCallersRefreshAnExpiredTokenOnce) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  http_->push(answer(400, R"({"error":"invalid_grant"})"));  // a second refresh would present a retired token
  http_->hold();
  TokenManager manager(setup());
  clock_->advance(2h);
  constexpr int kCallers = 8;
  std::vector<AccessTokenResult> results(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] { results[i] = manager.get(Side::outbound); });
  }
  ASSERT_TRUE(http_->wait_for_requests(1));
  http_->release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(http_->count(), 1u);
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << describe(*r.failure);
    EXPECT_EQ(r.access_token, "at-1");
  }
}

TEST_F(TokenManagerTest, ConcurrentRejectionsOfOneTokenRefreshOnce) {
  store_->put(Side::outbound, stored("at-0", "rt-0"));
  http_->push(answer(200, token_json("at-1", "rt-1")));
  http_->push(answer(400, R"({"error":"invalid_grant"})"));
  http_->hold();
  auto s = setup();
  s.inbound_uses_outbound = true;
  TokenManager manager(std::move(s));
  std::vector<AccessTokenResult> results(6);
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      results[i] = manager.refresh_rejected(i % 2 ? Side::inbound : Side::outbound, "at-0");
    });
  }
  ASSERT_TRUE(http_->wait_for_requests(1));
  http_->release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(http_->count(), 1u);
  for (const auto& r : results) EXPECT_EQ(r.access_token, "at-1");
}

}  // namespace
}  // namespace mailsim::client::oauth::test
