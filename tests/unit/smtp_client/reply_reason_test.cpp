#include <gtest/gtest.h>

#include "client/smtp/reply_reason.hpp"

namespace mailsim::client::smtp {
namespace {

// "535 5.7.8 text" -> a parsed reply.
SmtpReply reply(std::string_view line) {
  ReplyReader reader;
  reader.append(std::string(line) + "\r\n");
  auto r = reader.next();
  EXPECT_EQ(r.kind, ReplyReader::Result::Kind::reply) << line;
  return r.reply;
}

struct Case {
  const char* line;
  SmtpPhase phase;
  bool oauth;
  Reason expected;
};

class ReplyReasonCases : public ::testing::TestWithParam<Case> {};

TEST_P(ReplyReasonCases, MapsToTheStableReason) {
  const auto& c = GetParam();
  EXPECT_EQ(to_string(reason_for_reply(reply(c.line), c.phase, c.oauth)), to_string(c.expected)) << c.line;
}

INSTANTIATE_TEST_SUITE_P(
    Replies, ReplyReasonCases,
    ::testing::Values(
        // greeting
        Case{"554 5.7.1 No SMTP service here", SmtpPhase::greeting, false, Reason::greeting_rejected},
        Case{"554 Go away", SmtpPhase::greeting, false, Reason::greeting_rejected},
        Case{"421 4.7.0 Too many connections from your IP", SmtpPhase::greeting, false, Reason::throttled},
        Case{"421 Service not available", SmtpPhase::greeting, false, Reason::throttled},
        Case{"450 4.3.2 Server busy", SmtpPhase::greeting, false, Reason::throttled},
        // providers' rate and quota wordings
        Case{"450 4.4.2 Message submission rate for this client has exceeded the configured limit", SmtpPhase::mail,
             false, Reason::throttled},
        Case{"554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed", SmtpPhase::rcpt,
             false, Reason::throttled},
        // EHLO / HELO
        Case{"550 go away", SmtpPhase::ehlo, false, Reason::command_failed},
        Case{"421 4.4.2 timeout", SmtpPhase::helo, false, Reason::throttled},
        // STARTTLS: 454 4.7.0 is "no TLS now", not throttling
        Case{"454 4.7.0 TLS not available due to temporary reason", SmtpPhase::starttls, false,
             Reason::starttls_failed},
        Case{"501 Syntax error", SmtpPhase::starttls, false, Reason::starttls_failed},
        Case{"421 4.7.0 Too many connections", SmtpPhase::starttls, false, Reason::throttled},
        // AUTH
        Case{"535 5.7.8 Authentication credentials invalid", SmtpPhase::auth, false, Reason::auth_failed},
        Case{"535 5.7.8 Username and Password not accepted", SmtpPhase::auth, true, Reason::oauth_token_rejected},
        Case{"534 5.7.9 Application-specific password required", SmtpPhase::auth, false, Reason::auth_failed},
        Case{"534 5.7.14 Please log in via your web browser", SmtpPhase::auth, true, Reason::auth_failed},
        Case{"530 5.7.0 Must issue a STARTTLS command first", SmtpPhase::auth, false, Reason::auth_failed},
        Case{"538 5.7.11 Encryption required for requested authentication mechanism", SmtpPhase::auth, false,
             Reason::auth_failed},
        Case{"454 4.7.0 Too many login attempts, please try again later", SmtpPhase::auth, false,
             Reason::throttled},
        Case{"451 4.7.0 Temporary server error. Please try again later. PRX4", SmtpPhase::auth, false,
             Reason::throttled},
        Case{"432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded", SmtpPhase::auth, false,
             Reason::throttled},
        Case{"550 5.4.5 Daily user sending quota exceeded", SmtpPhase::auth, false, Reason::throttled},
        Case{"535 5.7.3 Authentication unsuccessful, throttled", SmtpPhase::auth, false, Reason::throttled},
        Case{"535 Rate limit exceeded", SmtpPhase::auth, true, Reason::throttled},
        Case{"504 5.5.4 Unrecognized authentication type", SmtpPhase::auth, false,
             Reason::auth_mechanism_unsupported},
        Case{"502 5.5.1 Command not implemented", SmtpPhase::auth, false, Reason::auth_mechanism_unsupported},
        Case{"503 5.5.1 Error: authentication not enabled", SmtpPhase::auth, false,
             Reason::auth_mechanism_unsupported},
        Case{"501 5.5.2 Cannot decode response", SmtpPhase::auth, false, Reason::protocol_error},
        // MAIL / RCPT / DATA / message
        Case{"552 5.3.4 Message size exceeds fixed limit", SmtpPhase::mail, false, Reason::message_too_large},
        Case{"552 Too big", SmtpPhase::mail, false, Reason::message_too_large},
        Case{"530 5.7.0 Authentication required", SmtpPhase::mail, false, Reason::auth_failed},
        Case{"553 5.7.1 Sender address rejected: not owned by user", SmtpPhase::mail, false,
             Reason::message_rejected},
        Case{"503 5.5.1 Error: nested MAIL command", SmtpPhase::mail, false, Reason::protocol_error},
        Case{"550 5.1.1 No such user", SmtpPhase::rcpt, false, Reason::recipient_rejected},
        Case{"553 5.1.3 Bad recipient address syntax", SmtpPhase::rcpt, false, Reason::recipient_rejected},
        Case{"552 5.2.2 Mailbox full", SmtpPhase::rcpt, false, Reason::recipient_rejected},
        Case{"452 4.5.3 Too many recipients", SmtpPhase::rcpt, false, Reason::recipient_rejected},
        Case{"450 4.7.1 Recipient address rejected: greylisted", SmtpPhase::rcpt, false, Reason::throttled},
        Case{"552 5.3.4 Message too big for system", SmtpPhase::rcpt, false, Reason::message_too_large},
        Case{"554 5.5.1 Error: no valid recipients", SmtpPhase::data, false, Reason::message_rejected},
        Case{"552 5.3.4 Message size exceeds fixed maximum message size", SmtpPhase::message, false,
             Reason::message_too_large},
        Case{"554 5.7.1 Message rejected as spam", SmtpPhase::message, false, Reason::message_rejected},
        Case{"451 4.3.0 Temporary local problem", SmtpPhase::message, false, Reason::message_rejected},
        Case{"421 4.7.0 Too many messages, closing", SmtpPhase::message, false, Reason::throttled},
        // NOOP / RSET
        Case{"500 unknown command", SmtpPhase::noop, false, Reason::command_failed},
        Case{"421 closing", SmtpPhase::rset, false, Reason::throttled}),
                         [](const auto& info) { return std::to_string(info.index); });

TEST(ReplyFailure, CarriesStageWordsAndHint) {
  const Failure f = reply_failure(reply("535 5.7.8 Authentication credentials invalid"), SmtpPhase::auth);
  EXPECT_EQ(f.reason, Reason::auth_failed);
  EXPECT_EQ(f.stage, Stage::authenticate);
  EXPECT_EQ(f.server_words, "535 5.7.8 Authentication credentials invalid");
  EXPECT_EQ(f.hint, default_hint(Reason::auth_failed));
  EXPECT_TRUE(f.sasl_error.empty());
}

TEST(ReplyFailure, TlsRequiredGetsASpecificHint) {
  const Failure f = reply_failure(reply("530 5.7.0 Must issue a STARTTLS command first"), SmtpPhase::auth);
  EXPECT_NE(f.hint.find("starttls or ssl_tls"), std::string::npos);
}

TEST(ReplyFailure, LoginRequiredBeforeMailGetsASpecificHint) {
  const Failure f = reply_failure(reply("530 5.7.0 Authentication required"), SmtpPhase::mail);
  EXPECT_EQ(f.stage, Stage::command);
  EXPECT_NE(f.hint.find("use_authentication"), std::string::npos);
}

TEST(ReplyFailure, MultiLineWordsAreKept) {
  ReplyReader reader;
  reader.append("554-5.7.1 one\r\n554 5.7.1 two\r\n");
  const Failure f = reply_failure(reader.next().reply, SmtpPhase::greeting);
  EXPECT_EQ(f.server_words, "554-5.7.1 one\n554 5.7.1 two");
  EXPECT_EQ(f.stage, Stage::greeting);
}

TEST(StageOf, EveryPhaseHasItsStage) {
  EXPECT_EQ(stage_of(SmtpPhase::greeting), Stage::greeting);
  EXPECT_EQ(stage_of(SmtpPhase::ehlo), Stage::capabilities);
  EXPECT_EQ(stage_of(SmtpPhase::helo), Stage::capabilities);
  EXPECT_EQ(stage_of(SmtpPhase::starttls), Stage::starttls);
  EXPECT_EQ(stage_of(SmtpPhase::auth), Stage::authenticate);
  EXPECT_EQ(stage_of(SmtpPhase::mail), Stage::command);
  EXPECT_EQ(stage_of(SmtpPhase::rcpt), Stage::command);
  EXPECT_EQ(stage_of(SmtpPhase::data), Stage::data);
  EXPECT_EQ(stage_of(SmtpPhase::message), Stage::data);
  EXPECT_EQ(stage_of(SmtpPhase::noop), Stage::command);
}

TEST(LooksThrottled, PositiveRepliesNeverAre) {
  EXPECT_FALSE(looks_throttled(reply("250 2.0.0 throttling disabled"), SmtpPhase::mail));
}

TEST(OAuthErrorFailure, GmailStyleInvalidToken) {
  const Failure f = oauth_error_failure(R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})",
                                        reply("535 5.7.8 Username and Password not accepted"));
  EXPECT_EQ(f.reason, Reason::oauth_token_rejected);
  EXPECT_EQ(f.stage, Stage::authenticate);
  EXPECT_EQ(f.sasl_error, R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})");
  EXPECT_EQ(f.server_words, "535 5.7.8 Username and Password not accepted");
  EXPECT_NE(f.detail.find("401"), std::string::npos);
  EXPECT_NE(f.detail.find("https://mail.google.com/"), std::string::npos);
  EXPECT_NE(f.hint.find("expired"), std::string::npos);
}

