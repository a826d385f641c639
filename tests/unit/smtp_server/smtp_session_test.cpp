// The session's command handling: greeting, EHLO, the transaction, sequence
// and syntax errors, limits, pipelining.
#include "mockserver/smtp/smtp_session.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace mailsim::mock::smtp_test;
using Action = SmtpSessionOutput::Action;

TEST(SmtpSession, GreetsWithHostname) {
  SmtpSessionConfig config;
  config.hostname = "mx.mock.test";
  SessionHarness h(config);
  EXPECT_EQ(h.open(), "220 mx.mock.test ESMTP mailsim\r\n");
  EXPECT_EQ(h.last_action(), Action::none);
}

TEST(SmtpSession, EhloListsCapabilities) {
  SessionHarness h;
  h.open();
  EXPECT_THAT(h.replies("EHLO client.example\r\n"),
              ElementsAre("250-localhost", "250-PIPELINING", "250-SIZE 10485760",
                          "250-AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER", "250-ENHANCEDSTATUSCODES",
                          "250-8BITMIME", "250-BINARYMIME", "250-CHUNKING", "250-SMTPUTF8", "250 DSN"));
  EXPECT_EQ(h.session().helo_name(), "client.example");
}

TEST(SmtpSession, EhloOffersStartTlsOnlyOnStartTlsListeners) {
  SmtpSessionConfig config;
  config.security = Security::starttls;
  config.mechanisms = {sasl::Mechanism::plain};
  SessionHarness h(config);
  h.open();
  const auto lines = h.replies("EHLO c.example\r\n");
  EXPECT_THAT(lines, ::testing::Contains("250-STARTTLS"));
  EXPECT_THAT(lines, ::testing::Contains("250-AUTH PLAIN"));

  SessionHarness plain;  // security none
  plain.open();
  EXPECT_THAT(plain.replies("EHLO c.example\r\n"), ::testing::Not(::testing::Contains("250-STARTTLS")));
}

TEST(SmtpSession, NoAuthAdvertisedWithoutMechanisms) {
  SmtpSessionConfig config;
  config.mechanisms = {};
  SessionHarness h(config);
  h.open();
  for (const auto& line : h.replies("EHLO c.example\r\n")) EXPECT_THAT(line, ::testing::Not(HasSubstr("AUTH")));
  EXPECT_EQ(h.send("AUTH PLAIN\r\n"), "503 5.5.1 Error: authentication not enabled\r\n");
}

TEST(SmtpSession, HeloGetsAPlainReply) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("HELO old.example\r\n"), "250 localhost\r\n");
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\n"), "250 2.1.0 Ok\r\n");
}

TEST(SmtpSession, WholeTransactionPipelinedInOneRead) {
  SessionHarness h;
  h.open();
  const auto lines = h.replies(
      "EHLO client.example\r\nMAIL FROM:<sender@example.com> SIZE=40\r\nRCPT TO:<one@example.net>\r\n"
      "RCPT TO:<two@example.net> NOTIFY=NEVER\r\nDATA\r\nSubject: hi\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
  ASSERT_EQ(lines.size(), 16u);
  EXPECT_EQ(lines[10], "250 2.1.0 Ok");
  EXPECT_EQ(lines[11], "250 2.1.5 Ok");
  EXPECT_EQ(lines[12], "250 2.1.5 Ok");
  EXPECT_EQ(lines[13], "354 End data with <CR><LF>.<CR><LF>");
  EXPECT_EQ(lines[14], "250 2.0.0 Ok: queued as t-1.1");
  EXPECT_EQ(lines[15], "221 2.0.0 Bye");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.last_action(), Action::close);
  const CapturedMessage& m = h.messages()[0];
  EXPECT_EQ(m.raw, "Subject: hi\r\n\r\n.dot\r\n");
  EXPECT_EQ(m.mail_from, "sender@example.com");
  EXPECT_EQ(m.mail_params.size, 40u);
  EXPECT_EQ(m.rcpt_to(), (std::vector<std::string>{"one@example.net", "two@example.net"}));
  EXPECT_EQ(m.recipients[1].params.notify, (std::vector<std::string>{"NEVER"}));
  EXPECT_EQ(m.helo, "client.example");
  EXPECT_TRUE(m.esmtp);
  EXPECT_EQ(m.session_id, "t-1");
  EXPECT_EQ(m.queue_id, "t-1.1");
  EXPECT_EQ(m.received_at, test_time());
  EXPECT_FALSE(m.tls);
  EXPECT_EQ(m.authenticated_user, "");
  EXPECT_FALSE(m.chunked);
}

