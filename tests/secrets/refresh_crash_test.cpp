// A refresh token survives the process dying mid-refresh. A child process
// refreshes against the OAuth mock (rotation on) and is killed with SIGKILL
// while its request is in flight, after the mock answered but before the
// new tokens were stored, and right after they were. Each time the store
// must still hold a refresh token that works.
//
// Rotation retires the presented refresh token when the answer is sent, so
// an answer lost with the process leaves the store holding a retired token;
// no client can avoid that. Providers give such clients a short grace
// (Okta 30 s by default, AWS Cognito up to 60 s, Airlock "while the new
// tokens are unused"); RFC 9700 4.14.2 strict reuse detection gives none,
// and then the user must consent again. The mock models both with
// refresh_reuse_grace; the client's part is to keep the old token until the
// new one is durably stored, never to lose or corrupt it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/stat.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "client/oauth/token_store.hpp"
#include "oauthmock/oauth_server.hpp"
#include "support/temp_dir.hpp"

namespace mailsim::test {
namespace {

namespace coauth = client::oauth;
using namespace std::chrono_literals;

constexpr const char* kClientId = "crash-app";
constexpr const char* kClientSecret = "crash-client-secret";

// Stands between the child and the mock: holds each /token request until
// the test lets it through, so the test can kill the child while it waits.
class HoldingProxy {
 public:
  explicit HoldingProxy(std::string upstream) : upstream_(std::move(upstream)) {
    server_.Post("/token", [this](const httplib::Request& request, httplib::Response& response) {
      std::unique_lock lock(mutex_);
      arrived_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
      lock.unlock();
      httplib::Client mock(upstream_);
      httplib::Headers headers;
      if (request.has_header("Authorization")) headers.emplace("Authorization", request.get_header_value("Authorization"));
      if (auto answer = mock.Post("/token", headers, request.body, "application/x-www-form-urlencoded")) {
        response.status = answer->status;
        response.set_content(answer->body, "application/json");
      }
      std::lock_guard done(mutex_);
      forwarded_ = true;
      changed_.notify_all();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HoldingProxy() {
    release();
    server_.stop();
    thread_.join();
  }
  std::string token_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/token"; }
  void wait_for_request() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return arrived_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  // The mock has answered (and rotated); the answer went nowhere.
  void wait_forwarded() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return forwarded_; });
  }

 private:
  std::string upstream_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool arrived_ = false, released_ = false, forwarded_ = false;
};

class RefreshCrash : public ::testing::Test {
 protected:
  void start_mock(std::chrono::seconds grace) {
    oauth::ServerConfig config;
    oauth::ClientConfig client;
    client.id = kClientId;
    client.secret = kClientSecret;
    client.token_format = oauth::TokenFormat::opaque;
    client.rotate_refresh_tokens = true;
    client.refresh_reuse_grace = grace;
    config.clients = {client};
    // The grace runs on the mock's virtual clock, which no one advances here.
    mock_ = std::make_unique<oauth::OAuthServer>(
        std::make_shared<oauth::AuthorizationServer>(std::move(config), std::make_shared<VirtualClock>()));
    const auto issued = mock_->core().issue_tokens(kClientId, "user@example.com", "mail offline_access");
    first_refresh_ = issued.refresh_token;
    coauth::TokenSet tokens;
    tokens.access_token = issued.access_token;
    tokens.refresh_token = issued.refresh_token;
    tokens.scope = issued.scope;
    store().save(client::Side::outbound, tokens);
  }

  coauth::TokenStore store() const { return coauth::TokenStore(store_path_, key_); }
  std::string stored_refresh_token() const { return store().load(client::Side::outbound).value().refresh_token; }

