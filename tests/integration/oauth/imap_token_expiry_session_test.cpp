// An IMAP session logged in by token whose token expires while it is
// connected, on a VirtualClock and the sans-I/O session: `keep` works on,
// `bye` ends the session on the next command or during IDLE.
#include <gtest/gtest.h>

#include "common/base64.hpp"
#include "mockserver/imap/imap_session.hpp"
#include "mockserver/imap/imap_verifier.hpp"

namespace mailsim::mock {
namespace {

using namespace std::chrono_literals;
constexpr const char* kToken = "tok-alice";
constexpr const char* kBye = "* BYE Session invalidated - AccessTokenExpired\r\n";

class ImapTokenExpiry : public ::testing::TestWithParam<ExpiredTokenPolicy> {
 protected:
  ImapTokenExpiry() {
    ImapSessionConfig config;
    config.expired_token = GetParam();
    session_ = std::make_unique<ImapSession>(config, ImapSessionDeps{store_, verifier_, clock_, transcript_});
    session_->start(false);
    session_->take_output();
  }

  std::string send(const std::string& bytes) {
    session_->receive(bytes);
    return session_->take_output();
  }
  void login_by_token() {
    const auto ir = base64_encode("user=alice@example.com\x01" "auth=Bearer " + std::string(kToken) + "\x01\x01");
    ASSERT_EQ(send("a AUTHENTICATE XOAUTH2 " + ir + "\r\n").substr(0, 5), "a OK ");
  }
  bool byes() const { return GetParam() == ExpiredTokenPolicy::bye; }

  VirtualClock clock_;
  const Clock::time_point expiry_ = clock_.now() + 1h;
  bool revoked_ = false;
  MailboxStore store_;
  // Valid for an hour of the virtual clock, until revoked.
  UserVerifier verifier_{{{"alice@example.com", "secret"}},
                         [this](std::string_view, std::string_view token) {
                           sasl::TokenVerdict v;
                           v.valid = token == kToken && !revoked_ && clock_.now() < expiry_;
                           return v;
                         }};
  Transcript transcript_;
  std::unique_ptr<ImapSession> session_;
};

TEST_P(ImapTokenExpiry, TheNextCommandAfterExpiryEndsTheSessionOnlyUnderBye) {
  login_by_token();
  EXPECT_NE(send("b SELECT INBOX\r\n").find("b OK [READ-WRITE]"), std::string::npos);
  clock_.advance(59min);
  EXPECT_EQ(send("c NOOP\r\n"), "c OK NOOP completed.\r\n");
  clock_.advance(1min);
  const auto after = send("d NOOP\r\n");
  if (byes()) {
    EXPECT_EQ(after, kBye);
    EXPECT_TRUE(session_->wants_close());
    EXPECT_TRUE(transcript_.contains("login token no longer valid: session invalidated"));
    EXPECT_EQ(send("e NOOP\r\n"), "");  // nothing more is read
  } else {
    EXPECT_EQ(after, "d OK NOOP completed.\r\n");
    EXPECT_FALSE(session_->wants_close());
  }
  EXPECT_FALSE(transcript_.contains(kToken));
}

TEST_P(ImapTokenExpiry, ARevokedTokenEndsTheSessionUnderByeToo) {
  login_by_token();
  revoked_ = true;
  const auto after = send("b LIST \"\" \"*\"\r\n");
  if (byes()) {
    EXPECT_EQ(after, kBye);
  } else {
    EXPECT_NE(after.find("b OK"), std::string::npos);
  }
}

TEST_P(ImapTokenExpiry, AnIdlingSessionIsEndedWhenWokenAfterExpiry) {
  login_by_token();
  send("b SELECT INBOX\r\n");
  EXPECT_EQ(send("c IDLE\r\n"), "+ idling\r\n");
  session_->deliver_updates();  // woken before expiry: nothing to say
  EXPECT_EQ(session_->take_output(), "");
  clock_.advance(2h);
  session_->deliver_updates();
  if (byes()) {
    EXPECT_EQ(session_->take_output(), kBye);
    EXPECT_TRUE(session_->wants_close());
  } else {
    EXPECT_EQ(session_->take_output(), "");
    EXPECT_EQ(send("DONE\r\n"), "c OK Idle completed.\r\n");
  }
}

TEST_P(ImapTokenExpiry, LogoutAfterExpiryIsStillAnswered) {
  login_by_token();
  clock_.advance(2h);
  EXPECT_EQ(send("b LOGOUT\r\n"), "* BYE Logging out\r\nb OK Logout completed.\r\n");
}

TEST_P(ImapTokenExpiry, APasswordSessionHasNoTokenToLose) {
  ASSERT_EQ(send("a LOGIN alice@example.com secret\r\n").substr(0, 5), "a OK ");
  clock_.advance(2h);
  EXPECT_EQ(send("b NOOP\r\n"), "b OK NOOP completed.\r\n");
}

TEST_P(ImapTokenExpiry, ARefusedTokenDoesNotBecomeTheSessionToken) {
  const auto bad = base64_encode("user=alice@example.com\x01" "auth=Bearer other\x01\x01");
  send("a AUTHENTICATE XOAUTH2 " + bad + "\r\n");
  EXPECT_NE(send("\r\n").find("a NO"), std::string::npos);
  ASSERT_EQ(send("b LOGIN alice@example.com secret\r\n").substr(0, 5), "b OK ");
  clock_.advance(2h);
  EXPECT_EQ(send("c NOOP\r\n"), "c OK NOOP completed.\r\n");
}

INSTANTIATE_TEST_SUITE_P(Policies, ImapTokenExpiry, ::testing::Values(ExpiredTokenPolicy::keep, ExpiredTokenPolicy::bye),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace mailsim::mock
