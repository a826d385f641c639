// The send path against a scripted server: stepwise and pipelined, per-
// recipient results, HELO fallback, SIZE, 8BITMIME/SMTPUTF8.
#include "client/smtp/dot_stuffing.hpp"
#include "flow_helpers.hpp"

namespace mailsim::client::smtp::test {
namespace {

TEST(SmtpClientSend, StepwiseWhenPipeliningIsNotOffered) {
  FakeSmtpServer server;
  server.send("220 fake ESMTP\r\n")
      .expect("EHLO client.test")
      .send("250-fake\r\n250-SIZE 100000\r\n250 ENHANCEDSTATUSCODES\r\n")
      .expect("MAIL FROM:<alice@example.com> SIZE=")
      .send("250 2.1.0 ok\r\n")
      .expect("RCPT TO:<bob@example.com>")
      .send("250 2.1.5 ok\r\n")
      .expect("DATA")
      .send("354 go ahead\r\n")
      .expect_data()
      .send("250 2.0.0 queued as 42\r\n")
      .expect("QUIT")
      .send("221 2.0.0 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.received()[1], "MAIL FROM:<alice@example.com> SIZE=" + std::to_string(kMessage.size()));
  EXPECT_EQ(server.data(), dot_stuff(kMessage));
  EXPECT_NE(server.data().find("\r\n..a line starting with a dot\r\n"), std::string::npos);
  ASSERT_EQ(r.recipients.size(), 1u);
  EXPECT_TRUE(r.recipients[0].accepted);
  EXPECT_EQ(r.recipients[0].reason, Reason::ok);
  ASSERT_TRUE(r.message_reply);
  EXPECT_EQ(r.message_reply->to_string(), "250 2.0.0 queued as 42");
  EXPECT_EQ(r.session.greeting, "220 fake ESMTP");
  EXPECT_TRUE(r.session.capabilities.enhanced_status_codes);
  EXPECT_TRUE(r.session.tls_version.empty());
  const std::string transcript = joined(r.transcript);
  EXPECT_NE(transcript.find("C: RCPT TO:<bob@example.com>"), std::string::npos);
  EXPECT_NE(transcript.find("S: 250 2.0.0 queued as 42"), std::string::npos);
  EXPECT_NE(transcript.find("C: <message: " + std::to_string(kMessage.size()) + " bytes>"), std::string::npos);
  // The body is summarised, never copied into the transcript.
  EXPECT_EQ(transcript.find("a line starting with a dot"), std::string::npos);
}

TEST(SmtpClientSend, PipeliningSendsMailRcptsAndDataBeforeAnyReply) {
  // The server reads all four commands before it answers any: a client
  // waiting for the MAIL reply would stall here and time out.
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250-PIPELINING\r\n250 SIZE\r\n")
      .expect("MAIL FROM:<alice@example.com> SIZE=")
      .expect("RCPT TO:<bob@example.com>")
      .expect("RCPT TO:<nobody@example.com>")
      .expect("RCPT TO:<carol@example.com>")
      .expect("DATA")
      .send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 <nobody@example.com>: no such user\r\n250 2.1.5 ok\r\n354 go\r\n")
      .expect_data()
      .send("250 2.0.0 queued\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server))
                     .send(envelope({"bob@example.com", "nobody@example.com", "carol@example.com"}), kMessage);
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  ASSERT_EQ(r.recipients.size(), 3u);
  EXPECT_EQ(r.recipients[0].address, "bob@example.com");
  EXPECT_TRUE(r.recipients[0].accepted);
  EXPECT_EQ(r.recipients[1].address, "nobody@example.com");
  EXPECT_FALSE(r.recipients[1].accepted);
  EXPECT_EQ(r.recipients[1].reason, Reason::recipient_rejected);
  EXPECT_EQ(r.recipients[1].reply.to_string(), "550 5.1.1 <nobody@example.com>: no such user");
  EXPECT_TRUE(r.recipients[2].accepted);
  EXPECT_EQ(server.data(), dot_stuff(kMessage));
}

TEST(SmtpClientSend, AllRecipientsRefusedWhilePipeliningEndsWithRsetNotData) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 PIPELINING\r\n")
      .expect("MAIL FROM:")
      .expect("RCPT TO:<x@example.com>")
      .expect("DATA")
      .send("250 ok\r\n550 5.1.1 no such user\r\n554 5.5.1 Error: no valid recipients\r\n")
      .expect("RSET")
      .send("250 2.0.0 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope({"x@example.com"}), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::recipient_rejected);
  EXPECT_EQ(r.failure->stage, Stage::command);
  EXPECT_EQ(r.failure->server_words, "550 5.1.1 no such user");
  EXPECT_NE(r.failure->detail.find("only recipient"), std::string::npos);
  ASSERT_EQ(r.recipients.size(), 1u);
  EXPECT_FALSE(r.recipients[0].accepted);
  EXPECT_EQ(server.data(), "");
}

TEST(SmtpClientSend, ServerSaying354WithNoRecipientsGetsAnEmptyMessageThenRset) {
  // RFC 2920 3.1: a broken server may accept DATA anyway; the client must
  // end it with a lone "." rather than leave the server waiting.
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 PIPELINING\r\n")
      .expect("MAIL FROM:")
      .expect("RCPT TO:")
      .expect("RCPT TO:")
      .expect("DATA")
      .send("250 ok\r\n550 no\r\n551 no\r\n354 go anyway\r\n")
      .expect_data()
      .send("554 no valid recipients\r\n")
      .expect("RSET")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope({"a@x", "b@x"}), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.data(), ".\r\n");
  EXPECT_EQ(r.failure->reason, Reason::recipient_rejected);
  EXPECT_NE(r.failure->detail.find("all 2 recipients"), std::string::npos);
}

TEST(SmtpClientSend, AllRecipientsRefusedStepwiseEndsWithRsetNotData) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250 fake\r\n")
      .expect("MAIL FROM:<alice@example.com>")
      .send("250 ok\r\n")
      .expect("RCPT TO:<x@example.com>")
      .send("450 4.7.1 <x@example.com>: Recipient address rejected: greylisted\r\n")
      .expect("RSET")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope({"x@example.com"}), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  // A greylisting reply is a throttle, not a bad address.
  EXPECT_EQ(r.failure->reason, Reason::throttled);
  ASSERT_EQ(r.recipients.size(), 1u);
  EXPECT_EQ(r.recipients[0].reason, Reason::throttled);
}

TEST(SmtpClientSend, RefusedSenderIsReportedWithoutDataPipelined) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 PIPELINING\r\n")
      .expect("MAIL FROM:")
      .expect("RCPT TO:")
      .expect("DATA")
      .send("553 5.7.1 Sender address rejected: not owned by user\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n")
      .expect("RSET")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::message_rejected);
  EXPECT_EQ(r.failure->server_words, "553 5.7.1 Sender address rejected: not owned by user");
  // The RCPT replies only echo the refused MAIL, so they are not reported.
  EXPECT_TRUE(r.recipients.empty());
}

