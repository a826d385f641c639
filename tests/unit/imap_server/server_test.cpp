#include <gtest/gtest.h>

#include "blocking_client.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::BlockingClient;
using testing::kSimpleMessage;

ImapServerConfig base_config() {
  ImapServerConfig config;
  config.users = {{"alice", "secret"}, {"bob", "builder"}};
  config.clock = std::make_shared<VirtualClock>();
  return config;
}

TEST(MockImapServer, PlainSessionEndToEnd) {
  ImapServer server(base_config());
  server.store().add_message("alice", "INBOX", kSimpleMessage);
  server.start();
  ASSERT_NE(server.port(), 0);
  BlockingClient client(server.port());
  EXPECT_TRUE(client.read_line().starts_with("* OK [CAPABILITY IMAP4rev1 "));
  EXPECT_TRUE(client.command("a", "LOGIN alice secret").starts_with("a OK [CAPABILITY"));
  EXPECT_NE(client.command("b", "SELECT INBOX").find("* 1 EXISTS\r\n"), std::string::npos);
  EXPECT_EQ(client.command("c", "FETCH 1 BODY.PEEK[TEXT]"),
            "* 1 FETCH (BODY[TEXT] {19}\r\nHi Bob,\r\nsee you.\r\n)\r\nc OK Fetch completed.\r\n");
  EXPECT_EQ(client.command("d", "LOGOUT"), "* BYE Logging out\r\nd OK Logout completed.\r\n");
  EXPECT_TRUE(client.at_eof());
  server.stop();
  ASSERT_EQ(server.transcripts().size(), 1u);
  const std::string transcript = server.transcripts()[0]->render();
  EXPECT_NE(transcript.find("C: a LOGIN alice <redacted>"), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find("secret"), std::string::npos);
  EXPECT_EQ(server.active_sessions(), 0u);
}

TEST(MockImapServer, AppendWithSynchronizingLiteralOverSocket) {
  ImapServer server(base_config());
  server.start();
  BlockingClient client(server.port());
  client.read_line();
  client.command("a", "LOGIN alice secret");
  const std::string msg(kSimpleMessage);
  client.write("b APPEND INBOX {" + std::to_string(msg.size()) + "}\r\n");
  EXPECT_EQ(client.read_line(), "+ Ready for literal data");
  client.write(msg + "\r\n");
  EXPECT_EQ(client.read_response("b"), "b OK [APPENDUID 1 1] Append completed.\r\n");
  EXPECT_EQ(server.store().messages("alice", "INBOX").at(0).message->raw(), msg);
}

TEST(MockImapServer, ImplicitTls) {
  auto config = base_config();
  config.tls.security = Security::ssl_tls;
  ImapServer server(config);
  server.start();
  BlockingClient client(server.port(), BlockingClient::trusting(server.ca_certificate_pem()));
  const std::string greeting = client.read_line();
  EXPECT_TRUE(greeting.starts_with("* OK [CAPABILITY IMAP4rev1 ")) << greeting;
  EXPECT_EQ(greeting.find("STARTTLS"), std::string::npos);
  EXPECT_TRUE(client.command("a", "LOGIN alice secret").starts_with("a OK [CAPABILITY"));
  EXPECT_EQ(client.command("b", "LOGOUT"), "* BYE Logging out\r\nb OK Logout completed.\r\n");
}

TEST(MockImapServer, StarttlsWithLoginDisabled) {
  auto config = base_config();
  config.tls.security = Security::starttls;
  config.login_disabled_before_tls = true;
  ImapServer server(config);
  server.start();
  BlockingClient client(server.port());
  const std::string greeting = client.read_line();
  EXPECT_NE(greeting.find(" STARTTLS LOGINDISABLED]"), std::string::npos) << greeting;
  EXPECT_TRUE(client.command("a", "LOGIN alice secret").starts_with("a NO [PRIVACYREQUIRED]"));
  // A command pipelined after STARTTLS in plaintext must be dropped.
  client.write("b STARTTLS\r\nx LOGIN alice secret\r\n");
  EXPECT_EQ(client.read_response("b"), "b OK Begin TLS negotiation now.\r\n");
  client.start_tls(BlockingClient::trusting(server.ca_certificate_pem()));
  const std::string caps = client.command("c", "CAPABILITY");
  EXPECT_EQ(caps.find("STARTTLS"), std::string::npos) << caps;
  EXPECT_NE(caps.find("AUTH=PLAIN"), std::string::npos) << caps;
  EXPECT_TRUE(client.command("d", "LOGIN alice secret").starts_with("d OK [CAPABILITY"));
}