TEST(SmtpSession, QuitRepliesAndCloses) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("QUIT\r\nNOOP\r\n"), "221 2.0.0 Bye\r\n");
  EXPECT_EQ(h.last_action(), Action::close);
  EXPECT_TRUE(h.session().closed());
  EXPECT_EQ(h.send("NOOP\r\n"), "");
}

TEST(SmtpSession, ByteByByteGivesTheSameResult) {
  SessionHarness h;
  h.open();
  const std::string input =
      "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nline\r\n.\r\nNOOP\r\n";
  std::string all;
  for (const char c : input) all += h.send(std::string_view(&c, 1));
  const auto lines = lines_of(all);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines.back(), "250 2.0.0 Ok");
  EXPECT_EQ(lines[lines.size() - 2], "250 2.0.0 Ok: queued as t-1.1");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.messages()[0].raw, "line\r\n");
}

TEST(SmtpSession, SecondTransactionOnTheSameSession) {
  SessionHarness h;
  h.start_transaction();
  h.send("DATA\r\none\r\n.\r\n");
  h.send("MAIL FROM:<>\r\nRCPT TO:<x@y.example>\r\nDATA\r\ntwo\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 2u);
  EXPECT_EQ(h.messages()[1].mail_from, "");
  EXPECT_EQ(h.messages()[1].raw, "two\r\n");
  EXPECT_EQ(h.messages()[1].queue_id, "t-1.2");
}

TEST(SmtpSession, SequenceErrors) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\n"), "503 5.5.1 Error: send HELO/EHLO first\r\n");
  h.send("EHLO c.example\r\n");
  EXPECT_EQ(h.send("RCPT TO:<a@b.example>\r\n"), "503 5.5.1 Error: need MAIL command\r\n");
  EXPECT_EQ(h.send("DATA\r\n"), "503 5.5.1 Error: need MAIL command\r\n");
  h.send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(h.send("DATA\r\n"), "503 5.5.1 Error: need RCPT command\r\n");
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\n"), "503 5.5.1 Error: nested MAIL command\r\n");
}

TEST(SmtpSession, SequenceIsCheckedBeforeSyntax) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("MAIL FROM:garbage\r\n"), "503 5.5.1 Error: send HELO/EHLO first\r\n");
  h.send("EHLO c.example\r\n");
  EXPECT_EQ(h.send("DATA junk\r\n"), "503 5.5.1 Error: need MAIL command\r\n");
}

TEST(SmtpSession, SyntaxErrors) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("EHLO\r\n"), "501 5.5.4 Syntax: EHLO hostname\r\n");
  h.send("EHLO c.example\r\n");
  EXPECT_EQ(h.send("MAIL FROM:a@b.example\r\n"), "501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
  EXPECT_EQ(h.send("MAIL FROM:<a@@b>\r\n"), "501 5.1.7 Bad sender address syntax\r\n");
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example> SIZE=big\r\n"), "501 5.5.4 Bad message size syntax\r\n");
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example> XSHOUT=1\r\n"), "555 5.5.4 Unsupported option: XSHOUT\r\n");
  h.send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(h.send("RCPT TO:<nobody>\r\n"), "501 5.1.3 Bad recipient address syntax\r\n");
  EXPECT_EQ(h.send("RCPT TO:<b@c.example> NOTIFY=MAYBE\r\n"), "501 5.5.4 Bad NOTIFY parameter syntax\r\n");
  h.send("RCPT TO:<b@c.example>\r\n");
  EXPECT_EQ(h.send("DATA please\r\n"), "501 5.5.4 Syntax: DATA\r\n");
  EXPECT_EQ(h.send("RSET now\r\n"), "501 5.5.4 Syntax: RSET\r\n");
  EXPECT_EQ(h.send("VRFY\r\n"), "501 5.5.4 Syntax: VRFY address\r\n");
}

