// Per-user connection caps count a session at its first command after
// login, not at the login reply: the login itself succeeds, and the command
// after it gets the cap's words (as Exchange answers 432 after AUTH).
#include <gtest/gtest.h>

#include "fault_world.hpp"
#include "raw_client.hpp"

namespace mailsim::faults_test {
namespace {

using mock::faults::ConnectionCap;
using mock::faults::Scope;

ConnectionCap user_cap(std::string reply) {
  ConnectionCap cap;
  cap.scope = Scope::user;
  cap.max = 1;
  cap.reply = std::move(reply);
  return cap;
}

// "AUTH PLAIN" initial response for alice (RFC 4616: authzid NUL authcid NUL password).
const std::string kAuthPlain = "AUTH PLAIN AGFsaWNlAGFsaWNlLXBhc3M=\r\n";

void smtp_login(RawClient& raw) {
  raw.read_through("\r\n");
  raw.send("EHLO client\r\n");
  raw.read_through("250 DSN\r\n");
  raw.send(kAuthPlain);
  EXPECT_EQ(raw.read_through("\r\n").substr(0, 4), "235 ");  // the login itself is never refused
}

TEST(UserConnectionCap, SmtpCountsAtTheFirstCommandAfterAuth) {
  SmtpWorld world;
  world.engine->add(user_cap("432 4.3.2 Concurrent connections limit exceeded."));
  RawClient first(world.server->port());
  smtp_login(first);
  first.send("NOOP\r\n");
  EXPECT_EQ(first.read_through("\r\n"), "250 2.0.0 Ok\r\n");

  RawClient second(world.server->port());
  smtp_login(second);
  second.send("MAIL FROM:<alice@example.com>\r\n");
  EXPECT_EQ(second.read_to_end(), "432 4.3.2 Concurrent connections limit exceeded.\r\n");

  first.send("MAIL FROM:<alice@example.com>\r\n");
  EXPECT_EQ(first.read_through("\r\n"), "250 2.1.0 Ok\r\n");
}

TEST(UserConnectionCap, SmtpPlaceIsFreedWhenTheHolderLeaves) {
  SmtpWorld world;
  world.engine->add(user_cap("432 4.3.2 Concurrent connections limit exceeded."));
  {
    RawClient first(world.server->port());
    smtp_login(first);
    first.send("NOOP\r\n");
    first.read_through("\r\n");
    first.send("QUIT\r\n");
    first.read_to_end();
  }
  // The SMTP listener frees the place before it closes the socket, so the
  // end of the stream above means the place is free.
  RawClient again(world.server->port());
  smtp_login(again);
  again.send("NOOP\r\n");
  EXPECT_EQ(again.read_through("\r\n"), "250 2.0.0 Ok\r\n");
}

void imap_login(RawClient& raw, std::string_view tag) {
  raw.read_through("\r\n");
  raw.send(std::string(tag) + " LOGIN alice alice-pass\r\n");
  const std::string reply = raw.read_through(std::string(tag) + " ");
  EXPECT_EQ(raw.read_through("\r\n").substr(0, 3), "OK ") << reply;  // the login itself is never refused
}

TEST(UserConnectionCap, ImapCountsAtTheFirstCommandAfterLogin) {
  ImapWorld world;
  world.engine->add(user_cap("NO [ALERT] Too many simultaneous connections. (Failure)"));
  RawClient first(world.server->port());
  imap_login(first, "a1");
  first.send("a2 NOOP\r\n");
  EXPECT_NE(first.read_through("\r\n").find("a2 OK"), std::string::npos);

  RawClient second(world.server->port());
  imap_login(second, "b1");
  second.send("b2 SELECT INBOX\r\n");
  // Gmail answers the command with a tagged NO, then closes.
  const std::string refused = second.read_to_end();
  EXPECT_EQ(refused, "b2 NO [ALERT] Too many simultaneous connections. (Failure)\r\n");

  first.send("a3 SELECT INBOX\r\n");
  EXPECT_NE(first.read_through("a3 OK").find("1 EXISTS"), std::string::npos);
}

// Before the greeting there is no command to answer: the same words go out
// as the BYE greeting.
TEST(UserConnectionCap, ImapListenerCapAtConnectGreetsWithBye) {
  ImapWorld world;
  ConnectionCap cap;
  cap.scope = Scope::listener;
  cap.max = 1;
  cap.reply = "NO [ALERT] Too many simultaneous connections. (Failure)";
  world.engine->add(cap);
  RawClient first(world.server->port());
  EXPECT_EQ(first.read_through("\r\n").substr(0, 5), "* OK ");
  RawClient second(world.server->port());
  EXPECT_EQ(second.read_to_end(), "* BYE [ALERT] Too many simultaneous connections. (Failure)\r\n");
}

}  // namespace
}  // namespace mailsim::faults_test
