// AUTH with garbage and commands smuggled after STARTTLS, against the mock
// servers on real loopback sockets. The session must refuse cleanly and stay
// usable (or close), nothing smuggled may run, and every session is reaped.
#include <gtest/gtest.h>

#include <string>

#include "common/base64.hpp"
#include "hostile/hostile_support.hpp"
#include "hostile/raw_peer.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "unit/imap_server/blocking_client.hpp"
#include "unit/smtp_server/blocking_client.hpp"

namespace mailsim::hostile {
namespace {

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

TEST(HostileSmtpServer, GarbageBase64InAuth) {
  SmtpServer server(smtp_config());
  server.start();
  const std::string junk = base64_encode(std::string("\xff\xfe\x00\x01junk\x00\x00\x80", 11));
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("EHLO evil.example\r\n");
    attacker.read_until_line_starting("250 ");
    attacker.send("AUTH PLAIN !!!not*base64###\r\n");
    EXPECT_EQ(attacker.read_line(), "501 5.5.2 Cannot Base64-decode Client responses");
    attacker.send("AUTH LOGIN\r\n");
    EXPECT_EQ(attacker.read_line().substr(0, 4), "334 ");
    attacker.send("%%%%\r\n");
    EXPECT_EQ(attacker.read_line(), "501 5.5.2 Cannot Base64-decode Client responses");
    // Valid base64 of bytes that are no SASL message, for every mechanism.
    for (const char* mechanism : {"PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER"}) {
      attacker.send(std::string("AUTH ") + mechanism + "\r\n");
      std::string reply = attacker.read_line();
      for (int round = 0; round < 4 && reply.starts_with("334"); ++round) {
        attacker.send(junk + "\r\n");
        reply = attacker.read_line();
      }
      if (reply.starts_with("334")) {
        attacker.send("*\r\n");
        reply = attacker.read_line();
      }
      EXPECT_EQ(reply.substr(0, 1), "5") << mechanism << ": " << reply;
    }
    // A base64 line far beyond the AUTH bound is refused, not buffered.
    attacker.send("AUTH PLAIN " + std::string(1024 * 1024, 'Q') + "\r\n");
    EXPECT_EQ(attacker.read_line(), "500 5.5.6 Line too long");
    attacker.send("NOOP\r\n");
    EXPECT_EQ(attacker.read_line(), "250 2.0.0 Ok");
    EXPECT_EQ(smtp_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  for (const auto& t : server.transcripts()) EXPECT_FALSE(t.transcript->contains(junk));
}

TEST(HostileImapServer, GarbageBase64InAuthenticate) {
  ImapServer server(imap_config());
  server.start();
  const std::string junk = base64_encode(std::string("\xff\xfe\x00\x01junk\x00\x00\x80", 11));
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("a AUTHENTICATE PLAIN !!!not*base64###\r\n");
    EXPECT_EQ(attacker.read_until_line_starting("a ").substr(0, 5), "a BAD");
    attacker.send("b AUTHENTICATE PLAIN\r\n");
    EXPECT_EQ(attacker.read_line().substr(0, 1), "+");
    attacker.send("%%%%\r\n");
    EXPECT_EQ(attacker.read_until_line_starting("b ").substr(0, 5), "b BAD");
    int tag = 0;
    for (const char* mechanism : {"PLAIN", "XOAUTH2", "OAUTHBEARER"}) {
      const std::string t = "m" + std::to_string(tag++);
      attacker.send(t + " AUTHENTICATE " + mechanism + " " + junk + "\r\n");
      std::string line = attacker.read_line();
      if (line.starts_with("+")) {  // an OAuth error challenge wants one more (empty) line
        attacker.send("\r\n");
        line = attacker.read_until_line_starting(t + " ");
      }
      EXPECT_TRUE(line.starts_with(t + " NO") || line.starts_with(t + " BAD")) << mechanism << ": " << line;
    }
    attacker.send("c AUTHENTICATE PLAIN " + std::string(1024 * 1024, 'Q') + "\r\n");
    EXPECT_NE(attacker.read_until_line_starting("* BAD").find("TOOBIG"), std::string::npos);
    attacker.send("d LOGIN alice secret\r\n");
    EXPECT_EQ(attacker.read_until_line_starting("d ").substr(0, 4), "d OK");
    EXPECT_EQ(imap_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  for (const auto& t : server.transcripts()) EXPECT_FALSE(t->contains(junk));
}

TEST(HostileSmtpServer, CommandsAfterStartTlsInTheSamePacketNeverRun) {
  SmtpServer server(smtp_config(Security::starttls));
  server.start();
  {
    mock::smtp_test::BlockingClient attacker(server.port());
    attacker.read_reply();
    attacker.command("EHLO evil.example");
    attacker.send("STARTTLS\r\nRSET\r\nNOOP\r\nMAIL FROM:<evil@evil.example>\r\n");
    EXPECT_EQ(attacker.read_reply(), "220 2.0.0 Ready to start TLS\r\n");
    attacker.start_tls(server.ca_certificate_pem());
    // Any reply to the smuggled commands would come before QUIT's.
    EXPECT_EQ(attacker.command("QUIT"), "221 2.0.0 Bye\r\n");
    EXPECT_TRUE(attacker.closed_by_server());
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  const auto transcripts = server.transcripts();
  ASSERT_EQ(transcripts.size(), 1u);
  const auto& t = *transcripts[0].transcript;
  EXPECT_TRUE(t.contains("discarded")) << t.render();
  EXPECT_FALSE(t.contains("RSET")) << t.render();
  EXPECT_FALSE(t.contains("evil@evil.example")) << t.render();
}

TEST(HostileSmtpServer, PlaintextInsteadOfTheClientHelloEndsTheSession) {
  SmtpServer server(smtp_config(Security::starttls));
  server.start();
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("EHLO evil.example\r\n");
    attacker.read_until_line_starting("250 ");
    attacker.send("STARTTLS\r\n");
    EXPECT_EQ(attacker.read_line(), "220 2.0.0 Ready to start TLS");
    attacker.send("MAIL FROM:<evil@evil.example>\r\n");  // a separate packet, still plaintext
    EXPECT_TRUE(attacker.wait_closed());
    EXPECT_EQ(smtp_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  EXPECT_TRUE(server.transcripts().at(0).transcript->contains("TLS handshake failed"));
}

TEST(HostileImapServer, CommandsAfterStartTlsInTheSamePacketNeverRun) {
  ImapServer server(imap_config(Security::starttls));
  server.start();
  {
    mock::testing::BlockingClient attacker(server.port());
    attacker.read_line();
    attacker.write("b STARTTLS\r\nx LOGIN alice secret\r\ny SELECT INBOX\r\nz NOOP\r\n");
    EXPECT_EQ(attacker.read_response("b"), "b OK Begin TLS negotiation now.\r\n");
    attacker.start_tls(mock::testing::BlockingClient::trusting(server.ca_certificate_pem()));
    // Not logged in: the smuggled LOGIN never ran, and nothing answers x, y or z.
    const std::string select = attacker.command("c", "SELECT INBOX");
    EXPECT_TRUE(select.starts_with("c BAD") || select.starts_with("c NO")) << select;
    EXPECT_EQ(attacker.command("d", "LOGOUT"), "* BYE Logging out\r\nd OK Logout completed.\r\n");
    EXPECT_TRUE(attacker.at_eof());
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  const std::string t = server.transcripts().at(0)->render();
  EXPECT_EQ(t.find("x LOGIN"), std::string::npos) << t;
  EXPECT_EQ(t.find("z NOOP"), std::string::npos) << t;
}

TEST(HostileImapServer, PlaintextInsteadOfTheClientHelloEndsTheSession) {
  ImapServer server(imap_config(Security::starttls));
  server.start();
  {
    RawPeer attacker(server.port());
    attacker.read_line();
    attacker.send("b STARTTLS\r\n");
    EXPECT_EQ(attacker.read_line(), "b OK Begin TLS negotiation now.");
    attacker.send("x LOGIN alice secret\r\n");
    EXPECT_TRUE(attacker.wait_closed());
    EXPECT_EQ(imap_session_problem(server.port()), "");
  }
  EXPECT_TRUE(server.wait_for_active_sessions(0, kWait));
  EXPECT_TRUE(server.transcripts().at(0)->contains("tls handshake failed"));
}

}  // namespace
}  // namespace mailsim::hostile
