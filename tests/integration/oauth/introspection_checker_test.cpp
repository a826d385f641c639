// The mail mocks' token check by RFC 7662 introspection over HTTP and
// HTTPS against the real OAuth mock, for mail mocks run apart from it: each
// way a token can be wrong is refused, and every way the lookup itself can
// fail refuses the token with a reason that never shows it.
#include <httplib.h>

#include <condition_variable>
#include <fstream>
#include <thread>

#include "client/imap/imap_client.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/oauth_link/introspection_token_checker.hpp"
#include "oauth_fixture.hpp"

namespace mailsim::oauth_integration {
namespace {

using mock_oauth::HttpSecurity;

class IntrospectionChecker : public OAuthFixture, public ::testing::WithParamInterface<HttpSecurity> {
 protected:
  IntrospectionChecker() : OAuthFixture(GetParam()) {}

  mock::IntrospectionOptions options(std::string required_scope = "mail") {
    mock::IntrospectionOptions o;
    o.url = server_->url("/introspect");
    o.client_id = kClientId;
    o.client_secret = kSecret;
    o.ca_pem = server_->ca_certificate_pem();
    o.clock = clock_;
    o.link.required_scope = std::move(required_scope);
    o.on_error = [this](std::string_view why) {
      std::lock_guard lock(errors_mutex_);
      errors_.emplace_back(why);
    };
    return o;
  }

  std::vector<std::string> errors() {
    std::lock_guard lock(errors_mutex_);
    return errors_;
  }

  mock_oauth::TokenSet issue() { return core_->issue_tokens(kClientId, kUser, "mail offline_access"); }

  std::mutex errors_mutex_;
  std::vector<std::string> errors_;
};

TEST_P(IntrospectionChecker, AcceptsAValidTokenAskingAsAnAuthenticatedClient) {
  const auto tokens = issue();
  const auto check = mock::make_introspection_token_checker(options());
  EXPECT_TRUE(check(kUser, tokens.access_token).valid);
  EXPECT_TRUE(check("", tokens.access_token).valid);  // OAUTHBEARER without authzid
  EXPECT_TRUE(errors().empty());
  const auto requests = core_->requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back().endpoint, mock_oauth::Endpoint::introspect);
  EXPECT_EQ(requests.back().client_id, kClientId);
  EXPECT_EQ(requests.back().client_auth, "client_secret_basic");
}

TEST_P(IntrospectionChecker, RefusesWrongUserExpiredRevokedAndWrongScope) {
  const auto check = mock::make_introspection_token_checker(options());
  const auto wrong_user = check("bob@example.com", issue().access_token);
  EXPECT_FALSE(wrong_user.valid);
  EXPECT_EQ(wrong_user.status, "invalid_token");
  EXPECT_EQ(wrong_user.scope, "mail");

  const auto wrong_scope = mock::make_introspection_token_checker(options("calendar"))(kUser, issue().access_token);
  EXPECT_FALSE(wrong_scope.valid);
  EXPECT_EQ(wrong_scope.status, "insufficient_scope");
  EXPECT_EQ(wrong_scope.scope, "calendar");

  const auto revoked = issue();
  ASSERT_TRUE(core_->revoke_token(revoked.access_token));
  EXPECT_FALSE(check(kUser, revoked.access_token).valid);

  const auto expiring = issue();
  EXPECT_TRUE(check(kUser, expiring.access_token).valid);
  clock_->advance(3601s);
  const auto expired = check(kUser, expiring.access_token);
  EXPECT_FALSE(expired.valid);
  EXPECT_EQ(expired.status, "invalid_token");

  EXPECT_FALSE(check(kUser, "never-issued").valid);
  EXPECT_FALSE(check(kUser, revoked.refresh_token).valid);
  EXPECT_TRUE(errors().empty());  // refusals, not failures
}

TEST_P(IntrospectionChecker, AWrongClientSecretRefusesAndSaysWhyWithoutTheToken) {
  const auto tokens = issue();
  auto o = options();
  o.client_secret = "not-the-secret";
  const auto verdict = mock::make_introspection_token_checker(o)(kUser, tokens.access_token);
  EXPECT_FALSE(verdict.valid);
  const auto why = errors();
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("HTTP status 401"), std::string::npos) << why[0];
  EXPECT_EQ(why[0].find(tokens.access_token), std::string::npos);
  EXPECT_EQ(why[0].find("not-the-secret"), std::string::npos);
}

TEST_P(IntrospectionChecker, AnUnreachableEndpointRefuses) {
  const auto tokens = issue();
  const auto check = mock::make_introspection_token_checker(options());
  server_->stop();
  EXPECT_FALSE(check(kUser, tokens.access_token).valid);
  const auto why = errors();
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("token introspection at " + server_->url("/introspect") + " failed"), std::string::npos)
      << why[0];
}

