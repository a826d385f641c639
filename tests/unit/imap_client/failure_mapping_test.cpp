// How NO, BAD and BYE map to reason codes, with the server's words.
#include <gtest/gtest.h>

#include "client/imap/imap_failure.hpp"
#include "client/imap/imap_response_parser.hpp"

namespace mailsim::client::imap {
namespace {

StatusResponse status(std::string_view line) { return std::get<StatusResponse>(parse_response(std::string(line) + "\r\n")); }

Reason reason(std::string_view line, Stage stage, bool oauth = false) {
  return failure_from_response(status(line), stage, oauth).reason;
}

TEST(ImapFailureMapping, AuthenticationRefusals) {
  EXPECT_EQ(reason("a NO [AUTHENTICATIONFAILED] Authentication failed.", Stage::authenticate), Reason::auth_failed);
  EXPECT_EQ(reason("a NO LOGIN failed", Stage::authenticate), Reason::auth_failed);
  EXPECT_EQ(reason("a NO [AUTHENTICATIONFAILED] Invalid credentials", Stage::authenticate, true),
            Reason::oauth_token_rejected);
  EXPECT_EQ(reason("a BAD Unsupported authentication mechanism", Stage::authenticate),
            Reason::auth_mechanism_unsupported);
}

TEST(ImapFailureMapping, ThrottlingWinsOverBadCredentials) {
  EXPECT_EQ(reason("a NO [UNAVAILABLE] Temporary failure", Stage::authenticate), Reason::throttled);
  EXPECT_EQ(reason("a NO [THROTTLED] Slow down", Stage::command), Reason::throttled);
  EXPECT_EQ(reason("a NO Too many simultaneous connections", Stage::authenticate, true), Reason::throttled);
  EXPECT_EQ(reason("* BYE Maximum number of connections from user+IP exceeded", Stage::greeting), Reason::throttled);
  EXPECT_EQ(reason("a NO Account is temporarily throttled", Stage::command), Reason::throttled);
  EXPECT_FALSE(says_throttled(status("* BYE Too many invalid IMAP commands.")));
}

TEST(ImapFailureMapping, GreetingStarttlsAndCommands) {
  EXPECT_EQ(reason("* BYE Go away", Stage::greeting), Reason::greeting_rejected);
  EXPECT_EQ(reason("a NO TLS unavailable", Stage::starttls), Reason::starttls_failed);
  EXPECT_EQ(reason("a NO [TRYCREATE] No such mailbox", Stage::command), Reason::mailbox_not_found);
  EXPECT_EQ(reason("a NO [NONEXISTENT] Unknown Mailbox", Stage::command), Reason::mailbox_not_found);
  EXPECT_EQ(reason("a NO Mailbox doesn't exist: Nowhere (0.001 + 0.000 secs).", Stage::command), Reason::mailbox_not_found);
  EXPECT_EQ(reason("a NO Permission denied", Stage::command), Reason::command_failed);
  EXPECT_EQ(reason("a NO [TOOBIG] Message too large", Stage::command), Reason::message_too_large);
  EXPECT_EQ(reason("a BAD Error in IMAP command", Stage::command), Reason::command_failed);
  EXPECT_EQ(reason("* BYE Shutting down", Stage::command), Reason::connection_lost);
}

TEST(ImapFailureMapping, KeepsTheServersWordsAndAHint) {
  const Failure f = failure_from_response(status("A7 NO [TRYCREATE] Mailbox doesn't exist: Foo"), Stage::command);
  EXPECT_EQ(f.server_words, "NO [TRYCREATE] Mailbox doesn't exist: Foo");
  EXPECT_EQ(f.stage, Stage::command);
  EXPECT_FALSE(f.hint.empty());
}

TEST(ImapFailureMapping, OAuthErrorJson) {
  const std::string json = R"({"status":"invalid_token","scope":"mail"})";
  const Failure f = oauth_failure(json, status("a NO [AUTHENTICATIONFAILED] Invalid credentials"));
  EXPECT_EQ(f.reason, Reason::oauth_token_rejected);
  EXPECT_EQ(f.sasl_error, json);
  EXPECT_NE(f.hint.find("refresh"), std::string::npos);
  const Failure scope = oauth_failure(R"({"status":"403","scope":"https://mail.google.com/"})", std::nullopt);
  EXPECT_NE(scope.hint.find("https://mail.google.com/"), std::string::npos);
  const Failure limited = oauth_failure(json, status("a NO [THROTTLED] slow down"));
  EXPECT_EQ(limited.reason, Reason::throttled);
  EXPECT_NE(oauth_failure("not json", std::nullopt).detail.find("not JSON"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::client::imap