TEST(MockImapServer, IdleSeesChangesFromOtherSessionsAndTheStore) {
  ImapServer server(base_config());
  server.store().add_message("alice", "INBOX", kSimpleMessage);
  server.start();
  BlockingClient watcher(server.port());
  watcher.read_line();
  watcher.command("a", "LOGIN alice secret");
  watcher.command("b", "SELECT INBOX");
  watcher.write("c IDLE\r\n");
  EXPECT_EQ(watcher.read_line(), "+ idling");

  server.store().add_message("alice", "INBOX", kSimpleMessage);  // e.g. the SMTP mock delivering
  EXPECT_EQ(watcher.read_line(), "* 2 EXISTS");
  EXPECT_EQ(watcher.read_line(), "* 2 RECENT");

  BlockingClient other(server.port());
  other.read_line();
  other.command("a", "LOGIN alice secret");
  other.command("b", "SELECT INBOX");
  other.command("c", "STORE 1 +FLAGS.SILENT (\\Deleted)");
  EXPECT_EQ(watcher.read_line(), "* 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))");
  other.command("d", "EXPUNGE");
  EXPECT_EQ(watcher.read_line(), "* 1 EXPUNGE");
  watcher.write("DONE\r\n");
  EXPECT_EQ(watcher.read_response("c"), "c OK Idle completed.\r\n");
  EXPECT_EQ(watcher.command("d", "UID SEARCH ALL"), "* SEARCH 2\r\nd OK Search completed.\r\n");
}

TEST(MockImapServer, IdleWakeUpsKeepTheTlsStreamIntact) {
  auto config = base_config();
  config.tls.security = Security::ssl_tls;
  ImapServer server(config);
  server.start();
  BlockingClient client(server.port(), BlockingClient::trusting(server.ca_certificate_pem()));
  client.read_line();
  client.command("a", "LOGIN alice secret");
  client.command("b", "SELECT INBOX");
  for (int round = 1; round <= 3; ++round) {
    client.write("i" + std::to_string(round) + " IDLE\r\n");
    EXPECT_EQ(client.read_line(), "+ idling");
    server.store().add_message("alice", "INBOX", kSimpleMessage);
    EXPECT_EQ(client.read_line(), "* " + std::to_string(round) + " EXISTS");
    EXPECT_EQ(client.read_line(), "* " + std::to_string(round) + " RECENT");
    client.write("DONE\r\n");
    EXPECT_EQ(client.read_response("i" + std::to_string(round)), "i" + std::to_string(round) + " OK Idle completed.\r\n");
  }
  EXPECT_EQ(client.command("c", "UID SEARCH ALL"), "* SEARCH 1 2 3\r\nc OK Search completed.\r\n");
}

TEST(MockImapServer, StopClosesConnections) {
  ImapServer server(base_config());
  server.start();
  BlockingClient client(server.port());
  client.read_line();
  server.stop();
  EXPECT_TRUE(client.at_eof());
  EXPECT_FALSE(server.running());
}

TEST(MockImapServer, TooManySessions) {
  auto config = base_config();
  config.max_sessions = 1;
  ImapServer server(config);
  server.start();
  BlockingClient first(server.port());
  first.read_line();
  BlockingClient second(server.port());
  EXPECT_EQ(second.read_line(), "* BYE Too many connections.");
  EXPECT_TRUE(second.at_eof());
  EXPECT_EQ(first.command("a", "NOOP"), "a OK NOOP completed.\r\n");
}

TEST(MockImapServer, IdleTimeoutLogsOut) {
  auto config = base_config();
  config.idle_timeout = std::chrono::milliseconds(50);
  ImapServer server(config);
  server.start();
  BlockingClient client(server.port());
  client.read_line();
  EXPECT_EQ(client.read_line(), "* BYE Disconnected for inactivity.");
  EXPECT_TRUE(client.at_eof());
}

TEST(MockImapServer, BindFailureThrows) {
  ImapServer first(base_config());
  first.start();
  auto config = base_config();
  config.port = first.port();
  ImapServer second(config);
  EXPECT_THROW(second.start(), std::runtime_error);
}

}  // namespace
}  // namespace mailsim::mock
