// Our SMTP client against our mock SMTP server over real loopback sockets:
// every security mode with every password mechanism, and the failures the
// connector must name precisely.
#include <gtest/gtest.h>

#include <tuple>

#include "client/smtp/smtp_client.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace {

using namespace mailsim;
using client::Reason;
using client::smtp::SmtpClient;
using client::smtp::SmtpClientOptions;

const std::string kMessage =
    "From: alice@example.com\r\n"
    "To: bob@example.com\r\n"
    "Subject: integration\r\n"
    "\r\n"
    "Hello Bob.\r\n"
    ".leading dot must survive dot-stuffing\r\n";

mock::SmtpServerConfig server_config(mock::Security security) {
  mock::SmtpServerConfig config;
  config.tls.security = security;
  config.users = {{"alice", "s3cret-pass"}};
  config.auth_required = true;
  return config;
}

SmtpClientOptions client_options(const mock::SmtpServer& server, client::Security security) {
  SmtpClientOptions options;
  options.host = "localhost";
  options.port = server.port();
  options.security = security;
  options.tls.ca_pem = server.ca_certificate_pem();
  options.credentials = sasl::ClientCredentials{.user = "alice", .password = "s3cret-pass"};
  options.timeouts.command = std::chrono::seconds(10);
  return options;
}

client::Security client_security(mock::Security s) {
  switch (s) {
    case mock::Security::none: return client::Security::none;
    case mock::Security::ssl_tls: return client::Security::ssl_tls;
    case mock::Security::starttls: return client::Security::starttls;
  }
  return client::Security::none;
}

class SecurityAndMechanism
    : public ::testing::TestWithParam<std::tuple<mock::Security, sasl::Mechanism>> {};

TEST_P(SecurityAndMechanism, SendsAndTheServerCapturesTheExactBytes) {
  const auto [security, mechanism] = GetParam();
  mock::SmtpServer server(server_config(security));
  server.start();
  auto options = client_options(server, client_security(security));
  options.mechanism = mechanism;
  const auto result = SmtpClient(options).send({"alice@example.com", {"bob@example.com", "carol@example.com"}},
                                               kMessage);
  ASSERT_TRUE(result.ok()) << client::describe(*result.failure);
  ASSERT_EQ(result.recipients.size(), 2u);
  EXPECT_TRUE(result.recipients[0].accepted);
  EXPECT_EQ(result.session.auth_mechanism, mechanism);

  ASSERT_TRUE(server.wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = server.messages().at(0);
  EXPECT_EQ(captured.raw, kMessage);
  EXPECT_EQ(captured.mail_from, "alice@example.com");
  EXPECT_EQ(captured.rcpt_to(), (std::vector<std::string>{"bob@example.com", "carol@example.com"}));
  EXPECT_EQ(captured.authenticated_user, "alice");
  EXPECT_EQ(captured.tls, security != mock::Security::none);
  if (security != mock::Security::none) {
    EXPECT_FALSE(result.session.tls_version.empty());
  }

  // The password never reaches the server's transcript, in clear or base64.
  for (const auto& session : server.transcripts()) {
    const auto text = session.transcript->render();
    EXPECT_EQ(text.find("s3cret-pass"), std::string::npos) << text;
    EXPECT_EQ(text.find("czNjcmV0LXBhc3M"), std::string::npos) << text;  // base64 of the password
    EXPECT_EQ(text.find("AGFsaWNlAHMzY3JldC1wYXNz"), std::string::npos) << text;  // PLAIN payload
  }
  for (const auto& line : result.transcript) EXPECT_EQ(line.find("s3cret-pass"), std::string::npos) << line;
}

INSTANTIATE_TEST_SUITE_P(
    AllModes, SecurityAndMechanism,
    ::testing::Combine(::testing::Values(mock::Security::none, mock::Security::ssl_tls, mock::Security::starttls),
                       ::testing::Values(sasl::Mechanism::plain, sasl::Mechanism::login, sasl::Mechanism::cram_md5)),
    [](const auto& info) {
      std::string name{mock::to_string(std::get<0>(info.param))};
      name += "_";
      for (char c : sasl::to_string(std::get<1>(info.param))) name += c == '-' ? '_' : c;
      return name;
    });

TEST(SmtpClientServer, WrongPasswordIsAuthFailed) {
  mock::SmtpServer server(server_config(mock::Security::starttls));
  server.start();
  auto options = client_options(server, client::Security::starttls);
  options.credentials->password = "wrong";
  const auto result = SmtpClient(options).send({"alice@example.com", {"bob@example.com"}}, kMessage);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::auth_failed);
  EXPECT_EQ(result.failure->stage, client::Stage::authenticate);
  EXPECT_NE(result.failure->server_words.find("535"), std::string::npos) << result.failure->server_words;
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpClientServer, TooLargeMessageIsRefusedBeforeData) {
  auto config = server_config(mock::Security::none);
  config.limits.max_message_size = 1000;
  mock::SmtpServer server(config);
  server.start();
  const std::string big = kMessage + std::string(5000, 'x') + "\r\n";
  const auto result =
      SmtpClient(client_options(server, client::Security::none)).send({"alice@example.com", {"bob@example.com"}}, big);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::message_too_large);
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpClientServer, StarttlsNotOfferedNeverFallsBackToPlaintext) {
  mock::SmtpServer server(server_config(mock::Security::none));
  server.start();
  const auto result = SmtpClient(client_options(server, client::Security::starttls))
                          .send({"alice@example.com", {"bob@example.com"}}, kMessage);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::starttls_not_offered);
  EXPECT_TRUE(server.messages().empty());
  // The client never sent AUTH (the server's EHLO reply may list it).
  for (const auto& session : server.transcripts())
    for (const auto& line : session.transcript->lines())
      if (line.direction == mock::TranscriptLine::Direction::client) {
        EXPECT_NE(line.text.rfind("AUTH", 0), 0u) << line.text;
      }
}

