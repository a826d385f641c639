// curl, a client nobody here wrote, gets a token from our OAuth mock's token
// endpoint (a refresh_token grant for alice) and logs in with it to our SMTP and IMAP
// mocks with --oauth2-bearer (curl picks OAUTHBEARER when offered, else
// XOAUTH2). An expired token is refused with the mechanism's error challenge.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mockserver/imap/imap_server.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauthmock/oauth_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

struct CurlBearer : ::testing::Test {
  test::TempDir dir;
  std::shared_ptr<VirtualClock> clock = std::make_shared<VirtualClock>();
  std::shared_ptr<oauth::AuthorizationServer> core;
  std::unique_ptr<oauth::OAuthServer> http;

  void SetUp() override {
    ASSERT_TRUE(test::have_program("curl")) << "curl is missing: run ci/bootstrap";
    oauth::ServerConfig config;
    oauth::ClientConfig client;
    client.id = "curl-client";
    client.secret = "curl-client-secret";
    client.allowed_scopes = {"mail"};
    client.default_scope = "mail";
    client.default_user = "alice@example.com";
    client.token_format = oauth::TokenFormat::opaque;
    client.refresh_requires_offline_access = false;
    config.clients = {client};
    core = std::make_shared<oauth::AuthorizationServer>(config, clock);
    http = std::make_unique<oauth::OAuthServer>(core, oauth::OAuthServerOptions{});
  }

  // An access token for alice, fetched with curl from the mock's token
  // endpoint: a refresh_token grant on a grant consented to earlier.
  std::string fetch_token() {
    const auto consented = core->issue_tokens("curl-client", "alice@example.com", "mail");
    const auto r = test::run({"curl", "--silent", "--show-error", "--fail", "--user", "curl-client:curl-client-secret",
                              "--data", "grant_type=refresh_token&refresh_token=" + consented.refresh_token,
                              http->url("/token")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto json = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(json.is_object()) << r.out;
    return json.value("access_token", "");
  }

  mock::TokenChecker checker() { return mock::make_oauth_token_checker(core, {.required_scope = "mail"}); }
};

TEST_F(CurlBearer, SmtpSendWithATokenFromTheMock) {
  mock::SmtpServerConfig config;
  config.tls.security = mock::Security::starttls;
  config.token_checker = checker();
  config.auth_required = true;
  config.clock = clock;
  mock::SmtpServer smtp(config);
  smtp.start();
  const auto token = fetch_token();
  ASSERT_FALSE(token.empty());
  const auto ca = dir.file("ca.pem", smtp.ca_certificate_pem());
  const auto eml = dir.file("m.eml", "Subject: bearer\r\n\r\nsent with a token\r\n");
  const auto r = test::run({"curl", "--silent", "--show-error", "--ssl-reqd", "--cacert", ca, "--url",
                            "smtp://localhost:" + std::to_string(smtp.port()), "--user", "alice@example.com",
                            "--oauth2-bearer", token, "--mail-from", "alice@example.com", "--mail-rcpt",
                            "bob@example.com", "--upload-file", eml});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(smtp.wait_for_messages(1, std::chrono::seconds(10)));
  EXPECT_EQ(smtp.messages().at(0).authenticated_user, "alice@example.com");
  const auto transcript = smtp.transcripts().at(0).transcript->render();
  EXPECT_NE(transcript.find("AUTH OAUTHBEARER"), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find(token), std::string::npos);
}

TEST_F(CurlBearer, SmtpRefusesAnExpiredTokenWithTheOauthbearerChallenge) {
  mock::SmtpServerConfig config;
  config.token_checker = checker();
  config.auth_required = true;
  config.clock = clock;
  mock::SmtpServer smtp(config);
  smtp.start();
  const auto token = fetch_token();
  clock->advance(std::chrono::hours(2));  // past the one-hour lifetime
  const auto eml = dir.file("m.eml", "Subject: late\r\n\r\ntoo late\r\n");
  const auto r = test::run({"curl", "--silent", "--url", "smtp://localhost:" + std::to_string(smtp.port()), "--user",
                            "alice@example.com", "--oauth2-bearer", token, "--mail-from", "alice@example.com",
                            "--mail-rcpt", "bob@example.com", "--upload-file", eml});
  EXPECT_EQ(r.exit_code, 67) << r.err;  // CURLE_LOGIN_DENIED
  EXPECT_TRUE(smtp.messages().empty());
  const auto transcript = smtp.transcripts().at(0).transcript->render();
  // base64 of {"status":"invalid_token","scope":"mail"}
  EXPECT_NE(transcript.find("334 eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJtYWlsIn0="), std::string::npos)
      << transcript;
}

TEST_F(CurlBearer, ImapListWithATokenFromTheMock) {
  mock::ImapServerConfig config;
  config.tls.security = mock::Security::ssl_tls;
  config.token_checker = checker();
  config.clock = clock;
  config.store = std::make_shared<mock::MailboxStore>();
  config.store->add_user("alice@example.com");
  mock::ImapServer imap(config);
  imap.start();
  const auto token = fetch_token();
  const auto ca = dir.file("ca.pem", imap.ca_certificate_pem());
  const auto r = test::run({"curl", "--silent", "--show-error", "--cacert", ca, "--user", "alice@example.com",
                            "--oauth2-bearer", token, "imaps://localhost:" + std::to_string(imap.port()) + "/"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("INBOX"), std::string::npos) << r.out;
  bool authenticated = false;
  for (const auto& t : imap.transcripts()) authenticated = authenticated || t->contains("AUTHENTICATE OAUTHBEARER");
  EXPECT_TRUE(authenticated);
}

}  // namespace
