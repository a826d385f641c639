// STARTTLS (with the injection defence) and AUTH in the session, and that no
// secret reaches the transcript.
#include "mockserver/smtp/smtp_session.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

#include "common/base64.hpp"
#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace mailsim::mock::smtp_test;
using Action = SmtpSessionOutput::Action;

std::string plain_ir(std::string_view user, std::string_view password) {
  std::string message;
  message += '\0';
  message += user;
  message += '\0';
  message += password;
  return base64_encode(message);
}

std::string b64(std::string_view text) { return base64_encode(text); }

std::string cram_md5_response(std::string_view challenge, std::string_view user, std::string_view password) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_md5(), password.data(), static_cast<int>(password.size()),
       reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return std::string(user) + " " + hex;
}

SmtpSessionConfig starttls_config() {
  SmtpSessionConfig config;
  config.security = Security::starttls;
  return config;
}

// ---- STARTTLS ----

TEST(SmtpSessionStartTls, ReadyThenHandshake) {
  SessionHarness h(starttls_config());
  h.greet();
  EXPECT_EQ(h.send("STARTTLS\r\n"), "220 2.0.0 Ready to start TLS\r\n");
  EXPECT_EQ(h.last_action(), Action::start_tls);
  h.session().tls_established("TLSv1.3");
  EXPECT_TRUE(h.session().tls_active());
  // Back to the start: EHLO again, STARTTLS no longer offered.
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\n"), "503 5.5.1 Error: send HELO/EHLO first\r\n");
  const auto lines = h.replies("EHLO c.example\r\n");
  EXPECT_THAT(lines, Not(::testing::Contains("250-STARTTLS")));
  h.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nx\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_TRUE(h.messages()[0].tls);
  EXPECT_EQ(h.messages()[0].tls_version, "TLSv1.3");
}

TEST(SmtpSessionStartTls, PlaintextPipelinedAfterStartTlsIsDiscarded) {
  SessionHarness h(starttls_config());
  h.greet();
  // The classic injection: commands appended to STARTTLS in the same packet,
  // which a vulnerable server would run as if they came over TLS.
  EXPECT_EQ(h.send("STARTTLS\r\nEHLO evil.example\r\nMAIL FROM:<attacker@evil.example>\r\n"),
            "220 2.0.0 Ready to start TLS\r\n");
  // Anything arriving before the handshake is not read either.
  EXPECT_EQ(h.send("RCPT TO:<victim@example.com>\r\n"), "");
  h.session().tls_established("TLSv1.3");
  EXPECT_EQ(h.send("RCPT TO:<c@d.example>\r\n"), "503 5.5.1 Error: need MAIL command\r\n");
  EXPECT_EQ(h.session().helo_name(), "");
  EXPECT_TRUE(h.transcript().contains("discarded 54 octets sent in plaintext after STARTTLS"));
}

TEST(SmtpSessionStartTls, ForgetsAuthenticationAndHelo) {
  SessionHarness h(starttls_config());
  h.greet();
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n"), "235 2.7.0 Authentication successful\r\n");
  h.send("STARTTLS\r\n");
  h.session().tls_established("TLSv1.2");
  EXPECT_EQ(h.session().authenticated_user(), "");
  EXPECT_EQ(h.session().helo_name(), "");
}

TEST(SmtpSessionStartTls, Errors) {
  SessionHarness h(starttls_config());
  h.greet();
  EXPECT_EQ(h.send("STARTTLS now\r\n"), "501 5.5.4 Syntax: STARTTLS\r\n");
  h.send("STARTTLS\r\n");
  h.session().tls_established("TLSv1.3");
  EXPECT_EQ(h.send("STARTTLS\r\n"), "554 5.5.1 Error: TLS already active\r\n");
}

TEST(SmtpSessionStartTls, ImplicitTlsSessionsStartSecured) {
  SmtpSessionConfig config;
  config.security = Security::ssl_tls;
  auto context = test_context();
  context.tls_active = true;
  context.tls_version = "TLSv1.3";
  SessionHarness h(config, nullptr, context);
  h.open();
  EXPECT_THAT(h.replies("EHLO c.example\r\n"), Not(::testing::Contains("250-STARTTLS")));
  EXPECT_EQ(h.send("STARTTLS\r\n"), "502 5.5.1 Error: command not implemented\r\n");
  h.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nx\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_TRUE(h.messages()[0].tls);
}

TEST(SmtpSessionStartTls, AuthHiddenAndRefusedBeforeTlsWhenRequired) {
  auto config = starttls_config();
  config.auth_requires_tls = true;
  SessionHarness h(config);
  h.open();
  for (const auto& line : h.replies("EHLO c.example\r\n")) EXPECT_THAT(line, Not(HasSubstr("AUTH")));
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n"),
            "530 5.7.0 Must issue a STARTTLS command first\r\n");
  h.send("STARTTLS\r\n");
  h.session().tls_established("TLSv1.3");
  EXPECT_THAT(h.replies("EHLO c.example\r\n"), ::testing::Contains(HasSubstr("AUTH PLAIN LOGIN")));
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n"), "235 2.7.0 Authentication successful\r\n");
}

