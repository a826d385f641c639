// AUTH against a scripted server: mechanism exchange byte by byte, failures
// and their reasons, the OAuth error challenge, and redaction.
#include "flow_helpers.hpp"

namespace mailsim::client::smtp::test {
namespace {

TEST(SmtpClientAuth, LoginAnswersEachPromptWithoutInitialResponse) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH LOGIN\r\n")
      .expect("AUTH LOGIN")
      .send("334 VXNlcm5hbWU6\r\n")
      .expect(base64_encode("alice"))
      .send("334 UGFzc3dvcmQ6\r\n")
      .expect(base64_encode(kPassword))
      .send("235 2.7.0 ok\r\n")
      .expect("NOOP")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.received()[1], "AUTH LOGIN");
  EXPECT_EQ(*r.session.auth_mechanism, sasl::Mechanism::login);
  expect_no_secrets(r, kPassword);
  expect_no_secrets(r, base64_encode(kPassword));
  const std::string transcript = joined(r.transcript);
  EXPECT_NE(transcript.find("C: <redacted>"), std::string::npos);
}

TEST(SmtpClientAuth, StrongestOfferedMechanismIsChosen) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH LOGIN PLAIN CRAM-MD5\r\n")
      .expect("AUTH CRAM-MD5")
      .send("334 " + base64_encode("<1896.697170952@postoffice.example.net>") + "\r\n")
      .expect(base64_encode("alice "))  // "alice <hex digest>"
      .send("235 2.7.0 ok\r\n")
      .expect("NOOP")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(*r.session.auth_mechanism, sasl::Mechanism::cram_md5);
  const auto answer = base64_decode(server.received()[2]);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->size(), std::string("alice ").size() + 32);
}

TEST(SmtpClientAuth, BadPasswordIsAuthFailedWithTheServersWords) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH PLAIN LOGIN\r\n")
      .expect("AUTH PLAIN ")
      .send("535 5.7.8 Authentication credentials invalid\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::auth_failed);
  EXPECT_EQ(r.failure->stage, Stage::authenticate);
  EXPECT_EQ(r.failure->server_words, "535 5.7.8 Authentication credentials invalid");
  EXPECT_FALSE(r.session.auth_mechanism);
  expect_no_secrets(r, kPassword);
  expect_no_secrets(r, server.received()[1].substr(11));
}

TEST(SmtpClientAuth, TooManyLoginAttemptsIsThrottledNotBadCredentials) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH PLAIN\r\n")
      .expect("AUTH PLAIN ")
      .send("454 4.7.0 Too many login attempts, please try again later.\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::throttled);
  EXPECT_EQ(r.failure->stage, Stage::authenticate);
}

TEST(SmtpClientAuth, XOAuth2ErrorChallengeIsATokenRejectionWithTheJson) {
  const std::string json = R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})";
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH LOGIN PLAIN XOAUTH2\r\n")
      .expect("AUTH XOAUTH2 ")
      .send("334 " + base64_encode(json) + "\r\n")
      .expect("")  // the empty response the client owes the error challenge
      .send("535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 Learn more\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = token_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.received()[1],
            "AUTH XOAUTH2 " + base64_encode(std::string("user=alice@example.com\x01" "auth=Bearer ") + kToken +
                                            "\x01\x01"));
  EXPECT_EQ(server.received()[2], "");
  EXPECT_EQ(r.failure->reason, Reason::oauth_token_rejected);
  EXPECT_EQ(r.failure->stage, Stage::authenticate);
  EXPECT_EQ(r.failure->sasl_error, json);
  EXPECT_EQ(r.failure->server_words, "535-5.7.8 Username and Password not accepted.\n535 5.7.8 Learn more");
  EXPECT_NE(r.failure->hint.find("expired"), std::string::npos);
  expect_no_secrets(r, kToken);
  expect_no_secrets(r, server.received()[1].substr(13));
}

TEST(SmtpClientAuth, OAuthBearerIsPreferredAndAPlain535IsATokenRejection) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH XOAUTH2 OAUTHBEARER PLAIN\r\n")
      .expect("AUTH OAUTHBEARER ")
      .send("535 5.7.8 token invalid\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = token_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::oauth_token_rejected);
  EXPECT_TRUE(r.failure->sasl_error.empty());
}

TEST(SmtpClientAuth, LongTokenGoesAfterAnEmptyChallengeInsteadOfOnTheAuthLine) {
  const std::string token(700, 't');
  const std::string encoded =
      base64_encode(std::string("user=alice@example.com\x01" "auth=Bearer ") + token + "\x01\x01");
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH XOAUTH2\r\n")
      .expect("AUTH XOAUTH2")
      .send("334 \r\n")
      .expect(encoded)
      .send("235 2.7.0 ok\r\n")
      .expect("NOOP")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = token_credentials(token);
  const auto r = SmtpClient(options).test();
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.received()[1], "AUTH XOAUTH2");
  EXPECT_EQ(server.received()[2], encoded);
  expect_no_secrets(r, token);
}

TEST(SmtpClientAuth, NoUsableMechanismOverPlaintextSuggestsTls) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 STARTTLS\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::auth_mechanism_unsupported);
  EXPECT_NE(r.failure->hint.find("TLS"), std::string::npos);
}

TEST(SmtpClientAuth, ChallengeThatIsNotBase64CancelsTheExchange) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 AUTH CRAM-MD5\r\n")
      .expect("AUTH CRAM-MD5")
      .send("334 this is not base64!\r\n")
      .expect("*")
      .send("501 5.7.0 cancelled\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
  EXPECT_EQ(r.failure->stage, Stage::authenticate);
}

TEST(SmtpClientAuth, EndlessChallengesAreCutOff) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250-fake\r\n250 AUTH LOGIN\r\n").expect("AUTH LOGIN");
  // LOGIN answers two prompts; a third 334 makes no sense for it.
  server.send("334 VXNlcm5hbWU6\r\n").expect("").send("334 UGFzc3dvcmQ6\r\n").expect("");
  server.send("334 VXNlcm5hbWU6\r\n").expect("*").send("501 cancelled\r\n");
  server.expect("QUIT").send("221 bye\r\n").wait_for_close().start();

  auto options = options_for(server);
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
}

}  // namespace
}  // namespace mailsim::client::smtp::test
