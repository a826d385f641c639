#include <gtest/gtest.h>

#include "common/base64.hpp"
#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::SessionHarness;

constexpr std::string_view kCaps =
    "IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN";

TEST(MockImapSessionAuth, GreetingAndCapability) {
  SessionHarness h;
  EXPECT_EQ(h.start(), "* OK [CAPABILITY " + std::string(kCaps) +
                           " AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER] mailsim ready.\r\n");
  EXPECT_EQ(h.send("c1 CAPABILITY\r\n"), "* CAPABILITY " + std::string(kCaps) +
                                             " AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER\r\n"
                                             "c1 OK Capability completed.\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::not_authenticated);
}

TEST(MockImapSessionAuth, StarttlsListenerWithLoginDisabled) {
  SessionHarness h;
  h.config.starttls_offered = true;
  h.config.login_disabled_before_tls = true;
  EXPECT_EQ(h.start(), "* OK [CAPABILITY " + std::string(kCaps) + " STARTTLS LOGINDISABLED] mailsim ready.\r\n");
  EXPECT_EQ(h.send("a LOGIN alice secret\r\n"),
            "a NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n");
  EXPECT_NE(h.send("b AUTHENTICATE PLAIN\r\n").find("b NO [PRIVACYREQUIRED]"), std::string::npos);
  EXPECT_EQ(h.send("c STARTTLS\r\nd LOGIN alice secret\r\n"), "c OK Begin TLS negotiation now.\r\n");
  EXPECT_TRUE(h.session->wants_starttls());
  // Bytes that arrive before the handshake are not commands either.
  EXPECT_EQ(h.send("e LOGIN alice secret\r\n"), "");
  h.session->tls_started();
  EXPECT_FALSE(h.session->wants_starttls());
  EXPECT_EQ(h.send("f CAPABILITY\r\n"), "* CAPABILITY " + std::string(kCaps) +
                                            " AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER\r\n"
                                            "f OK Capability completed.\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::not_authenticated) << "injected LOGIN must not run";
  EXPECT_EQ(h.send("g STARTTLS\r\n"), "g BAD TLS is already active.\r\n");
  EXPECT_NE(h.send("h LOGIN alice secret\r\n").find("h OK [CAPABILITY"), std::string::npos);
}

TEST(MockImapSessionAuth, StarttlsNotOfferedIsBad) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a STARTTLS\r\n"), "a BAD STARTTLS is not available.\r\n");
  EXPECT_FALSE(h.session->wants_starttls());
}

TEST(MockImapSessionAuth, LoginSuccessAndFailure) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a LOGIN alice wrong\r\n"), "a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  EXPECT_EQ(h.send("b LOGIN nobody secret\r\n"), "b NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  EXPECT_EQ(h.send("c LOGIN \"alice\" {6}\r\n"), "+ Ready for literal data\r\n");
  EXPECT_EQ(h.send("secret\r\n"), "c OK [CAPABILITY " + std::string(kCaps) + "] Logged in\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::authenticated);
  EXPECT_EQ(h.session->user(), "alice");
  EXPECT_TRUE(h.store.has_user("alice"));
  EXPECT_EQ(h.send("d LOGIN alice secret\r\n"), "d BAD Already authenticated.\r\n");
}

