// Python's smtplib sends to our mock SMTP server in every security mode with
// every password mechanism it has; the captured bytes equal the file it sent.
#include <gtest/gtest.h>

#include <tuple>

#include "mockserver/smtp/smtp_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

const std::string kPython = "/usr/bin/python3";
const std::string kScript = std::string(MAILSIM_SOURCE_DIR) + "/tests/interop/peers/smtplib_send.py";

const std::string kMessage =
    "From: python@example.com\r\n"
    "To: bob@example.com\r\n"
    "Subject: sent by smtplib\r\n"
    "\r\n"
    "Hello from Python.\r\n"
    ".dot-stuffed line\r\n";

class SmtplibSends : public ::testing::TestWithParam<std::tuple<mock::Security, std::string>> {};

TEST_P(SmtplibSends, CapturedBytesEqualTheFile) {
  const auto [security, mechanism] = GetParam();
  mock::SmtpServerConfig config;
  config.tls.security = security;
  config.users = {{"py-user", "py-pass"}};
  config.auth_required = true;
  mock::SmtpServer server(config);
  server.start();

  test::TempDir dir;
  const auto ca = dir.file("ca.pem", server.ca_certificate_pem());
  const auto eml = dir.file("message.eml", kMessage);
  const auto run = test::run({kPython, kScript, std::to_string(server.port()), std::string(mock::to_string(security)),
                              ca, "py-user", "py-pass", mechanism, eml, "python@example.com", "bob@example.com"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "{}\n");  // no refused recipients
  ASSERT_TRUE(server.wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = server.messages().at(0);
  EXPECT_EQ(captured.raw, kMessage);
  EXPECT_EQ(captured.authenticated_user, "py-user");
  EXPECT_EQ(captured.tls, security != mock::Security::none);
}

INSTANTIATE_TEST_SUITE_P(Modes, SmtplibSends,
                         ::testing::Combine(::testing::Values(mock::Security::none, mock::Security::starttls,
                                                              mock::Security::ssl_tls),
                                            ::testing::Values("PLAIN", "LOGIN", "CRAM-MD5")),
                         [](const auto& info) {
                           std::string name{mock::to_string(std::get<0>(info.param))};
                           for (char c : std::get<1>(info.param)) name += c == '-' ? '_' : c;
                           return name;
                         });

TEST(SmtplibSends, RefusedRecipientIsReportedBySmtplib) {
  mock::SmtpServerConfig config;
  config.limits.max_recipients = 1;
  mock::SmtpServer server(config);
  server.start();
  test::TempDir dir;
  const auto eml = dir.file("message.eml", kMessage);
  const auto run = test::run({kPython, kScript, std::to_string(server.port()), "none", "-", "-", "-", "-", eml,
                              "python@example.com", "bob@example.com", "carol@example.com"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // smtplib reports the second recipient as refused with the server's 452.
  EXPECT_NE(run.out.find("\"carol@example.com\": [452"), std::string::npos) << run.out;
  ASSERT_TRUE(server.wait_for_messages(1, std::chrono::seconds(10)));
  EXPECT_EQ(server.messages().at(0).rcpt_to(), std::vector<std::string>{"bob@example.com"});
}

}  // namespace
