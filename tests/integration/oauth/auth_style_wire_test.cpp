// The exact bytes of a refused login under each AuthStyle preset, on the
// sans-I/O SMTP and IMAP sessions: rfc (the default), Gmail-like and
// Exchange-Online-like, with and without the OAuth error challenge.
#include <gtest/gtest.h>

#include "common/base64.hpp"
#include "mockserver/imap/imap_session.hpp"
#include "mockserver/imap/imap_verifier.hpp"
#include "mockserver/smtp/smtp_credentials.hpp"
#include "mockserver/smtp/smtp_session.hpp"

namespace mailsim::mock {
namespace {

constexpr const char* kGood = "good-token";
const std::string kXoauth2Challenge = base64_encode(R"({"status":"401","schemes":"bearer","scope":"mail"})");
const std::string kOauthbearerChallenge = base64_encode(R"({"status":"invalid_token","scope":"mail"})");

std::string xoauth2(std::string_view token) {
  return base64_encode("user=alice@example.com\x01" "auth=Bearer " + std::string(token) + "\x01\x01");
}
std::string oauthbearer(std::string_view token) {
  return base64_encode("n,a=alice@example.com,\x01" "auth=Bearer " + std::string(token) + "\x01\x01");
}

TokenChecker accept_good() {
  return [](std::string_view, std::string_view token) {
    sasl::TokenVerdict v;
    v.valid = token == kGood;
    v.scope = "mail";
    return v;
  };
}

class SmtpAuthStyle : public ::testing::Test {
 protected:
  std::unique_ptr<SmtpSession> session(AuthStyle style, bool disabled = false) {
    SmtpSessionConfig config;
    config.hostname = "mx.example";
    config.auth_style = style;
    config.smtp_client_auth_disabled = disabled;
    auto s = std::make_unique<SmtpSession>(config, SmtpSessionContext{.session_id = "smtp-1"}, credentials_,
                                           transcript_);
    s->open(now_);
    s->receive("EHLO client.example\r\n", now_);
    return s;
  }

  SmtpCredentials credentials_{{{"alice@example.com", "secret"}}, accept_good()};
  Transcript transcript_;
  SmtpSession::time_point now_{};
};

TEST_F(SmtpAuthStyle, RfcKeepsTheErrorChallengeAndPostfixWording) {
  auto s = session(AuthStyle::rfc);
  EXPECT_EQ(s->receive("AUTH XOAUTH2 " + xoauth2("bad") + "\r\n", now_).bytes, "334 " + kXoauth2Challenge + "\r\n");
  EXPECT_EQ(s->receive("\r\n", now_).bytes, "535 5.7.8 Authentication credentials invalid\r\n");
}

TEST_F(SmtpAuthStyle, GmailSendsTheChallengeThenItsTwoLineRefusal) {
  const std::string refusal =
      "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
      "535 5.7.8  https://support.google.com/mail/?p=BadCredentials mailsim - gsmtp\r\n";
  auto s = session(AuthStyle::gmail);
  EXPECT_EQ(s->receive("AUTH XOAUTH2 " + xoauth2("bad") + "\r\n", now_).bytes, "334 " + kXoauth2Challenge + "\r\n");
  EXPECT_EQ(s->receive("\r\n", now_).bytes, refusal);
  EXPECT_EQ(s->receive("AUTH PLAIN " + base64_encode(std::string("\0alice@example.com\0wrong", 24)) + "\r\n", now_).bytes,
            refusal);
  EXPECT_TRUE(transcript_.contains("535-5.7.8 Username and Password not accepted. For more information, go to"));
  EXPECT_FALSE(transcript_.contains("wrong"));
}

TEST_F(SmtpAuthStyle, ExchangeRefusesATokenAtOnceWithoutAChallenge) {
  auto s = session(AuthStyle::exchange);
  EXPECT_EQ(s->receive("AUTH XOAUTH2 " + xoauth2("bad") + "\r\n", now_).bytes,
            "535 5.7.3 Authentication unsuccessful [mx.example]\r\n");
  EXPECT_EQ(s->receive("AUTH OAUTHBEARER " + oauthbearer("bad") + "\r\n", now_).bytes,
            "535 5.7.3 Authentication unsuccessful [mx.example]\r\n");
  EXPECT_EQ(s->receive("AUTH XOAUTH2 " + xoauth2(kGood) + "\r\n", now_).bytes,
            "235 2.7.0 Authentication successful\r\n");
}

TEST_F(SmtpAuthStyle, ExchangeWithSmtpAuthDisabledRefusesEvenAGoodToken) {
  auto s = session(AuthStyle::exchange, true);
  EXPECT_EQ(s->receive("AUTH XOAUTH2 " + xoauth2(kGood) + "\r\n", now_).bytes,
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. "
            "Visit https://aka.ms/smtp_auth_disabled for more information. [mx.example]\r\n");
  EXPECT_TRUE(s->authenticated_user().empty());
  EXPECT_EQ(s->receive("AUTH XOAUTH2 " + xoauth2("bad") + "\r\n", now_).bytes.substr(0, 14), "535 5.7.139 Au");
}

TEST(AuthStyleNames, ParseAndPrint) {
  for (const auto style : {AuthStyle::rfc, AuthStyle::gmail, AuthStyle::exchange}) {
    EXPECT_EQ(parse_auth_style(to_string(style)), style);
  }
  EXPECT_FALSE(parse_auth_style("Gmail"));
  EXPECT_FALSE(parse_auth_style(""));
  EXPECT_EQ(parse_expired_token_policy("bye"), ExpiredTokenPolicy::bye);
  EXPECT_EQ(parse_expired_token_policy("keep"), ExpiredTokenPolicy::keep);
  EXPECT_FALSE(parse_expired_token_policy("close"));
}

class ImapAuthStyle : public ::testing::Test {
 protected:
  std::unique_ptr<ImapSession> session(AuthStyle style) {
    ImapSessionConfig config;
    config.auth_style = style;
    auto s = std::make_unique<ImapSession>(config, ImapSessionDeps{store_, verifier_, clock_, transcript_});
    s->start(false);
    s->take_output();
    return s;
  }
  std::string send(ImapSession& s, const std::string& bytes) {
    s.receive(bytes);
    return s.take_output();
  }