TEST(MockImapSessionAuth, TranscriptRedactsSecrets) {
  SessionHarness h;
  h.start();
  h.send("a LOGIN alice secret\r\n");
  h.send("b LOGOUT\r\n");
  SessionHarness h2;
  h2.start();
  h2.send("a LOGIN alice {6+}\r\nsecret\r\n");
  const std::string ir = base64_encode(std::string("\0alice\0secret", 13));
  SessionHarness h3;
  h3.start();
  h3.send("b AUTHENTICATE PLAIN " + ir + "\r\n");
  SessionHarness h4;
  h4.start();
  h4.send("c AUTHENTICATE PLAIN\r\n" + ir + "\r\n");
  for (auto* t : {&h.transcript, &h2.transcript, &h3.transcript, &h4.transcript}) {
    const std::string text = t->render();
    EXPECT_EQ(text.find("secret"), std::string::npos) << text;
    EXPECT_EQ(text.find(ir), std::string::npos) << text;
  }
  EXPECT_TRUE(h.transcript.contains("a LOGIN alice <redacted>"));
  EXPECT_TRUE(h2.transcript.contains("a LOGIN alice <redacted>"));
  EXPECT_TRUE(h3.transcript.contains("b AUTHENTICATE PLAIN <redacted>"));
  EXPECT_TRUE(h3.transcript.contains("b OK"));
  EXPECT_NE(h4.transcript.render().find("C: c AUTHENTICATE PLAIN\nS: + \nC: <redacted>\n"), std::string::npos)
      << h4.transcript.render();
  EXPECT_TRUE(h.transcript.contains("b OK Logout completed."));
}

TEST(MockImapSessionAuth, AuthenticatePlainWithInitialResponse) {
  SessionHarness h;
  h.start();
  const std::string ir = base64_encode(std::string("\0alice\0secret", 13));
  EXPECT_EQ(h.send("a AUTHENTICATE PLAIN " + ir + "\r\n"),
            "a OK [CAPABILITY " + std::string(kCaps) + "] Logged in\r\n");
  EXPECT_EQ(h.session->user(), "alice");
}

TEST(MockImapSessionAuth, AuthenticatePlainWithContinuation) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a AUTHENTICATE plain\r\n"), "+ \r\n");
  EXPECT_EQ(h.send(base64_encode(std::string("\0alice\0nope", 11)) + "\r\n"),
            "a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  EXPECT_EQ(h.send("b AUTHENTICATE PLAIN\r\n"), "+ \r\n");
  EXPECT_EQ(h.send(base64_encode(std::string("\0alice\0secret", 13)) + "\r\n"),
            "b OK [CAPABILITY " + std::string(kCaps) + "] Logged in\r\n");
}

TEST(MockImapSessionAuth, AuthenticateCancelAndBadBase64) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a AUTHENTICATE PLAIN\r\n*\r\n"), "+ \r\na BAD Authentication aborted by client.\r\n");
  EXPECT_EQ(h.send("b AUTHENTICATE PLAIN\r\n!!!\r\n"), "+ \r\nb BAD Invalid base64 data in continued response.\r\n");
  EXPECT_EQ(h.send("c AUTHENTICATE PLAIN abc!\r\n"), "c BAD Invalid base64 data in initial response.\r\n");
  EXPECT_EQ(h.send("d AUTHENTICATE PLAIN " + base64_encode("no-nuls") + "\r\n"),
            "d NO [AUTHENTICATIONFAILED] Invalid authentication response.\r\n");
  EXPECT_EQ(h.send("e AUTHENTICATE CRAM-MD5\r\n"), "e NO Unsupported authentication mechanism.\r\n");
  EXPECT_EQ(h.send("f AUTHENTICATE X-UNKNOWN\r\n"), "f NO Unsupported authentication mechanism.\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::not_authenticated);
  EXPECT_EQ(h.send("g NOOP\r\n"), "g OK NOOP completed.\r\n");
}

