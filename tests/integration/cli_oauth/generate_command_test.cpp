// `mailsim client generate` end to end: the real binary runs the
// authorization code flow headlessly against the OAuth mock, stores the
// tokens encrypted, and Test Connection then logs in to the SMTP mock with
// XOAUTH2/OAUTHBEARER using them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauthmock/oauth_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

struct GenerateCommand : ::testing::Test {
  test::TempDir dir;
  std::shared_ptr<oauth::AuthorizationServer> core;
  std::unique_ptr<oauth::OAuthServer> http;
  std::unique_ptr<mock::SmtpServer> smtp;
  const std::string key = std::string(64, 'a');  // hex of 32 bytes

  void SetUp() override {
    oauth::ServerConfig config;
    oauth::ClientConfig client;
    client.id = "cli-client";
    client.secret = "cli-secret-value";
    client.redirect_uris = {"http://127.0.0.1/callback"};
    client.allowed_scopes = {"mail", "offline_access"};
    client.default_user = "alice@example.com";
    config.clients = {client};
    core = std::make_shared<oauth::AuthorizationServer>(config, system_clock());
    http = std::make_unique<oauth::OAuthServer>(core, oauth::OAuthServerOptions{});
    mock::SmtpServerConfig smtp_config;
    smtp_config.tls.security = mock::Security::starttls;
    smtp_config.token_checker = mock::make_oauth_token_checker(core, {.required_scope = "mail"});
    smtp = std::make_unique<mock::SmtpServer>(smtp_config);
    smtp->start();
  }

  std::string connection() {
    const auto ca = dir.file("ca.pem", smtp->ca_certificate_pem());
    return dir.file("conn.yaml", "outbound:\n  host: localhost\n  port: " + std::to_string(smtp->port()) +
                                     "\n  security: starttls\n  authentication: oauth2\n  user: alice@example.com\n"
                                     "  oauth2:\n    client_id: cli-client\n    client_secret: cli-secret-value\n"
                                     "    authorization_url: " + http->url("/authorize") +
                                     "\n    access_token_url: " + http->url("/token") +
                                     "\n    scope: mail offline_access\n    token_store: " + dir.path() +
                                     "/tokens.bin\n"
                                     "inbound:\n  host: localhost\n  port: 1\n  user: u\n  password: p\n"
                                     "tls:\n  ca_file: " + ca + "\n");
  }

  test::RunResult mailsim(std::vector<std::string> args) {
    args.insert(args.begin(), MAILSIM_BINARY);
    return test::run(args, std::chrono::seconds(60), {{"MAILSIM_TOKEN_KEY", key}});
  }
};

TEST_F(GenerateCommand, HeadlessFlowStoresEncryptedTokensThatLogIn) {
  const auto conn = connection();
  const auto generated = mailsim({"client", "generate", "--connection", conn, "--headless"});
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  EXPECT_NE(generated.out.find("stored a new token set for outbound"), std::string::npos) << generated.out;
  ASSERT_TRUE(std::filesystem::exists(dir.path() + "/tokens.bin"));
  EXPECT_EQ(std::filesystem::status(dir.path() + "/tokens.bin").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // The store holds no token or secret in clear text.
  std::ifstream in(dir.path() + "/tokens.bin", std::ios::binary);
  const std::string stored((std::istreambuf_iterator<char>(in)), {});
  for (const auto& token : core->issued_tokens()) EXPECT_EQ(stored.find(token.value), std::string::npos);
  EXPECT_EQ(generated.out.find("cli-secret-value"), std::string::npos);
  EXPECT_EQ(generated.err.find("cli-secret-value"), std::string::npos);

  const auto tested = mailsim({"client", "test-connection", "--connection", conn, "--json"});
  const auto report = nlohmann::json::parse(tested.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << tested.out << tested.err;
  // Outbound logs in with the stored token (OAUTHBEARER is preferred);
  // inbound points at a closed port and fails on its own.
  EXPECT_EQ(report["outbound"]["ok"], true) << tested.out;
  EXPECT_EQ(report["outbound"]["auth_mechanism"], "OAUTHBEARER") << tested.out;
  EXPECT_EQ(report["inbound"]["ok"], false);
  for (const auto& token : core->issued_tokens()) EXPECT_EQ(tested.out.find(token.value), std::string::npos);
}

TEST_F(GenerateCommand, WithoutTokensTheSideNeedsConsent) {
  const auto tested = mailsim({"client", "test-connection", "--connection", connection()});
  EXPECT_EQ(tested.exit_code, 1);
  EXPECT_NE(tested.out.find("oauth_consent_required"), std::string::npos) << tested.out << tested.err;
}

TEST_F(GenerateCommand, ScriptedDenialFailsWithoutStoring) {
  oauth::AuthorizeScript denial;
  denial.outcome = oauth::AuthorizeOutcome::access_denied;
  core->script_authorize(denial);
  const auto generated = mailsim({"client", "generate", "--connection", connection(), "--headless"});
  EXPECT_EQ(generated.exit_code, 1) << generated.out << generated.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/tokens.bin"));
}

TEST_F(GenerateCommand, BasicSidesCannotGenerate) {
  const auto generated = mailsim({"client", "generate", "--connection", connection(), "--side", "inbound"});
  EXPECT_EQ(generated.exit_code, 2) << generated.out << generated.err;
}

}  // namespace