TEST(SmtpClientSend, HeloFallbackWhenEhloIsNotUnderstood) {
  FakeSmtpServer server;
  server.send("220 old server\r\n")
      .expect("EHLO client.test")
      .send("502 5.5.2 Error: command not recognized\r\n")
      .expect("HELO client.test")
      .send("250 old server\r\n")
      .expect("MAIL FROM:<alice@example.com>")
      .send("250 ok\r\n")
      .expect("RCPT TO:<bob@example.com>")
      .send("250 ok\r\n")
      .expect("DATA")
      .send("354 go\r\n")
      .expect_data()
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_TRUE(r.session.used_helo);
  // No ESMTP: no SIZE= or other parameters.
  EXPECT_EQ(server.received()[2], "MAIL FROM:<alice@example.com>");
}

TEST(SmtpClientSend, HeloRefusedToo) {
  FakeSmtpServer server;
  server.send("220 odd\r\n")
      .expect("EHLO")
      .send("500 what\r\n")
      .expect("HELO")
      .send("550 not you\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::command_failed);
  EXPECT_EQ(r.failure->stage, Stage::capabilities);
  EXPECT_EQ(r.failure->server_words, "550 not you");
}

TEST(SmtpClientSend, MessageLargerThanTheAdvertisedSizeFailsBeforeMail) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 SIZE 50\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::message_too_large);
  EXPECT_NE(r.failure->detail.find("at most 50"), std::string::npos);
  EXPECT_FALSE(server.received_line_starting("MAIL"));
}

TEST(SmtpClientSend, MessageRefusedAsTooLargeAfterData) {
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
      .send("552 5.3.4 Message size exceeds fixed maximum message size\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), kMessage);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::message_too_large);
  EXPECT_EQ(r.failure->stage, Stage::data);
  ASSERT_TRUE(r.message_reply);
  EXPECT_EQ(r.message_reply->code, 552);
  ASSERT_EQ(r.recipients.size(), 1u);
  EXPECT_TRUE(r.recipients[0].accepted);
}

TEST(SmtpClientSend, EightBitBodyWithout8BitMimeIsRefusedBeforeMail) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250 fake\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), "Subject: x\r\n\r\ncaf\xC3\xA9\r\n");
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(r.failure->reason, Reason::message_rejected);
  EXPECT_NE(r.failure->detail.find("8BITMIME"), std::string::npos);
  EXPECT_FALSE(server.received_line_starting("MAIL"));
}