TEST(MockImapSessionAuth, AuthenticateXoauth2) {
  SessionHarness h;
  h.start();
  const std::string good = base64_encode("user=alice\x01" "auth=Bearer good-token\x01\x01");
  EXPECT_EQ(h.send("a AUTHENTICATE XOAUTH2 " + good + "\r\n"),
            "a OK [CAPABILITY " + std::string(kCaps) + "] Logged in\r\n");
  SessionHarness h2;
  h2.start();
  const std::string bad = base64_encode("user=alice\x01" "auth=Bearer stale\x01\x01");
  const std::string challenge = h2.send("a AUTHENTICATE XOAUTH2 " + bad + "\r\n");
  ASSERT_EQ(challenge.substr(0, 2), "+ ");
  const auto json = base64_decode(challenge.substr(2, challenge.size() - 4));
  ASSERT_TRUE(json);
  EXPECT_NE(json->find("\"status\""), std::string::npos);
  EXPECT_EQ(h2.send("\r\n"), "a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
}

TEST(MockImapSessionAuth, AuthenticateOauthbearerWithContinuation) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a AUTHENTICATE OAUTHBEARER\r\n"), "+ \r\n");
  EXPECT_EQ(h.send(base64_encode("n,a=alice,\x01" "auth=Bearer good-token\x01\x01") + "\r\n"),
            "a OK [CAPABILITY " + std::string(kCaps) + "] Logged in\r\n");
  EXPECT_EQ(h.session->user(), "alice");
}

TEST(MockImapSessionAuth, CommandsNeedTheRightState) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a SELECT INBOX\r\n"), "a BAD Please login first.\r\n");
  EXPECT_EQ(h.send("b FETCH 1 FLAGS\r\n"), "b BAD Please login first.\r\n");
  h.login();
  EXPECT_EQ(h.send("c FETCH 1 FLAGS\r\n"), "c BAD No mailbox selected.\r\n");
  EXPECT_EQ(h.send("d CLOSE\r\n"), "d BAD No mailbox selected.\r\n");
  EXPECT_EQ(h.send("e STARTTLS\r\n"), "e BAD Already authenticated.\r\n");
}

TEST(MockImapSessionAuth, IdEnableNamespaceNoopLogout) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a ID (\"name\" \"test\")\r\n"), "* ID (\"name\" \"mailsim\" \"vendor\" \"mailsim\")\r\na OK ID completed.\r\n");
  EXPECT_EQ(h.send("b ENABLE CONDSTORE\r\n"), "b BAD Please login first.\r\n");
  h.login();
  EXPECT_EQ(h.send("c ENABLE CONDSTORE\r\n"), "* ENABLED\r\nc OK Enabled.\r\n");
  EXPECT_EQ(h.send("d NAMESPACE\r\n"), "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\nd OK Namespace completed.\r\n");
  EXPECT_EQ(h.send("e NOOP\r\n"), "e OK NOOP completed.\r\n");
  EXPECT_EQ(h.send("f LOGOUT\r\n"), "* BYE Logging out\r\nf OK Logout completed.\r\n");
  EXPECT_TRUE(h.session->wants_close());
  EXPECT_EQ(h.session->state(), ImapSession::State::logout);
  EXPECT_EQ(h.send("g NOOP\r\n"), "") << "nothing is read after LOGOUT";
}

TEST(MockImapSessionAuth, PipelinedCommandsAnsweredInOrder) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a NOOP\r\nb LOGIN alice secret\r\nc NOOP\r\n"),
            "a OK NOOP completed.\r\nb OK [CAPABILITY " + std::string(kCaps) + "] Logged in\r\nc OK NOOP completed.\r\n");
}

TEST(MockImapSessionAuth, CommandSplitAcrossReads) {
  SessionHarness h;
  h.start();
  EXPECT_EQ(h.send("a NO"), "");
  EXPECT_EQ(h.send("OP\r"), "");
  EXPECT_EQ(h.send("\n"), "a OK NOOP completed.\r\n");
}

TEST(MockImapSessionAuth, SyntaxErrorsAreBadAndTooManyCloses) {
  SessionHarness h;
  h.config.limits.max_bad_commands = 3;
  h.start();
  EXPECT_EQ(h.send("a FROB\r\n"), "a BAD Error in IMAP command FROB: Unknown command.\r\n");
  EXPECT_EQ(h.send("b LOGIN\r\n"), "b BAD Error in IMAP command LOGIN: Missing argument\r\n");
  EXPECT_EQ(h.send("\r\n"), "* BAD Error in IMAP command received by server: invalid tag\r\n"
                            "* BYE Too many invalid IMAP commands.\r\n");
  EXPECT_TRUE(h.session->wants_close());
}

