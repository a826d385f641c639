// SmtpServer over real loopback sockets, driven by a tiny blocking client.
#include "mockserver/smtp/smtp_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "blocking_client.hpp"
#include "common/base64.hpp"

namespace mailsim::mock {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using smtp_test::BlockingClient;
using namespace std::chrono_literals;

constexpr auto kWait = 20s;  // generous: only reached when something is broken

SmtpServerConfig test_config() {
  SmtpServerConfig config;
  config.users = {{"alice@example.com", "Corr3ct-Horse!"}};
  config.clock = std::make_shared<VirtualClock>();
  return config;
}

std::string plain_ir() {
  return base64_encode(std::string("\0alice@example.com\0Corr3ct-Horse!", 33));
}

// Sends one message on a greeted, EHLO'd client and returns the final reply.
std::string send_message(BlockingClient& c, const std::string& content) {
  c.send("MAIL FROM:<sender@example.com>\r\nRCPT TO:<rcpt@example.net>\r\nDATA\r\n");
  EXPECT_EQ(c.read_reply(), "250 2.1.0 Ok\r\n");
  EXPECT_EQ(c.read_reply(), "250 2.1.5 Ok\r\n");
  EXPECT_THAT(c.read_reply(), StartsWith("354 "));
  c.send(content + ".\r\n");
  return c.read_reply();
}

TEST(SmtpServer, PlainSessionCapturesTheMessage) {
  auto config = test_config();
  const auto clock = config.clock;
  SmtpServer server(config);
  server.start();
  ASSERT_NE(server.port(), 0);
  BlockingClient c(server.port());
  EXPECT_EQ(c.read_reply(), "220 localhost ESMTP mailsim\r\n");
  EXPECT_THAT(c.command("EHLO client.example"), StartsWith("250-localhost\r\n250-PIPELINING\r\n"));
  EXPECT_EQ(send_message(c, "Subject: t\r\n\r\n..hello\r\n"), "250 2.0.0 Ok: queued as smtp-1.1\r\n");
  EXPECT_EQ(c.command("QUIT"), "221 2.0.0 Bye\r\n");
  EXPECT_TRUE(c.closed_by_server());

  ASSERT_TRUE(server.wait_for_messages(1, kWait));
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].raw, "Subject: t\r\n\r\n.hello\r\n");
  EXPECT_EQ(messages[0].mail_from, "sender@example.com");
  EXPECT_EQ(messages[0].rcpt_to(), std::vector<std::string>{"rcpt@example.net"});
  EXPECT_FALSE(messages[0].tls);
  EXPECT_EQ(messages[0].received_at, clock->now());
  const auto transcripts = server.transcripts();
  ASSERT_EQ(transcripts.size(), 1u);
  EXPECT_EQ(transcripts[0].session_id, "smtp-1");
  EXPECT_TRUE(transcripts[0].transcript->contains("EHLO client.example"));
}

TEST(SmtpServer, ImplicitTlsWithAuth) {
  auto config = test_config();
  config.tls.security = Security::ssl_tls;
  config.auth_required = true;
  SmtpServer server(config);
  server.start();
  BlockingClient c(server.port());
  c.start_tls(server.ca_certificate_pem());
  EXPECT_EQ(c.read_reply(), "220 localhost ESMTP mailsim\r\n");
  EXPECT_THAT(c.command("EHLO client.example"), Not(HasSubstr("STARTTLS")));
  EXPECT_EQ(c.command("AUTH PLAIN " + plain_ir()), "235 2.7.0 Authentication successful\r\n");
  EXPECT_THAT(send_message(c, "hi\r\n"), StartsWith("250 2.0.0 Ok: queued as"));
  ASSERT_TRUE(server.wait_for_messages(1, kWait));
  const auto message = server.messages().at(0);
  EXPECT_TRUE(message.tls);
  EXPECT_EQ(message.tls_version, c.tls_version());
  EXPECT_EQ(message.authenticated_user, "alice@example.com");
  for (const auto& t : server.transcripts()) EXPECT_FALSE(t.transcript->contains(plain_ir()));
}

TEST(SmtpServer, StartTlsDiscardsInjectedPlaintext) {
  auto config = test_config();
  config.tls.security = Security::starttls;
  config.auth_requires_tls = true;
  SmtpServer server(config);
  server.start();
  BlockingClient c(server.port());
  c.read_reply();
  EXPECT_THAT(c.command("EHLO client.example"), HasSubstr("250-STARTTLS\r\n"));
  c.send("STARTTLS\r\nMAIL FROM:<attacker@evil.example>\r\n");
  EXPECT_EQ(c.read_reply(), "220 2.0.0 Ready to start TLS\r\n");
  c.start_tls(server.ca_certificate_pem());
  EXPECT_THAT(c.command("EHLO client.example"), HasSubstr("AUTH PLAIN"));
  EXPECT_EQ(c.command("RCPT TO:<victim@example.com>"), "503 5.5.1 Error: need MAIL command\r\n");
  EXPECT_EQ(c.command("AUTH PLAIN " + plain_ir()), "235 2.7.0 Authentication successful\r\n");
  EXPECT_THAT(send_message(c, "secured\r\n"), StartsWith("250 "));
  ASSERT_TRUE(server.wait_for_messages(1, kWait));
  EXPECT_TRUE(server.messages().at(0).tls);
}