TEST(SmtpClientSend, EightBitBodyUses8BitMimeWhenOffered) {
  const std::string message = "Subject: x\r\n\r\ncaf\xC3\xA9\r\n";
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 8BITMIME\r\n")
      .expect("MAIL FROM:<alice@example.com> BODY=8BITMIME")
      .send("250 ok\r\n")
      .expect("RCPT")
      .send("250 ok\r\n")
      .expect("DATA")
      .send("354 go\r\n")
      .expect_data()
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send(envelope(), message);
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.data(), message + ".\r\n");
}

TEST(SmtpClientSend, Utf8AddressUsesSmtputf8WhenOffered) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
      .expect("MAIL FROM:<j\xC3\xB6rg@example.com> SMTPUTF8")
      .send("250 ok\r\n")
      .expect("RCPT TO:<bob@example.com>")
      .send("250 ok\r\n")
      .expect("DATA")
      .send("354 go\r\n")
      .expect_data()
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send({"j\xC3\xB6rg@example.com", {"bob@example.com"}}, kMessage);
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
}

TEST(SmtpClientSend, Utf8AddressWithoutSmtputf8IsRefusedBeforeMail) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 8BITMIME\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r = SmtpClient(options_for(server)).send({"alice@example.com", {"\xE7\x94\xA8@example.com"}}, kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(r.failure->reason, Reason::message_rejected);
  EXPECT_NE(r.failure->detail.find("SMTPUTF8"), std::string::npos);
  EXPECT_FALSE(server.received_line_starting("MAIL"));
}

TEST(SmtpClientSend, RecipientWithALineBreakIsRefusedBeforeAnyCommand) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 PIPELINING\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  const auto r =
      SmtpClient(options_for(server)).send(envelope({"ok@example.com", "x@y>\r\nRCPT TO:<victim@z"}), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_NE(r.failure->detail.find("recipient 2"), std::string::npos);
  EXPECT_EQ(r.failure->detail.find("victim"), std::string::npos);
  EXPECT_FALSE(server.received_line_starting("RCPT"));
  EXPECT_FALSE(server.received_line_starting("MAIL"));
}

TEST(SmtpClientSend, NoRecipientsIsAConfigurationError) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250 fake\r\n").expect("QUIT").send("221 bye\r\n").wait_for_close().start();
  const auto r = SmtpClient(options_for(server)).send(envelope({}), kMessage);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
}

// Two messages on one session through the coroutine API.
// (The envelope comes in as a parameter: g++ 12 cannot put a braced default
// argument into a coroutine frame.)
net::asio::awaitable<void> two_messages_and_noop(SmtpClientOptions options, SmtpEnvelope message_envelope,
                                                 std::vector<std::string>& replies, std::optional<Failure>& failure) {
  SmtpConnection connection(std::move(options));
  failure = co_await connection.open();
  if (failure) co_return;
  for (int i = 0; i < 2 && !failure; ++i) {
    auto outcome = co_await connection.send(message_envelope, kMessage);
    failure = outcome.failure;
    if (outcome.message_reply) replies.push_back(outcome.message_reply->to_string());
  }
  if (!failure) failure = co_await connection.noop();
  co_await connection.quit();
}

TEST(SmtpConnection, SendsSeveralMessagesOnOneSession) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250 fake\r\n");
  for (int i = 0; i < 2; ++i)
    server.expect("MAIL").send("250 ok\r\n").expect("RCPT").send("250 ok\r\n").expect("DATA").send("354 go\r\n")
        .expect_data().send("250 queued " + std::to_string(i) + "\r\n");
  server.expect("NOOP").send("250 ok\r\n").expect("QUIT").send("221 bye\r\n").wait_for_close().start();

  net::asio::io_context io;
  std::vector<std::string> replies;
  std::optional<Failure> failure;
  net::asio::co_spawn(io, two_messages_and_noop(options_for(server), envelope(), replies, failure), net::asio::detached);
  io.run();
  EXPECT_FALSE(failure) << describe(*failure);
  EXPECT_EQ(replies, (std::vector<std::string>{"250 queued 0", "250 queued 1"}));
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
}

}  // namespace
}  // namespace mailsim::client::smtp::test