// ---- AUTH ----

TEST(SmtpSessionAuth, PlainWithInitialResponse) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n"), "235 2.7.0 Authentication successful\r\n");
  EXPECT_EQ(h.session().authenticated_user(), kUser);
  h.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nx\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.messages()[0].authenticated_user, kUser);
}

TEST(SmtpSessionAuth, PlainWithContinuation) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("AUTH PLAIN\r\n"), "334 \r\n");
  EXPECT_EQ(h.send(plain_ir(kUser, kPassword) + "\r\n"), "235 2.7.0 Authentication successful\r\n");
}

TEST(SmtpSessionAuth, WrongPasswordIs535) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, "wrong-password") + "\r\n"),
            "535 5.7.8 Authentication credentials invalid\r\n");
  EXPECT_EQ(h.session().authenticated_user(), "");
  // A failed attempt may be followed by another.
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n"), "235 2.7.0 Authentication successful\r\n");
}

TEST(SmtpSessionAuth, LoginWithAndWithoutInitialResponse) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("AUTH LOGIN\r\n"), "334 " + b64("Username:") + "\r\n");
  EXPECT_EQ(h.send(b64(kUser) + "\r\n"), "334 " + b64("Password:") + "\r\n");
  EXPECT_EQ(h.send(b64(kPassword) + "\r\n"), "235 2.7.0 Authentication successful\r\n");

  SessionHarness ir;
  ir.greet();
  EXPECT_EQ(ir.send("AUTH LOGIN " + b64(kUser) + "\r\n"), "334 " + b64("Password:") + "\r\n");
  EXPECT_EQ(ir.send(b64("nope") + "\r\n"), "535 5.7.8 Authentication credentials invalid\r\n");
}

TEST(SmtpSessionAuth, CramMd5UsesTheNonceAndHostname) {
  SessionHarness h;
  h.greet();
  const std::string challenge = "<4242.1@localhost>";
  EXPECT_EQ(h.send("AUTH CRAM-MD5\r\n"), "334 " + b64(challenge) + "\r\n");
  EXPECT_EQ(h.send(b64(cram_md5_response(challenge, kUser, kPassword)) + "\r\n"),
            "235 2.7.0 Authentication successful\r\n");
}

TEST(SmtpSessionAuth, CramMd5ChallengeChangesPerAttempt) {
  SessionHarness h;
  h.greet();
  h.send("AUTH CRAM-MD5\r\n");
  EXPECT_EQ(h.send(b64(cram_md5_response("<4242.1@localhost>", kUser, "bad")) + "\r\n"),
            "535 5.7.8 Authentication credentials invalid\r\n");
  EXPECT_EQ(h.send("AUTH CRAM-MD5\r\n"), "334 " + b64("<4242.2@localhost>") + "\r\n");
}

TEST(SmtpSessionAuth, XOAuth2TokenAndErrorChallenge) {
  SessionHarness h;
  h.greet();
  const std::string good = fmt::format("user={}\001auth=Bearer {}\001\001", kUser, kToken);
  EXPECT_EQ(h.send("AUTH XOAUTH2 " + b64(good) + "\r\n"), "235 2.7.0 Authentication successful\r\n");

  SessionHarness bad;
  bad.greet();
  const std::string expired = fmt::format("user={}\001auth=Bearer expired\001\001", kUser);
  const auto reply = bad.send("AUTH XOAUTH2 " + b64(expired) + "\r\n");
  ASSERT_THAT(reply, ::testing::StartsWith("334 "));
  const auto json = base64_decode(reply.substr(4, reply.size() - 6));
  ASSERT_TRUE(json);
  EXPECT_THAT(*json, HasSubstr("\"status\""));
  EXPECT_EQ(bad.send("\r\n"), "535 5.7.8 Authentication credentials invalid\r\n");
}

TEST(SmtpSessionAuth, CancelIs501) {
  SessionHarness h;
  h.greet();
  h.send("AUTH LOGIN\r\n");
  EXPECT_EQ(h.send("*\r\n"), "501 5.0.0 Authentication aborted\r\n");
  EXPECT_EQ(h.send("NOOP\r\n"), "250 2.0.0 Ok\r\n");
}

TEST(SmtpSessionAuth, GarbageBase64Is501) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("AUTH PLAIN not*base64!\r\n"), "501 5.5.2 Cannot Base64-decode Client responses\r\n");
  h.send("AUTH LOGIN\r\n");
  EXPECT_EQ(h.send("%%%\r\n"), "501 5.5.2 Cannot Base64-decode Client responses\r\n");
  EXPECT_EQ(h.send("NOOP\r\n"), "250 2.0.0 Ok\r\n");
}