TEST(SmtpServer, ManySessionsAtOnce) {
  SmtpServer server(test_config());
  server.start();
  std::vector<std::unique_ptr<BlockingClient>> clients;
  for (int i = 0; i < 12; ++i) {
    clients.push_back(std::make_unique<BlockingClient>(server.port()));
    EXPECT_THAT(clients.back()->read_reply(), StartsWith("220 "));
  }
  for (auto& c : clients) EXPECT_THAT(c->command("EHLO client.example"), StartsWith("250-"));
  for (std::size_t i = 0; i < clients.size(); ++i)
    EXPECT_THAT(send_message(*clients[i], "message " + std::to_string(i) + "\r\n"), StartsWith("250 2.0.0"));
  ASSERT_TRUE(server.wait_for_messages(12, kWait));
  EXPECT_EQ(server.transcripts().size(), 12u);
}

TEST(SmtpServer, StopDoesNotHangOnStuckClients) {
  auto config = test_config();
  SmtpServer server(config);
  server.start();
  BlockingClient silent(server.port());  // never says anything
  silent.read_reply();
  BlockingClient mid_data(server.port());
  mid_data.read_reply();
  mid_data.command("EHLO c.example");
  mid_data.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nhalf a mess");
  BlockingClient never_read(server.port());  // greeting left unread
  server.stop();
  EXPECT_TRUE(silent.closed_by_server());
  EXPECT_TRUE(server.messages().empty());
  server.stop();  // idempotent
  for (const auto& t : server.transcripts()) {
    EXPECT_TRUE(t.finished);
    EXPECT_TRUE(t.transcript->contains("connection closed (server stopped)")) << t.transcript->render();
  }
}

TEST(SmtpServer, StopDoesNotHangOnAClientThatNeverStartsTls) {
  auto config = test_config();
  config.tls.security = Security::ssl_tls;
  SmtpServer server(config);
  server.start();
  BlockingClient stuck(server.port());  // connected, never sends a ClientHello
  server.stop();
  EXPECT_TRUE(stuck.closed_by_server());
}

TEST(SmtpServer, StopBeforeStartIsHarmless) {
  SmtpServer server(test_config());
  server.stop();
}

TEST(SmtpServer, TooManySessionsGet421) {
  auto config = test_config();
  config.max_sessions = 1;
  SmtpServer server(config);
  server.start();
  BlockingClient first(server.port());
  EXPECT_THAT(first.read_reply(), StartsWith("220 "));
  BlockingClient second(server.port());
  EXPECT_EQ(second.read_reply(), "421 4.7.0 localhost Error: too many connections\r\n");
  EXPECT_TRUE(second.closed_by_server());
  EXPECT_EQ(first.command("NOOP"), "250 2.0.0 Ok\r\n");
}

TEST(SmtpServer, IdleClientGetsTimeout) {
  auto config = test_config();
  config.idle_timeout = 100ms;
  SmtpServer server(config);
  server.start();
  BlockingClient c(server.port());
  c.read_reply();
  EXPECT_EQ(c.read_reply(), "421 4.4.2 localhost Error: timeout exceeded\r\n");
  EXPECT_TRUE(c.closed_by_server());
}

TEST(SmtpServer, PlaintextClientOnImplicitTlsListenerIsRecorded) {
  auto config = test_config();
  config.tls.security = Security::ssl_tls;
  SmtpServer server(config);
  server.start();
  {
    BlockingClient c(server.port());
    c.send("EHLO client.example\r\n");
    EXPECT_EQ(c.read_reply(), "");  // the server drops it
  }
  server.stop();
  ASSERT_EQ(server.transcripts().size(), 1u);
  EXPECT_TRUE(server.transcripts()[0].transcript->contains("TLS handshake failed"));
}

TEST(SmtpServer, BindFailureIsAClearError) {
  SmtpServer first(test_config());
  first.start();
  auto config = test_config();
  config.name = "second";
  config.port = first.port();
  SmtpServer second(config);
  try {
    second.start();
    FAIL() << "expected the bind to fail";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("mock SMTP server 'second': cannot listen on 127.0.0.1:"));
  }
  auto bad_address = test_config();
  bad_address.bind_address = "not-an-address";
  EXPECT_THROW(SmtpServer(bad_address).start(), std::runtime_error);
}

TEST(SmtpServer, StartTwiceIsALogicError) {
  SmtpServer server(test_config());
  server.start();
  EXPECT_THROW(server.start(), std::logic_error);
}

TEST(SmtpServer, WaitForMessagesTimesOutAndClearWorks) {
  SmtpServer server(test_config());
  server.start();
  EXPECT_FALSE(server.wait_for_messages(1, 10ms));
  BlockingClient c(server.port());
  c.read_reply();
  c.command("EHLO c.example");
  send_message(c, "one\r\n");
  ASSERT_TRUE(server.wait_for_messages(1, kWait));
  server.clear_messages();
  EXPECT_TRUE(server.messages().empty());
  send_message(c, "two\r\n");
  ASSERT_TRUE(server.wait_for_messages(1, kWait));
  EXPECT_EQ(server.messages().at(0).raw, "two\r\n");
}

}  // namespace
}  // namespace mailsim::mock