TEST(SmtpSession, UnknownAndUnimplementedCommands) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("FROB\r\n"), "500 5.5.2 Error: command not recognized\r\n");
  EXPECT_EQ(h.send("\r\n"), "500 5.5.2 Error: command not recognized\r\n");
  EXPECT_EQ(h.send("EXPN staff\r\n"), "502 5.5.1 Error: command not implemented\r\n");
  EXPECT_EQ(h.send("STARTTLS\r\n"), "502 5.5.1 Error: command not implemented\r\n");  // security none
}

TEST(SmtpSession, SimpleCommands) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("NOOP\r\n"), "250 2.0.0 Ok\r\n");
  EXPECT_EQ(h.send("VRFY postmaster\r\n"),
            "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery\r\n");
  EXPECT_THAT(h.send("HELP\r\n"), StartsWith("214 2.0.0 "));
}

TEST(SmtpSession, RsetEndsTheTransaction) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_TRUE(h.session().in_transaction());
  EXPECT_EQ(h.send("RSET\r\n"), "250 2.0.0 Ok\r\n");
  EXPECT_FALSE(h.session().in_transaction());
  EXPECT_EQ(h.send("RCPT TO:<a@b.example>\r\n"), "503 5.5.1 Error: need MAIL command\r\n");
}

TEST(SmtpSession, EhloAgainResetsTheTransaction) {
  SessionHarness h;
  h.start_transaction();
  h.send("EHLO again.example\r\n");
  EXPECT_FALSE(h.session().in_transaction());
  EXPECT_EQ(h.session().helo_name(), "again.example");
}

TEST(SmtpSession, OverLongCommandLineIsRefusedAndTheSessionGoesOn) {
  SessionHarness h;
  h.open();
  const std::string huge = "NOOP " + std::string(10000, 'x') + "\r\n";
  EXPECT_EQ(h.send(huge + "NOOP\r\n"), "500 5.5.6 Line too long\r\n250 2.0.0 Ok\r\n");
  // The same when the line arrives in pieces.
  EXPECT_EQ(h.send(std::string(8000, 'y')), "");
  EXPECT_EQ(h.send("\r\nNOOP\r\n"), "500 5.5.6 Line too long\r\n250 2.0.0 Ok\r\n");
  // A line that never ends is refused once the AUTH bound is passed, and
  // skipped without being stored.
  EXPECT_EQ(h.send(std::string(70000, 'y')), "500 5.5.6 Line too long\r\n");
  EXPECT_EQ(h.send(std::string(70000, 'y')), "");
  EXPECT_EQ(h.send("\r\nNOOP\r\n"), "250 2.0.0 Ok\r\n");
}

TEST(SmtpSession, TooManyRecipients) {
  SmtpSessionConfig config;
  config.limits.max_recipients = 2;
  SessionHarness h(config);
  h.greet();
  EXPECT_THAT(h.replies("MAIL FROM:<a@b.example>\r\nRCPT TO:<1@x.example>\r\nRCPT TO:<2@x.example>\r\n"
                        "RCPT TO:<3@x.example>\r\nDATA\r\nx\r\n.\r\n"),
              ElementsAre("250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "452 4.5.3 Error: too many recipients",
                          "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as t-1.1"));
  EXPECT_EQ(h.messages().at(0).recipients.size(), 2u);
}

TEST(SmtpSession, TooManyErrorsCloses) {
  SmtpSessionConfig config;
  config.limits.max_errors = 3;
  config.hostname = "mx.test";
  SessionHarness h(config);
  h.open();
  EXPECT_THAT(h.replies("FROB\r\nNOOP\r\nFROB\r\nFROB\r\nNOOP\r\n"),
              ElementsAre("500 5.5.2 Error: command not recognized", "250 2.0.0 Ok",
                          "500 5.5.2 Error: command not recognized", "500 5.5.2 Error: command not recognized",
                          "421 4.7.0 mx.test Error: too many errors"));
  EXPECT_EQ(h.last_action(), Action::close);
}