TEST(SmtpClientServer, ImplicitTlsClientAgainstPlainServerFailsTheHandshake) {
  mock::SmtpServer server(server_config(mock::Security::none));
  server.start();
  auto options = client_options(server, client::Security::ssl_tls);
  options.timeouts.command = std::chrono::seconds(5);
  const auto result = SmtpClient(options).test();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::tls_handshake_failed) << client::describe(*result.failure);
}

struct CertificateCase {
  mock::CertificateKind kind;
  Reason reason;
  bool trust_ca;
};

class CertificateFailures : public ::testing::TestWithParam<CertificateCase> {};

TEST_P(CertificateFailures, EachBadCertificateHasItsOwnReason) {
  const auto param = GetParam();
  auto config = server_config(mock::Security::ssl_tls);
  config.tls.certificate = param.kind;
  mock::SmtpServer server(config);
  server.start();
  auto options = client_options(server, client::Security::ssl_tls);
  if (!param.trust_ca) options.tls.ca_pem.clear();
  const auto result = SmtpClient(options).test();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, param.reason) << client::describe(*result.failure);
  EXPECT_EQ(result.failure->stage, client::Stage::tls);
}

INSTANTIATE_TEST_SUITE_P(Certificates, CertificateFailures,
                         ::testing::Values(CertificateCase{mock::CertificateKind::valid, Reason::tls_cert_untrusted, false},
                                           CertificateCase{mock::CertificateKind::self_signed, Reason::tls_cert_untrusted, true},
                                           CertificateCase{mock::CertificateKind::expired, Reason::tls_cert_expired, true},
                                           CertificateCase{mock::CertificateKind::not_yet_valid, Reason::tls_cert_not_yet_valid, true},
                                           CertificateCase{mock::CertificateKind::wrong_host, Reason::tls_hostname_mismatch, true}),
                         [](const auto& info) {
                           // Stable names: ctest lists each case by name.
                           return std::string(client::to_string(info.param.reason)) + (info.param.trust_ca ? "" : "_no_ca") +
                                  "_" + std::to_string(info.index);
                         });