  std::unique_ptr<ChildProcess> child(const std::string& token_url, const std::string& fifo) {
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{REFRESH_CHILD_BINARY, store_path_, token_url, kClientId, fifo},
        std::map<std::string, std::string>{{"MAILSIM_TOKEN_KEY", key_hex_},
                                           {"REFRESH_CHILD_CLIENT_SECRET", kClientSecret}});
  }
  pid_t started(ChildProcess& c) {
    const auto line = c.read_line(60s).value_or("");
    EXPECT_TRUE(line.starts_with("pid ")) << line << c.err();
    return static_cast<pid_t>(std::stoi(line.substr(4)));
  }
  void expect_line(ChildProcess& c, const std::string& expected) {
    EXPECT_EQ(c.read_line(60s).value_or("<none>"), expected) << c.err();
  }
  void kill_it(ChildProcess& c, pid_t pid) {
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    EXPECT_EQ(c.wait(60s), 128 + SIGKILL);
  }
  // A full run without pauses.
  std::string refresh_directly() {
    auto c = child(mock_->url("/token"), "-");
    c->wait(60s);
    const auto out = c->out();
    return out.substr(out.rfind('\n', out.size() - 2) + 1);
  }
  std::string make_fifo() const {
    const auto path = dir_.path() + "/pause";
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    return path;
  }
  // Lets a paused child store its tokens.
  static void let_it_save(const std::string& fifo) {
    FILE* f = std::fopen(fifo.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputc('g', f);
    std::fclose(f);
  }

  TempDir dir_;
  std::string store_path_ = dir_.path() + "/tokens.store";
  std::string key_hex_ = std::string(64, '7');
  coauth::StoreKey key_ = coauth::StoreKey::parse(key_hex_);
  std::unique_ptr<oauth::OAuthServer> mock_;
  std::string first_refresh_;
};

TEST_F(RefreshCrash, KilledWhileTheRequestIsInFlight) {
  start_mock(30s);
  HoldingProxy proxy(mock_->base_url());
  auto c = child(proxy.token_url(), "-");
  const auto pid = started(*c);
  proxy.wait_for_request();
  kill_it(*c, pid);
  proxy.release();
  proxy.wait_forwarded();  // the mock rotated; the answer is lost
  EXPECT_EQ(stored_refresh_token(), first_refresh_);
  EXPECT_EQ(refresh_directly(), "refreshed\n");
  EXPECT_NE(stored_refresh_token(), first_refresh_);
  EXPECT_EQ(refresh_directly(), "refreshed\n");  // what was stored works too
}

TEST_F(RefreshCrash, KilledAfterTheAnswerBeforeItWasStored) {
  start_mock(30s);
  const auto fifo = make_fifo();
  auto c = child(mock_->url("/token"), fifo);
  const auto pid = started(*c);
  expect_line(*c, "refreshing");
  expect_line(*c, "saving");
  kill_it(*c, pid);
  EXPECT_EQ(stored_refresh_token(), first_refresh_);
  EXPECT_EQ(refresh_directly(), "refreshed\n");
  EXPECT_EQ(refresh_directly(), "refreshed\n");
}

TEST_F(RefreshCrash, KilledRightAfterStoringKeepsTheNewToken) {
  start_mock(0s);
  const auto fifo = make_fifo();
  auto c = child(mock_->url("/token"), fifo);
  const auto pid = started(*c);
  expect_line(*c, "refreshing");
  expect_line(*c, "saving");
  let_it_save(fifo);
  expect_line(*c, "saved");
  ::kill(pid, SIGKILL);  // it may have exited already
  c->wait(60s);
  EXPECT_NE(stored_refresh_token(), first_refresh_);
  EXPECT_EQ(refresh_directly(), "refreshed\n");
}

// With strict single use the provider retired the only token the store
// has: a clear refresh failure (the user must run generate), not a crash and
// not a damaged store.
TEST_F(RefreshCrash, WithoutAGraceALostAnswerNeedsANewConsent) {
  start_mock(0s);
  const auto fifo = make_fifo();
  auto c = child(mock_->url("/token"), fifo);
  const auto pid = started(*c);
  expect_line(*c, "refreshing");
  expect_line(*c, "saving");
  kill_it(*c, pid);
  EXPECT_EQ(stored_refresh_token(), first_refresh_);
  EXPECT_EQ(refresh_directly(), "failed oauth_refresh_failed\n");
  EXPECT_EQ(stored_refresh_token(), first_refresh_);
}

}  // namespace
}  // namespace mailsim::test
