// curl (a client nobody here wrote) sends to our mock SMTP server: STARTTLS
// with --ssl-reqd and implicit TLS (smtps://), AUTH PLAIN and LOGIN. What the
// server captured must be exactly the bytes curl uploaded.
#include <gtest/gtest.h>

#include "mockserver/smtp/smtp_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

const std::string kMessage =
    "From: curl@example.com\r\n"
    "To: bob@example.com\r\n"
    "Subject: sent by curl\r\n"
    "\r\n"
    "Hello from curl.\r\n"
    ".a line that starts with a dot\r\n"
    "..and one with two\r\n";

struct CurlCase {
  mock::Security security;
  std::string mechanism;
};

class CurlSends : public ::testing::TestWithParam<CurlCase> {};

TEST_P(CurlSends, CapturedBytesEqualWhatCurlUploaded) {
  ASSERT_TRUE(test::have_program("curl")) << "curl is missing: run ci/bootstrap";
  const auto param = GetParam();
  mock::SmtpServerConfig config;
  config.tls.security = param.security;
  config.users = {{"curl-user", "curl-pass"}};
  config.auth_required = true;
  mock::SmtpServer server(config);
  server.start();

  test::TempDir dir;
  const auto ca = dir.file("ca.pem", server.ca_certificate_pem());
  const auto body = dir.file("message.eml", kMessage);
  const bool implicit = param.security == mock::Security::ssl_tls;
  const std::string url = std::string(implicit ? "smtps" : "smtp") + "://localhost:" + std::to_string(server.port());
  const auto run = test::run({"curl", "--silent", "--show-error", "--ssl-reqd", "--cacert", ca, "--url", url,
                              "--user", "curl-user:curl-pass", "--login-options", "AUTH=" + param.mechanism,
                              "--mail-from", "curl@example.com", "--mail-rcpt", "bob@example.com",
                              "--mail-rcpt", "carol@example.com", "--upload-file", body});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_TRUE(server.wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = server.messages().at(0);
  EXPECT_EQ(captured.raw, kMessage);
  EXPECT_EQ(captured.mail_from, "curl@example.com");
  EXPECT_EQ(captured.rcpt_to(), (std::vector<std::string>{"bob@example.com", "carol@example.com"}));
  EXPECT_EQ(captured.authenticated_user, "curl-user");
  EXPECT_TRUE(captured.tls);
  const auto transcript = server.transcripts().at(0).transcript->render();
  EXPECT_NE(transcript.find("AUTH " + param.mechanism), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find("curl-pass"), std::string::npos) << transcript;
}

INSTANTIATE_TEST_SUITE_P(Modes, CurlSends,
                         ::testing::Values(CurlCase{mock::Security::starttls, "PLAIN"},
                                           CurlCase{mock::Security::starttls, "LOGIN"},
                                           CurlCase{mock::Security::ssl_tls, "PLAIN"},
                                           CurlCase{mock::Security::ssl_tls, "LOGIN"}),
                         [](const auto& info) {
                           return std::string(mock::to_string(info.param.security)) + "_" + info.param.mechanism;
                         });

TEST(CurlSends, WrongPasswordIsRefusedWith535) {
  ASSERT_TRUE(test::have_program("curl"));
  mock::SmtpServerConfig config;
  config.tls.security = mock::Security::starttls;
  config.users = {{"curl-user", "curl-pass"}};
  config.auth_required = true;
  mock::SmtpServer server(config);
  server.start();
  test::TempDir dir;
  const auto ca = dir.file("ca.pem", server.ca_certificate_pem());
  const auto body = dir.file("message.eml", kMessage);
  const auto run = test::run({"curl", "--silent", "--show-error", "--ssl-reqd", "--cacert", ca, "--url",
                              "smtp://localhost:" + std::to_string(server.port()), "--user", "curl-user:nope",
                              "--mail-from", "curl@example.com", "--mail-rcpt", "bob@example.com", "--upload-file",
                              body});
  EXPECT_EQ(run.exit_code, 67) << run.err;  // CURLE_LOGIN_DENIED
  EXPECT_TRUE(server.messages().empty());
}

}  // namespace
