// Session-level failures: greeting refusals, connection trouble, timeouts
// and malformed replies, each with its reason and stage.
#include "flow_helpers.hpp"

namespace mailsim::client::smtp::test {
namespace {

TEST(SmtpClientFailure, Greeting421IsThrottled) {
  FakeSmtpServer server;
  server.send("421 4.7.0 mx.example.com Too many connections, try again later\r\n").close().start();
  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::throttled);
  EXPECT_EQ(r.failure->stage, Stage::greeting);
  EXPECT_EQ(r.failure->server_words, "421 4.7.0 mx.example.com Too many connections, try again later");
}

TEST(SmtpClientFailure, Greeting554IsGreetingRejectedAndQuitIsStillSent) {
  FakeSmtpServer server;
  server.send("554 5.7.1 No SMTP service for you\r\n").expect("QUIT").send("221 bye\r\n").wait_for_close().start();
  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::greeting_rejected);
  EXPECT_EQ(r.failure->stage, Stage::greeting);
  EXPECT_EQ(r.failure->server_words, "554 5.7.1 No SMTP service for you");
  EXPECT_FALSE(server.received_line_starting("EHLO"));
}

TEST(SmtpClientFailure, ConnectionDroppedInTheMiddleOfAReply) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250-fake\r\n250-PIPELI").close().start();
  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::connection_lost) << failure_text(r);
  EXPECT_EQ(r.failure->stage, Stage::capabilities);
}

TEST(SmtpClientFailure, ConnectionClosedAfterData) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250 fake\r\n")
      .expect("MAIL")
      .send("250 ok\r\n")
      .expect("RCPT")
      .send("250 ok\r\n")
      .expect("DATA")
      .send("354 go\r\n")
      .expect_data()
      .close()
      .start();
  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::connection_lost);
  EXPECT_EQ(r.failure->stage, Stage::data);
  EXPECT_FALSE(r.message_reply);
}

TEST(SmtpClientFailure, SilentServerTimesOutAtTheGreeting) {
  FakeSmtpServer server;
  server.wait_for_close().start();
  auto options = options_for(server);
  options.timeouts.command = 200ms;
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::timeout);
  EXPECT_EQ(r.failure->stage, Stage::greeting);
  EXPECT_NE(r.failure->detail.find("200 ms"), std::string::npos);
  // Out of step: no QUIT to a server that never answered.
  ASSERT_TRUE(server.wait_done());
  EXPECT_FALSE(server.received_line_starting("QUIT"));
}

TEST(SmtpClientFailure, OverallTimeoutEndsASessionOfSlowButLiveCommands) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").wait_for_close().start();
  auto options = options_for(server);
  options.timeouts.overall = 300ms;
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::timeout);
  EXPECT_EQ(r.failure->stage, Stage::capabilities);
  EXPECT_NE(r.failure->detail.find("overall"), std::string::npos);
}

TEST(SmtpClientFailure, MismatchedMultiLineReplyIsAProtocolError) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250-fake\r\n251 odd\r\n").wait_for_close().start();
  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
  EXPECT_EQ(r.failure->stage, Stage::capabilities);
  ASSERT_TRUE(server.wait_done());
  EXPECT_FALSE(server.received_line_starting("QUIT"));
}

TEST(SmtpClientFailure, EndlessReplyLineIsAProtocolError) {
  FakeSmtpServer server;
  server.send("220 " + std::string(10'000, 'x')).wait_for_close().start();
  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
  EXPECT_EQ(r.failure->stage, Stage::greeting);
}

TEST(SmtpClientFailure, NotAnSmtpServerIsAProtocolError) {
  FakeSmtpServer server;
  server.send("HTTP/1.1 400 Bad Request\r\n\r\n").wait_for_close().start();
  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
}

TEST(SmtpClientFailure, NoopRefused) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250 fake\r\n").expect("NOOP").send("502 no\r\n");
  server.expect("QUIT").send("221 bye\r\n").wait_for_close().start();
  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::command_failed);
  EXPECT_EQ(r.failure->stage, Stage::command);
}

TEST(SmtpClientFailure, RefusedConnection) {
  std::uint16_t port = 0;
  {
    net::asio::io_context io;
    net::tcp::acceptor probe(io, net::tcp::endpoint(net::asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }  // closed again: nothing listens there now
  SmtpClientOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::connect_refused);
  EXPECT_EQ(r.failure->stage, Stage::connect);
}

TEST(SmtpClientFailure, NameThatDoesNotResolve) {
  SmtpClientOptions options;
  options.host = "nonexistent.invalid";  // RFC 6761: never resolves
  // Long enough for a resolver without network to give up by itself.
  options.timeouts.connect = 60'000ms;
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::dns_failed) << failure_text(r);
  EXPECT_EQ(r.failure->stage, Stage::resolve);
  EXPECT_NE(r.failure->detail.find("nonexistent.invalid"), std::string::npos);
}

TEST(SmtpClientFailure, EmptyHostAndBadHeloNameAreConfigurationErrors) {
  SmtpClientOptions options;
  EXPECT_EQ(SmtpClient(options).test().failure->reason, Reason::config_invalid);
  options.host = "127.0.0.1";
  options.helo_name = "two words";
  const auto r = SmtpClient(options).test();
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_EQ(r.failure->stage, Stage::config);
}

}  // namespace
}  // namespace mailsim::client::smtp::test