TEST(SmtpClientServer, OldTlsOnlyListenerIsAVersionRejection) {
  auto config = server_config(mock::Security::ssl_tls);
  config.tls.min_version = tls::Version::tls1_0;
  config.tls.max_version = tls::Version::tls1_1;
  mock::SmtpServer server(config);
  server.start();
  const auto result = SmtpClient(client_options(server, client::Security::ssl_tls)).test();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::tls_version_rejected) << client::describe(*result.failure);
}

TEST(SmtpClientServer, TestConnectionRunsNoopAndQuits) {
  mock::SmtpServer server(server_config(mock::Security::starttls));
  server.start();
  const auto result = SmtpClient(client_options(server, client::Security::starttls)).test();
  ASSERT_TRUE(result.ok()) << client::describe(*result.failure);
  EXPECT_TRUE(result.session.capabilities.pipelining);
  ASSERT_FALSE(server.transcripts().empty());
  const auto& transcript = *server.transcripts().front().transcript;
  EXPECT_TRUE(transcript.contains("NOOP"));
  EXPECT_TRUE(transcript.contains("QUIT"));
}

TEST(SmtpClientServer, ManyClientsAtOnce) {
  mock::SmtpServer server(server_config(mock::Security::starttls));
  server.start();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      const auto r = SmtpClient(client_options(server, client::Security::starttls))
                         .send({"alice@example.com", {"n" + std::to_string(i) + "@example.com"}}, kMessage);
      if (r.ok()) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_TRUE(server.wait_for_messages(8, std::chrono::seconds(10)));
}

}  // namespace

namespace {

// Refuses one address at RCPT, as a server with an unknown local user does.
class UnknownUser final : public mailsim::mock::SmtpSessionHooks {
 public:
  mailsim::mock::SmtpHookAction on_command(const mailsim::mock::SmtpSession&,
                                           const mailsim::mock::SmtpCommand& command) override {
    if (command.verb == mailsim::mock::SmtpVerb::rcpt && command.rcpt.forward_path == "nobody@example.com")
      return {"550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", false};
    return {};
  }
};

TEST(SmtpClientServer, RejectedRecipientsAreReportedOneByOneWhileOthersGetTheMessage) {
  auto config = server_config(mailsim::mock::Security::starttls);
  config.hooks = std::make_shared<UnknownUser>();
  mailsim::mock::SmtpServer server(config);
  server.start();
  const auto result = SmtpClient(client_options(server, mailsim::client::Security::starttls))
                          .send({"alice@example.com", {"bob@example.com", "nobody@example.com"}}, kMessage);
  ASSERT_TRUE(result.ok()) << mailsim::client::describe(*result.failure);
  ASSERT_EQ(result.recipients.size(), 2u);
  EXPECT_TRUE(result.recipients[0].accepted);
  EXPECT_FALSE(result.recipients[1].accepted);
  EXPECT_EQ(result.recipients[1].reason, Reason::recipient_rejected);
  EXPECT_EQ(result.recipients[1].reply.code, 550);
  ASSERT_TRUE(server.wait_for_messages(1, std::chrono::seconds(10)));
  EXPECT_EQ(server.messages().at(0).rcpt_to(), std::vector<std::string>{"bob@example.com"});
}

TEST(SmtpClientServer, AllRecipientsRejectedSendsNoContent) {
  auto config = server_config(mailsim::mock::Security::none);
  config.hooks = std::make_shared<UnknownUser>();
  mailsim::mock::SmtpServer server(config);
  server.start();
  const auto result = SmtpClient(client_options(server, mailsim::client::Security::none))
                          .send({"alice@example.com", {"nobody@example.com"}}, kMessage);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::recipient_rejected);
  EXPECT_TRUE(server.messages().empty());
  // With PIPELINING, DATA goes out with the RCPTs (RFC 2920) and the server
  // refuses it; the content itself is never sent.
  for (const auto& line : server.transcripts().at(0).transcript->lines()) {
    EXPECT_EQ(line.text.rfind("354", 0), std::string::npos) << "the server accepted DATA with no recipient";
    EXPECT_EQ(line.text.find("<message content"), std::string::npos) << "content was sent";
  }
}

}  // namespace