TEST(SmtpSessionAuth, SequenceAndMechanismErrors) {
  SessionHarness h;
  h.open();
  EXPECT_EQ(h.send("AUTH PLAIN\r\n"), "503 5.5.1 Error: send HELO/EHLO first\r\n");
  h.send("EHLO c.example\r\n");
  EXPECT_EQ(h.send("AUTH\r\n"), "501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n");
  EXPECT_EQ(h.send("AUTH GSSAPI\r\n"), "504 5.5.4 Unrecognized authentication type\r\n");
  h.send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(h.send("AUTH PLAIN\r\n"), "503 5.5.1 Error: MAIL transaction in progress\r\n");
  h.send("RSET\r\n");
  h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n");
  EXPECT_EQ(h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n"), "503 5.5.1 Error: already authenticated\r\n");
}

TEST(SmtpSessionAuth, MechanismNotConfiguredIsRefused) {
  SmtpSessionConfig config;
  config.mechanisms = {sasl::Mechanism::plain};
  SessionHarness h(config);
  h.greet();
  EXPECT_EQ(h.send("AUTH LOGIN\r\n"), "504 5.5.4 Unrecognized authentication type\r\n");
}

TEST(SmtpSessionAuth, MailNeedsAuthWhenRequired) {
  SmtpSessionConfig config;
  config.auth_required = true;
  SessionHarness h(config);
  h.greet();
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\n"), "530 5.7.0 Authentication required\r\n");
  h.send("AUTH PLAIN " + plain_ir(kUser, kPassword) + "\r\n");
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\n"), "250 2.1.0 Ok\r\n");
}

TEST(SmtpSessionAuth, OverLongResponseEndsTheExchange) {
  SessionHarness h;
  h.greet();
  h.send("AUTH PLAIN\r\n");
  EXPECT_EQ(h.send(std::string(70000, 'A') + "\r\nNOOP\r\n"), "500 5.5.6 Line too long\r\n250 2.0.0 Ok\r\n");
}

TEST(SmtpSessionAuth, LargeOAuthTokensFitTheAuthLineBound) {
  SmtpSessionConfig config;
  config.limits.max_line = 512;
  SessionHarness h(config);
  h.greet();
  // Longer than max_line, as real access tokens are; refused for the token,
  // not for the line.
  const std::string token(6000, 't');
  const std::string payload = fmt::format("user={}\001auth=Bearer {}\001\001", kUser, token);
  EXPECT_THAT(h.send("AUTH XOAUTH2 " + b64(payload) + "\r\n"), ::testing::StartsWith("334 "));
  EXPECT_EQ(h.send("\r\n"), "535 5.7.8 Authentication credentials invalid\r\n");
  // Other commands keep the ordinary bound.
  EXPECT_EQ(h.send("NOOP " + std::string(600, 'n') + "\r\n"), "500 5.5.6 Line too long\r\n");
}

TEST(SmtpSessionAuth, SecretsNeverReachTheTranscript) {
  SessionHarness h;
  h.greet();
  const std::string plain = plain_ir(kUser, kPassword);
  h.send("AUTH PLAIN " + plain + "\r\n");  // success
  SessionHarness failed;
  failed.greet();
  const std::string wrong = plain_ir(kUser, "Wr0ng-Secret");
  failed.send("AUTH PLAIN " + wrong + "\r\n");
  failed.send("AUTH " + plain + "\r\n");  // payload where the mechanism should be
  failed.send("AUTH PLAIN\r\n");
  failed.send("!!garbage-" + std::string(kPassword) + "\r\n");
  failed.send("AUTH LOGIN\r\n");
  failed.send(b64(kUser) + "\r\n");
  failed.send(b64(kPassword) + "\r\n");
  ASSERT_EQ(failed.session().authenticated_user(), kUser);

  for (const auto* harness : {&h, &failed}) {
    const std::string text = const_cast<SessionHarness*>(harness)->transcript().render();
    EXPECT_THAT(text, Not(HasSubstr(kPassword)));
    EXPECT_THAT(text, Not(HasSubstr("Wr0ng-Secret")));
    EXPECT_THAT(text, Not(HasSubstr(plain)));
    EXPECT_THAT(text, Not(HasSubstr(wrong)));
    EXPECT_THAT(text, Not(HasSubstr(b64(kPassword))));
    EXPECT_THAT(text, HasSubstr("<redacted>"));
  }
  EXPECT_THAT(h.transcript().render(), HasSubstr("C: AUTH PLAIN <redacted>\n"));
  EXPECT_THAT(failed.transcript().render(), HasSubstr("C: AUTH <redacted>\n"));
  EXPECT_THAT(failed.transcript().render(), HasSubstr("S: 334 " + b64("Password:") + "\nC: <redacted>\n"));
}

}  // namespace
}  // namespace mailsim::mock