TEST_P(IntrospectionChecker, AnImapMockRunApartAcceptsTheTokenOverIntrospection) {
  mock::ImapServerConfig config;
  config.clock = clock_;
  config.token_checker = mock::make_introspection_token_checker(options());
  mock::ImapServer imap(config);
  imap.start();
  const auto tokens = issue();
  client::imap::ImapClientOptions login;
  login.host = "127.0.0.1";
  login.port = imap.port();
  login.auth = client::imap::AuthMethod::oauth;
  login.mechanism = sasl::Mechanism::xoauth2;
  login.credentials = sasl::ClientCredentials{.user = kUser, .access_token = tokens.access_token};
  login.timeouts.command = 10s;
  const auto ok = client::imap::test_connection(login);
  EXPECT_TRUE(ok.ok()) << client::describe(*ok.failure);

  clock_->advance(3601s);
  const auto refused = client::imap::test_connection(login);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.failure->reason, Reason::oauth_token_rejected);
}

INSTANTIATE_TEST_SUITE_P(Http, IntrospectionChecker, ::testing::Values(HttpSecurity::plain, HttpSecurity::tls),
                         [](const auto& info) { return std::string(info.param == HttpSecurity::tls ? "https" : "http"); });

class IntrospectionOverHttps : public OAuthFixture {
 protected:
  IntrospectionOverHttps() : OAuthFixture(HttpSecurity::tls) {}
};

TEST_F(IntrospectionOverHttps, AnUntrustedCertificateRefuses) {
  const auto tokens = core_->issue_tokens(kClientId, kUser, "mail");
  std::vector<std::string> why;
  mock::IntrospectionOptions o;
  o.url = server_->url("/introspect");
  o.client_id = kClientId;
  o.client_secret = kSecret;
  o.clock = clock_;
  o.on_error = [&](std::string_view text) { why.emplace_back(text); };
  EXPECT_FALSE(mock::make_introspection_token_checker(o)(kUser, tokens.access_token).valid);
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("SSL"), std::string::npos) << why[0];
}

TEST_F(IntrospectionOverHttps, TheCaComesFromAFileToo) {
  TempFolder folder;
  const auto ca = folder / "ca.pem";
  {
    std::ofstream out(ca);
    out << server_->ca_certificate_pem();
  }
  mock::IntrospectionOptions o;
  o.url = server_->url("/introspect");
  o.client_id = kClientId;
  o.client_secret = kSecret;
  o.clock = clock_;
  o.ca_file = ca.string();
  const auto tokens = core_->issue_tokens(kClientId, kUser, "mail");
  EXPECT_TRUE(mock::make_introspection_token_checker(o)(kUser, tokens.access_token).valid);

  o.ca_file = (folder / "missing.pem").string();
  EXPECT_THROW(mock::make_introspection_token_checker(o), std::invalid_argument);
}

TEST(IntrospectionOptionsCheck, ABadUrlIsRefusedAtOnce) {
  for (const std::string url : {"", "ftp://host/introspect", "http://", "http://host:99999/x", "http://host:ab/x"}) {
    mock::IntrospectionOptions o;
    o.url = url;
    EXPECT_THROW(mock::make_introspection_token_checker(o), std::invalid_argument) << url;
  }
}

// An endpoint that answers too much, or not at all.
class MisbehavingEndpoint : public ::testing::Test {
 protected:
  MisbehavingEndpoint() {
    server_.Post("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(100'000, ' ') + R"({"active":true})", "application/json");
    });
    server_.Post("/silent", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex_);
      released_.wait_for(lock, 60s, [this] { return release_; });
      res.set_content(R"({"active":false})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~MisbehavingEndpoint() override {
    {
      std::lock_guard lock(mutex_);
      release_ = true;
    }
    released_.notify_all();
    server_.stop();
    thread_.join();
  }

  bool check(const std::string& path, std::chrono::milliseconds timeout, std::string& why) {
    mock::IntrospectionOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(port_) + path;
    o.max_response_bytes = 4096;
    o.timeout = timeout;
    o.on_error = [&](std::string_view text) { why = text; };
    return mock::make_introspection_token_checker(o)("alice", "tok-123").valid;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable released_;
  bool release_ = false;
};

TEST_F(MisbehavingEndpoint, AnOversizedAnswerIsCutOffAndRefused) {
  std::string why;
  EXPECT_FALSE(check("/big", 10s, why));
  EXPECT_NE(why.find("larger than 4096 bytes"), std::string::npos) << why;
}

TEST_F(MisbehavingEndpoint, ASilentEndpointTimesOutAndRefuses) {
  std::string why;
  EXPECT_FALSE(check("/silent", 200ms, why));
  EXPECT_NE(why.find("failed"), std::string::npos) << why;
  EXPECT_EQ(why.find("tok-123"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::oauth_integration
