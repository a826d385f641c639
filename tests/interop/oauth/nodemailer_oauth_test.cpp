// nodemailer (npm, installed by ci/bootstrap) sends over our SMTP mock with an
// OAuth2 access token issued by our OAuth mock; the mock validates it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauthmock/authorization_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

std::string node_modules() {
  const char* dir = std::getenv("MAILSIM_NODE_DIR");
  const char* home = std::getenv("HOME");
  return (dir ? std::string(dir) : std::string(home ? home : "/root") + "/.cache/mailsim/node") + "/node_modules";
}

struct Nodemailer : ::testing::Test {
  test::TempDir dir;
  std::shared_ptr<VirtualClock> clock = std::make_shared<VirtualClock>();
  std::shared_ptr<oauth::AuthorizationServer> core;
  std::unique_ptr<mock::SmtpServer> smtp;

  void SetUp() override {
    ASSERT_TRUE(test::have_program("node")) << "node is missing: run ci/bootstrap";
    ASSERT_TRUE(std::filesystem::exists(node_modules() + "/nodemailer")) << "nodemailer is missing: run ci/bootstrap";
    oauth::ServerConfig config;
    oauth::ClientConfig client;
    client.id = "app";
    client.secret = "app-secret";
    client.allowed_scopes = {"mail"};
    config.clients = {client};
    core = std::make_shared<oauth::AuthorizationServer>(config, clock);
    mock::SmtpServerConfig smtp_config;
    smtp_config.tls.security = mock::Security::starttls;
    smtp_config.auth_required = true;
    smtp_config.clock = clock;
    smtp_config.token_checker = mock::make_oauth_token_checker(core, {.required_scope = "mail"});
    smtp = std::make_unique<mock::SmtpServer>(smtp_config);
    smtp->start();
  }

  test::RunResult send(const std::string& token) {
    const auto ca = dir.file("ca.pem", smtp->ca_certificate_pem());
    return test::run({"node", std::string(MAILSIM_SOURCE_DIR) + "/tests/interop/peers/nodemailer_send.js",
                      std::to_string(smtp->port()), ca, "alice@example.com", token},
                     std::chrono::seconds(60), {{"NODE_PATH", node_modules()}});
  }
};

TEST_F(Nodemailer, SendsWithAnAccessTokenFromTheMock) {
  const auto tokens = core->issue_tokens("app", "alice@example.com", "mail");
  const auto r = send(tokens.access_token);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"accepted\":[\"bob@example.com\"]"), std::string::npos) << r.out;
  ASSERT_TRUE(smtp->wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = smtp->messages().at(0);
  EXPECT_EQ(captured.authenticated_user, "alice@example.com");
  EXPECT_TRUE(captured.tls);
  EXPECT_NE(captured.raw.find("Subject: sent by nodemailer"), std::string::npos);
  const auto transcript = smtp->transcripts().at(0).transcript->render();
  EXPECT_NE(transcript.find("AUTH XOAUTH2"), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find(tokens.access_token), std::string::npos);
}

TEST_F(Nodemailer, AnExpiredTokenIsRefused) {
  const auto tokens = core->issue_tokens("app", "alice@example.com", "mail");
  clock->advance(std::chrono::hours(2));
  const auto r = send(tokens.access_token);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(smtp->messages().empty());
  const auto transcript = smtp->transcripts().at(0).transcript->render();
  // base64 of {"status":"401","schemes":"bearer","scope":"mail"}
  EXPECT_NE(transcript.find("334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0="),
            std::string::npos)
      << transcript;
}

}  // namespace
