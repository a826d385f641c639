// Hostile input to the mock servers on real loopback sockets: a line that
// never ends, literals, messages and chunks announced at 4 GiB. Each time a well-behaved client must
// still complete its whole session, memory must stay bounded, and every
// session must be reaped.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "hostile/hostile_support.hpp"
#include "hostile/raw_peer.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace mailsim::hostile {
namespace {

using mock::ImapServer;
using mock::ImapServerConfig;
using mock::SmtpServer;
using mock::SmtpServerConfig;

SmtpServerConfig smtp_config() {
  SmtpServerConfig config;
  config.users = {{"alice@example.com", "secret"}};
  return config;
}

ImapServerConfig imap_config() {
  ImapServerConfig config;
  config.users = {{"alice", "secret"}};
  return config;
}

// Streams megabytes of 'A' with no line end, checking a well-behaved client
// every 8 MiB; returns the RSS growth in KiB.
template <class Check>
std::size_t flood_one_line(RawPeer& attacker, std::size_t megabytes, Check check) {
  const std::size_t before = rss_kib();
  const std::string chunk(1024 * 1024, 'A');
  for (std::size_t mib = 1; mib <= megabytes; ++mib) {
    if (!attacker.try_send(chunk)) {
      ADD_FAILURE() << "the server hung up after " << mib << " MiB";
      break;
    }
    if (mib % 8 == 0) check();
  }
  const std::size_t after = rss_kib();
  return after > before ? after - before : 0;
}

TEST(HostileSmtpServer, LineThatNeverEnds) {
  SmtpServer server(smtp_config());
  server.start();
  const std::size_t megabytes = scale("MAILSIM_HOSTILE_LINE_MIB", 32);
  {
    RawPeer attacker(server.port());
    ASSERT_EQ(attacker.read_line().substr(0, 4), "220 ");
    const std::size_t growth =
        flood_one_line(attacker, megabytes, [&] { EXPECT_EQ(smtp_session_problem(server.port()), ""); });
    // The line is dropped as it comes: growth is a fraction of what was sent.
    EXPECT_LT(growth, megabytes * 1024 / 4) << "RSS grew by " << growth << " KiB";
    RecordProperty("rss_growth_kib", std::to_string(growth));
    EXPECT_EQ(attacker.read_line(), "500 5.5.6 Line too long");  // once, not once per chunk
    attacker.send("\r\nNOOP\r\n");
    EXPECT_EQ(attacker.read_line(), "250 2.0.0 Ok");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
}

TEST(HostileImapServer, LineThatNeverEnds) {
  ImapServer server(imap_config());
  server.start();
  const std::size_t megabytes = scale("MAILSIM_HOSTILE_LINE_MIB", 32);
  {
    RawPeer attacker(server.port());
    ASSERT_EQ(attacker.read_line().substr(0, 4), "* OK");
    attacker.send("a NOOP ");
    const std::size_t growth =
        flood_one_line(attacker, megabytes, [&] { EXPECT_EQ(imap_session_problem(server.port()), ""); });
    EXPECT_LT(growth, megabytes * 1024 / 4) << "RSS grew by " << growth << " KiB";
    RecordProperty("rss_growth_kib", std::to_string(growth));
    EXPECT_EQ(attacker.read_line(), "* BAD [TOOBIG] Command line too long");
    attacker.send("\r\nb NOOP\r\n");
    EXPECT_EQ(attacker.read_line(), "b OK NOOP completed.");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
}

TEST(HostileImapServer, SynchronizingLiteralOf4GiBIsRefusedAndTheSessionGoesOn) {
  ImapServer server(imap_config());
  server.start();
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("a LOGIN alice secret\r\n");
    ASSERT_EQ(attacker.read_until_line_starting("a ").find("a OK"), 0u);
    attacker.send("b APPEND INBOX {4294967295}\r\n");
    EXPECT_EQ(attacker.read_line(), "b NO [TOOBIG] Literal size exceeds the server limit");
    attacker.send("c NOOP\r\n");
    EXPECT_EQ(attacker.read_line(), "c OK NOOP completed.");
    EXPECT_EQ(imap_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
}

TEST(HostileImapServer, NonSynchronizingLiteralOf4GiBEndsTheSession) {
  ImapServer server(imap_config());
  server.start();
  const std::size_t before = rss_kib();
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("a LOGIN alice secret\r\n");
    attacker.read_until_line_starting("a ");
    // LITERAL+: the client does not wait, so the server cannot skip it cheaply.
    attacker.send("b APPEND INBOX {4294967295+}\r\n" + std::string(64 * 1024, 'x'));
    EXPECT_EQ(attacker.read_line(), "b BAD [TOOBIG] Literal size exceeds the server limit");
    EXPECT_EQ(attacker.read_line(), "* BYE Literal too large, closing the connection.");
    EXPECT_TRUE(attacker.wait_closed());
    EXPECT_EQ(imap_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  EXPECT_LT(rss_kib(), before + 16 * 1024);
}

TEST(HostileSmtpServer, ChunkAndMessageSizeOf4GiBAreBounded) {
  auto config = smtp_config();
  config.limits.max_message_size = 1024 * 1024;
  SmtpServer server(config);
  server.start();
  const std::size_t before = rss_kib();
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("EHLO evil.example\r\n");
    attacker.read_until_line_starting("250 ");
    attacker.send("MAIL FROM:<a@evil.example> SIZE=4294967295\r\n");
    EXPECT_EQ(attacker.read_line(), "552 5.3.4 Message size exceeds fixed limit");
    attacker.send("MAIL FROM:<a@evil.example>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
    EXPECT_EQ(attacker.read_line(), "250 2.1.0 Ok");
    EXPECT_EQ(attacker.read_line(), "250 2.1.5 Ok");
    EXPECT_EQ(attacker.read_line(), "354 End data with <CR><LF>.<CR><LF>");
    const std::string line(1000, 'x');
    std::string mebibyte;
    while (mebibyte.size() < 1024 * 1024) mebibyte += line + "\r\n";
    for (int i = 0; i < 16; ++i) ASSERT_TRUE(attacker.try_send(mebibyte));
    attacker.send(".\r\n");
    EXPECT_EQ(attacker.read_line(), "552 5.3.4 Message size exceeds fixed limit");
    // A BDAT chunk announced at 4 GiB is read and dropped, never stored.
    attacker.send("MAIL FROM:<a@evil.example>\r\nRCPT TO:<b@example.net>\r\nBDAT 4294967295 LAST\r\n");
    EXPECT_EQ(attacker.read_line(), "250 2.1.0 Ok");
    EXPECT_EQ(attacker.read_line(), "250 2.1.5 Ok");
    for (int i = 0; i < 16; ++i) ASSERT_TRUE(attacker.try_send(mebibyte));
    EXPECT_EQ(smtp_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  EXPECT_TRUE(server.messages().size() == 1u) << "only the well-behaved message";
  EXPECT_LT(rss_kib(), before + 16 * 1024);
}

}  // namespace
}  // namespace mailsim::hostile