TEST(OAuthErrorFailure, InsufficientScopeNamesTheScope) {
  const Failure f = oauth_error_failure(R"({"status":"insufficient_scope","scope":"mail.send"})", std::nullopt);
  EXPECT_EQ(f.reason, Reason::oauth_token_rejected);
  EXPECT_TRUE(f.server_words.empty());
  EXPECT_NE(f.hint.find("mail.send"), std::string::npos);
}

TEST(OAuthErrorFailure, NumericStatus) {
  const Failure f = oauth_error_failure(R"({"status":403,"scope":"s"})", std::nullopt);
  EXPECT_NE(f.detail.find("403"), std::string::npos);
  EXPECT_NE(f.hint.find("scope"), std::string::npos);
}

TEST(OAuthErrorFailure, ThrottlingFinalReplyWins) {
  const Failure f =
      oauth_error_failure(R"({"status":"401"})", reply("454 4.7.0 Too many login attempts, please try again later"));
  EXPECT_EQ(f.reason, Reason::throttled);
  EXPECT_EQ(f.sasl_error, R"({"status":"401"})");
}

TEST(OAuthErrorFailure, NonJsonChallengeIsStillATokenRejection) {
  const Failure f = oauth_error_failure("not json at all", reply("535 no"));
  EXPECT_EQ(f.reason, Reason::oauth_token_rejected);
  EXPECT_EQ(f.sasl_error, "not json at all");
  EXPECT_NE(f.detail.find("not JSON"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::client::smtp