TEST(MockImapSessionAuth, OverlongLineIsRefusedAndSkipped) {
  SessionHarness h;
  h.config.limits.max_line = 100;
  h.start();
  EXPECT_EQ(h.send("a NOOP " + std::string(200, 'x')), "* BAD [TOOBIG] Command line too long\r\n");
  EXPECT_EQ(h.send(std::string(5000, 'y')), "") << "the rest of the line is skipped, not buffered";
  EXPECT_EQ(h.send("zzz\r\nb NOOP\r\n"), "b OK NOOP completed.\r\n");
}

TEST(MockImapSessionAuth, LiteralOverLimit) {
  SessionHarness h;
  h.config.limits.max_literal = 10;
  h.start();
  h.login();
  EXPECT_EQ(h.send("a APPEND INBOX {11}\r\n"), "a NO [TOOBIG] Literal size exceeds the server limit\r\n");
  EXPECT_FALSE(h.session->wants_close());
  EXPECT_EQ(h.send("b NOOP\r\n"), "b OK NOOP completed.\r\n");
  EXPECT_EQ(h.send("c APPEND INBOX {4294967296+}\r\nxxxx"),
            "c BAD [TOOBIG] Literal size exceeds the server limit\r\n"
            "* BYE Literal too large, closing the connection.\r\n");
  EXPECT_TRUE(h.session->wants_close());
}

TEST(MockImapSessionAuth, TimeoutSaysBye) {
  SessionHarness h;
  h.start();
  h.session->timed_out();
  EXPECT_EQ(h.session->take_output(), "* BYE Disconnected for inactivity.\r\n");
  EXPECT_TRUE(h.session->wants_close());
}

class ThrottleHooks : public ImapHooks {
 public:
  HookAction on_command(const ImapHookContext& ctx, const imap::ImapCommand& c) override {
    seen_user = ctx.user;
    if (c.verb == imap::Verb::select) return {HookAction::Kind::reply, "NO [UNAVAILABLE] Throttled"};
    if (c.verb == imap::Verb::check) return {HookAction::Kind::close, "* BYE Going away"};
    return {};
  }
  void before_response(const ImapHookContext&, std::string& response) override {
    if (response.starts_with("* ID ")) response.clear();
  }
  std::string seen_user;
};

class RefuseConnect : public ImapHooks {
 public:
  HookAction on_connect(const ImapHookContext&) override { return {HookAction::Kind::close, "* BYE Too many connections"}; }
};

TEST(MockImapSessionAuth, HooksCanReplyCloseAndRewrite) {
  SessionHarness h;
  ThrottleHooks hooks;
  auto s = h.make(hooks);
  s->start(false);
  s->take_output();
  EXPECT_EQ(SessionHarness::send_to(*s, "a LOGIN alice secret\r\n").substr(0, 7), "a OK [C");
  EXPECT_EQ(SessionHarness::send_to(*s, "b SELECT INBOX\r\n"), "b NO [UNAVAILABLE] Throttled\r\n");
  EXPECT_EQ(hooks.seen_user, "alice");
  EXPECT_EQ(SessionHarness::send_to(*s, "c ID NIL\r\n"), "c OK ID completed.\r\n");
  EXPECT_EQ(SessionHarness::send_to(*s, "d CHECK\r\n"), "* BYE Going away\r\n");
  EXPECT_TRUE(s->wants_close());

  RefuseConnect refuse;
  auto r = h.make(refuse);
  r->start(false);
  EXPECT_EQ(r->take_output(), "* BYE Too many connections\r\n");
  EXPECT_TRUE(r->wants_close());
}

}  // namespace
}  // namespace mailsim::mock