TEST(SmtpSession, MailSizeAboveTheLimitIsRefusedAtOnce) {
  SmtpSessionConfig config;
  config.limits.max_message_size = 1000;
  SessionHarness h(config);
  h.greet();
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example> SIZE=1001\r\n"), "552 5.3.4 Message size exceeds fixed limit\r\n");
  EXPECT_FALSE(h.session().in_transaction());
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example> SIZE=1000\r\n"), "250 2.1.0 Ok\r\n");
}

TEST(SmtpSession, SmtpUtf8IsNeededForUnicodeAddresses) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("MAIL FROM:<josé@exemple.fr>\r\n"), "553 5.6.7 Must declare SMTPUTF8 to send unicode address\r\n");
  h.send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(h.send("RCPT TO:<用户@例子.广告>\r\n"), "553 5.6.7 Must declare SMTPUTF8 to send unicode address\r\n");
  h.send("RSET\r\n");
  EXPECT_THAT(h.replies("MAIL FROM:<josé@exemple.fr> SMTPUTF8 BODY=8BITMIME\r\nRCPT TO:<用户@例子.广告>\r\n"
                        "DATA\r\nSubject: café\r\n\r\nnaïve\r\n.\r\n"),
              ElementsAre("250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
                          "250 2.0.0 Ok: queued as t-1.1"));
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_TRUE(h.messages()[0].mail_params.smtputf8);
  EXPECT_EQ(h.messages()[0].mail_params.body, BodyType::eight_bit_mime);
  EXPECT_EQ(h.messages()[0].raw, "Subject: café\r\n\r\nnaïve\r\n");
}

TEST(SmtpSession, DsnParametersAreCaptured) {
  SessionHarness h;
  h.greet();
  h.send("MAIL FROM:<a@b.example> RET=FULL ENVID=id+2B1\r\n"
         "RCPT TO:<c@d.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;c+40d.example\r\nDATA\r\nx\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  const auto& m = h.messages()[0];
  EXPECT_EQ(m.mail_params.ret, "FULL");
  EXPECT_EQ(m.mail_params.envid, "id+1");
  EXPECT_EQ(m.recipients[0].params.notify, (std::vector<std::string>{"SUCCESS", "FAILURE"}));
  EXPECT_EQ(m.recipients[0].params.orcpt, "rfc822;c@d.example");
}

TEST(SmtpSession, BareLfInCommandsIsToleratedByDefault) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("NOOP\n"), "250 2.0.0 Ok\r\n");
}

TEST(SmtpSession, BareLfInCommandsRefusedWhenConfigured) {
  SmtpSessionConfig config;
  config.reject_bare_lf = true;
  config.hostname = "mx.test";
  SessionHarness h(config);
  h.open();
  EXPECT_EQ(h.send("NOOP\r\nEHLO c.example\nNOOP\r\n"),
            "250 2.0.0 Ok\r\n521 5.5.2 mx.test Error: bare <LF> received\r\n");
  EXPECT_EQ(h.last_action(), Action::close);
}

TEST(SmtpSession, IdleTimeoutSays421AndCloses) {
  SessionHarness h;
  h.open();
  const auto out = h.session().idle_timeout();
  EXPECT_EQ(out.bytes, "421 4.4.2 localhost Error: timeout exceeded\r\n");
  EXPECT_EQ(out.action, Action::close);
  EXPECT_TRUE(h.session().idle_timeout().bytes.empty());
}

TEST(SmtpSession, TranscriptHasCommandsRepliesAndADataSummary) {
  SessionHarness h;
  h.start_transaction();
  h.send("DATA\r\nSubject: secret plans\r\n\r\nthe body text\r\n.\r\n");
  h.session().connection_closed("client closed the connection");
  const std::string text = h.transcript().render();
  EXPECT_THAT(text, HasSubstr("C: EHLO client.example\n"));
  EXPECT_THAT(text, HasSubstr("S: 250-PIPELINING\n"));
  EXPECT_THAT(text, HasSubstr("C: MAIL FROM:<sender@example.com>\n"));
  EXPECT_THAT(text, HasSubstr("C: <message content: 40 octets, 3 lines>\nC: .\n* message t-1.1 accepted (40 octets)\n"
                              "S: 250 2.0.0 Ok: queued as t-1.1\n"));
  EXPECT_THAT(text, HasSubstr("* connection closed (client closed the connection)"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("the body text")));
}

}  // namespace
}  // namespace mailsim::mock
