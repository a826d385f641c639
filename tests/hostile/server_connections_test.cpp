// Hostile connection patterns against the mock servers on loopback:
// slowloris, TLS handshakes abandoned by the thousand, one address taking
// every slot, a client that never reads its replies. A well-behaved client
// must complete its whole session throughout, memory must stay bounded and
// every session must be reaped. Counts come from MAILSIM_HOSTILE_* variables.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "hostile/hostile_support.hpp"
#include "hostile/raw_peer.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "unit/imap_server/blocking_client.hpp"
#include "unit/smtp_server/blocking_client.hpp"

namespace mailsim::hostile {
namespace {

using namespace std::chrono_literals;
using mock::ImapServer;
using mock::ImapServerConfig;
using mock::Security;
using mock::SmtpServer;
using mock::SmtpServerConfig;

SmtpServerConfig smtp_config(Security security = Security::none) {
  SmtpServerConfig config;
  config.users = {{"alice@example.com", "secret"}};
  config.tls.security = security;
  return config;
}

ImapServerConfig imap_config(Security security = Security::none) {
  ImapServerConfig config;
  config.users = {{"alice", "secret"}};
  config.tls.security = security;
  return config;
}

std::size_t grown_since(std::size_t before_kib) {
  const std::size_t now = rss_kib();
  return now > before_kib ? now - before_kib : 0;
}

// Rounds instead of seconds: each round sends one more byte on every
// connection, then the well-behaved client must complete a whole session.
template <class Server, class Session>
void slowloris(Server& server, std::string_view trickle, Session session_problem) {
  const std::size_t count = scale("MAILSIM_HOSTILE_SLOWLORIS", 500);
  const std::size_t rounds = std::min(scale("MAILSIM_HOSTILE_SLOWLORIS_ROUNDS", 4), trickle.size());
  const std::size_t before = rss_kib();
  {
    std::vector<std::unique_ptr<RawPeer>> peers;
    for (std::size_t i = 0; i < count; ++i) peers.push_back(std::make_unique<RawPeer>(server.port()));
    for (std::size_t round = 0; round < rounds; ++round) {
      for (auto& peer : peers) ASSERT_TRUE(peer->try_send(trickle.substr(round, 1))) << "round " << round;
      ASSERT_EQ(session_problem(server.port()), "") << "round " << round;
    }
    // The well-behaved sessions are gone; every slow one is still being served.
    EXPECT_TRUE(server.wait_for_active_sessions(count, kWait));
    EXPECT_EQ(server.active_sessions(), count);
    const std::size_t growth = grown_since(before);
    EXPECT_LT(growth, count * 256) << "RSS grew by " << growth << " KiB for " << count << " connections";
    ::testing::Test::RecordProperty("rss_growth_kib", std::to_string(growth));
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
}

TEST(HostileSmtpServer, Slowloris) {
  auto config = smtp_config();
  config.max_sessions = scale("MAILSIM_HOSTILE_SLOWLORIS", 500) + 10;
  SmtpServer server(config);
  server.start();
  slowloris(server, "EHLO slow.example\r\n", smtp_session_problem);
}

TEST(HostileImapServer, Slowloris) {
  auto config = imap_config();
  config.max_sessions = scale("MAILSIM_HOSTILE_SLOWLORIS", 500) + 10;
  ImapServer server(config);
  server.start();
  slowloris(server, "a LOGIN alice secret\r\n", imap_session_problem);
}

// A record header and the start of a ClientHello: a handshake begun, never finished.
const std::string kPartialClientHello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);

// Thousands of connections to an implicit-TLS listener, each abandoned:
// half hang up without a byte, half after part of a ClientHello.
template <class Server, class TlsSession>
void abandoned_handshakes(Server& server, TlsSession complete_tls_session) {
  const std::size_t count = scale("MAILSIM_HOSTILE_TLS_ABANDON", 5000);
  const std::size_t before = rss_kib();
  for (std::size_t i = 0; i < count; ++i) {
    RawPeer peer(server.port());
    if (i % 2 == 1) {
      ASSERT_TRUE(peer.try_send(kPartialClientHello));
    }
    if (i % 1000 == 999) complete_tls_session();
  }
  complete_tls_session();
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
  const std::size_t growth = grown_since(before);
  EXPECT_LT(growth, 64 * 1024) << "RSS grew by " << growth << " KiB";
  ::testing::Test::RecordProperty("rss_growth_kib", std::to_string(growth));
}

TEST(HostileSmtpServer, ThousandsOfAbandonedTlsHandshakes) {
  SmtpServer server(smtp_config(Security::ssl_tls));
  server.start();
  abandoned_handshakes(server, [&] {
    mock::smtp_test::BlockingClient client(server.port());
    client.start_tls(server.ca_certificate_pem());
    EXPECT_EQ(client.read_reply().substr(0, 4), "220 ");
    EXPECT_EQ(client.command("EHLO good.example").substr(0, 4), "250-");
    EXPECT_EQ(client.command("MAIL FROM:<good@example.com>"), "250 2.1.0 Ok\r\n");
    EXPECT_EQ(client.command("RCPT TO:<rcpt@example.net>"), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(client.command("DATA").substr(0, 4), "354 ");
    EXPECT_EQ(client.command("hello\r\n.").substr(0, 4), "250 ");
    EXPECT_EQ(client.command("QUIT"), "221 2.0.0 Bye\r\n");
  });
}

TEST(HostileImapServer, ThousandsOfAbandonedTlsHandshakes) {
  ImapServer server(imap_config(Security::ssl_tls));
  server.start();
  abandoned_handshakes(server, [&] {
    mock::testing::BlockingClient client(server.port(),
                                         mock::testing::BlockingClient::trusting(server.ca_certificate_pem()));
    EXPECT_EQ(client.read_line().substr(0, 4), "* OK");
    EXPECT_EQ(client.command("a", "LOGIN alice secret").substr(0, 4), "a OK");
    EXPECT_NE(client.command("b", "SELECT INBOX").find("b OK"), std::string::npos);
    EXPECT_EQ(client.command("c", "LOGOUT"), "* BYE Logging out\r\nc OK Logout completed.\r\n");
  });
}

// Handshakes begun and then left hanging (the peer stays connected) are
// ended by the server's own timeout.
TEST(HostileSmtpServer, HangingTlsHandshakesTimeOut) {
  auto config = smtp_config(Security::ssl_tls);
  config.idle_timeout = 500ms;
  SmtpServer server(config);
  server.start();
  std::vector<std::unique_ptr<RawPeer>> peers;
  for (int i = 0; i < 50; ++i) {
    peers.push_back(std::make_unique<RawPeer>(server.port()));
    if (i % 2) {
      ASSERT_TRUE(peers.back()->try_send(kPartialClientHello));
    }
  }
  // The server hangs up on each (so each was admitted), then reaps them all.
  for (auto& peer : peers) EXPECT_TRUE(peer->wait_closed());
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
}

TEST(HostileImapServer, HangingTlsHandshakesTimeOut) {
  auto config = imap_config(Security::ssl_tls);
  config.io_timeout = 500ms;
  ImapServer server(config);
  server.start();
  std::vector<std::unique_ptr<RawPeer>> peers;
  for (int i = 0; i < 50; ++i) {
    peers.push_back(std::make_unique<RawPeer>(server.port()));
    if (i % 2) {
      ASSERT_TRUE(peers.back()->try_send(kPartialClientHello));
    }
  }
  // The server hangs up on each (so each was admitted), then reaps them all.
  for (auto& peer : peers) EXPECT_TRUE(peer->wait_closed());
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
}

// 127.0.0.2 plays one greedy client; the well-behaved one comes from 127.0.0.1.
TEST(HostileSmtpServer, OneAddressCannotTakeEverySlot) {
  auto config = smtp_config();
  config.max_sessions = 10;
  config.max_sessions_per_ip = 3;
  SmtpServer server(config);
  server.start();
  std::vector<std::unique_ptr<RawPeer>> greedy;
  for (int i = 0; i < 3; ++i) {
    greedy.push_back(std::make_unique<RawPeer>(server.port(), "127.0.0.2"));
    EXPECT_EQ(greedy.back()->read_line().substr(0, 4), "220 ");
  }
  {
    RawPeer refused(server.port(), "127.0.0.2");
    EXPECT_EQ(refused.read_line(), "421 4.7.0 localhost Error: too many connections from your address");
    EXPECT_TRUE(refused.wait_closed());
  }
  EXPECT_EQ(smtp_session_problem(server.port()), "");
  greedy.pop_back();
  ASSERT_TRUE(server.wait_for_active_sessions(2, kWait));
  RawPeer again(server.port(), "127.0.0.2");
  EXPECT_EQ(again.read_line().substr(0, 4), "220 ") << "a freed slot is given again";
  greedy.clear();
  {
    config.max_sessions = 1;
    config.max_sessions_per_ip = 0;
    SmtpServer small(config);
    small.start();
    RawPeer first(small.port());
    EXPECT_EQ(first.read_line().substr(0, 4), "220 ");
    RawPeer second(small.port(), "127.0.0.3");
    EXPECT_EQ(second.read_line(), "421 4.7.0 localhost Error: too many connections");
  }
}

TEST(HostileImapServer, OneAddressCannotTakeEverySlot) {
  auto config = imap_config();
  config.max_sessions = 10;
  config.max_sessions_per_ip = 3;
  ImapServer server(config);
  server.start();
  std::vector<std::unique_ptr<RawPeer>> greedy;
  for (int i = 0; i < 3; ++i) {
    greedy.push_back(std::make_unique<RawPeer>(server.port(), "127.0.0.2"));
    EXPECT_EQ(greedy.back()->read_line().substr(0, 4), "* OK");
  }
  {
    RawPeer refused(server.port(), "127.0.0.2");
    EXPECT_EQ(refused.read_line(), "* BYE Too many connections from your address.");
    EXPECT_TRUE(refused.wait_closed());
  }
  EXPECT_EQ(imap_session_problem(server.port()), "");
  greedy.clear();
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
}

// The client pipelines commands and never reads a reply.
TEST(HostileSmtpServer, ClientThatNeverReadsIsDroppedAtTheOutputBound) {
  auto config = smtp_config();
  config.max_queued_output = 8 * 1024;
  // Far beyond kWait: only the output bound can end the session in time.
  config.idle_timeout = std::chrono::minutes(10);
  SmtpServer server(config);
  server.start();
  {
    RawPeer attacker(server.port(), {}, 4096);
    ASSERT_EQ(attacker.read_line().substr(0, 4), "220 ") << "the session is up before the flood";
    attacker.send_until_blocked("EHLO x\r\n", 8 << 20);
    EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
    EXPECT_EQ(smtp_session_problem(server.port()), "");
  }
  // The flood filled the transcript; how the session ended is still there.
  const auto& flooded = *server.transcripts().at(0).transcript;
  EXPECT_TRUE(flooded.contains("the client is not reading")) << flooded.lines().back().text;
}

TEST(HostileSmtpServer, ClientThatNeverReadsIsDroppedWhenWritesStall) {
  auto config = smtp_config();
  config.idle_timeout = 1000ms;
  SmtpServer server(config);
  server.start();
  const std::size_t before = rss_kib();
  {
    RawPeer attacker(server.port(), {}, 4096);
    ASSERT_EQ(attacker.read_line().substr(0, 4), "220 ") << "the session is up before the flood";
    const std::size_t sent = attacker.send_until_blocked("NOOP\r\n", 256 << 20);
    EXPECT_LT(sent, std::size_t{256} << 20) << "the server must stop reading once its replies back up";
    EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
    EXPECT_EQ(smtp_session_problem(server.port()), "");
    RecordProperty("bytes_sent_before_blocked", std::to_string(sent));
  }
  EXPECT_LT(grown_since(before), 64 * 1024);
}

TEST(HostileImapServer, ClientThatNeverReadsIsDroppedWhenWritesStall) {
  auto config = imap_config();
  config.io_timeout = 1000ms;
  ImapServer server(config);
  server.start();
  const std::size_t before = rss_kib();
  {
    RawPeer attacker(server.port(), {}, 4096);
    ASSERT_EQ(attacker.read_line().substr(0, 4), "* OK") << "the session is up before the flood";
    const std::size_t sent = attacker.send_until_blocked("a CAPABILITY\r\n", 256 << 20);
    EXPECT_LT(sent, std::size_t{256} << 20) << "the server must stop reading once its replies back up";
    EXPECT_TRUE(server.wait_for_active_sessions(0, kWait)) << server.active_sessions() << " sessions left";
    EXPECT_EQ(imap_session_problem(server.port()), "");
    RecordProperty("bytes_sent_before_blocked", std::to_string(sent));
  }
  EXPECT_LT(grown_since(before), 64 * 1024);
}

}  // namespace
}  // namespace mailsim::hostile