  MailboxStore store_;
  UserVerifier verifier_{{{"alice@example.com", "secret"}}, accept_good()};
  VirtualClock clock_;
  Transcript transcript_;
};

TEST_F(ImapAuthStyle, RfcKeepsItsWording) {
  auto s = session(AuthStyle::rfc);
  EXPECT_EQ(send(*s, "a AUTHENTICATE XOAUTH2 " + xoauth2("bad") + "\r\n"), "+ " + kXoauth2Challenge + "\r\n");
  EXPECT_EQ(send(*s, "\r\n"), "a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  EXPECT_EQ(send(*s, "b LOGIN alice@example.com wrong\r\n"), "b NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
}

TEST_F(ImapAuthStyle, GmailFailsSaslAndPasswordsInItsOwnWords) {
  auto s = session(AuthStyle::gmail);
  EXPECT_EQ(send(*s, "a AUTHENTICATE XOAUTH2 " + xoauth2("bad") + "\r\n"), "+ " + kXoauth2Challenge + "\r\n");
  EXPECT_EQ(send(*s, "\r\n"), "a NO SASL authentication failed\r\n");
  EXPECT_EQ(send(*s, "b AUTHENTICATE OAUTHBEARER " + oauthbearer("bad") + "\r\n"),
            "+ " + kOauthbearerChallenge + "\r\n");
  EXPECT_EQ(send(*s, base64_encode("\x01") + "\r\n"), "b NO SASL authentication failed\r\n");
  EXPECT_EQ(send(*s, "c LOGIN alice@example.com wrong\r\n"),
            "c NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n");
}

TEST_F(ImapAuthStyle, ExchangeRefusesATokenAtOnceWithoutAChallenge) {
  auto s = session(AuthStyle::exchange);
  EXPECT_EQ(send(*s, "a AUTHENTICATE XOAUTH2 " + xoauth2("bad") + "\r\n"), "a NO AUTHENTICATE failed.\r\n");
  EXPECT_EQ(send(*s, "b AUTHENTICATE OAUTHBEARER " + oauthbearer("bad") + "\r\n"), "b NO AUTHENTICATE failed.\r\n");
  EXPECT_EQ(send(*s, "c LOGIN alice@example.com wrong\r\n"), "c NO LOGIN failed.\r\n");
  EXPECT_EQ(s->state(), ImapSession::State::not_authenticated);
  const auto ok = send(*s, "d AUTHENTICATE XOAUTH2 " + xoauth2(kGood) + "\r\n");
  EXPECT_EQ(ok.substr(0, 5), "d OK ");
  EXPECT_EQ(s->state(), ImapSession::State::authenticated);
}

}  // namespace
}  // namespace mailsim::mock
