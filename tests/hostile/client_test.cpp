// Our client against scripted hostile servers: endless continuations, a
// 1 GB literal announcement, garbage where the TLS ServerHello belongs, a
// 1 MB reply line, a reply that stops mid-line, a handshake that never
// ends. The client must end each with its reason code (within its own
// small, configured timeout) and with bounded memory.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "client/imap/imap_client.hpp"
#include "client/smtp/smtp_client.hpp"
#include "hostile/hostile_support.hpp"
#include "hostile/scripted_server.hpp"

namespace mailsim::hostile {
namespace {

using namespace std::chrono_literals;
using client::Reason;
using client::Stage;

// Data-flowing cases get a roomy command timeout (a loaded machine must not
// turn protocol_error into timeout); stalling cases a short one.
constexpr net::Millis kFlowing = 5'000ms;
constexpr net::Millis kStalling = 300ms;
constexpr std::size_t kMemoryBoundKib = 64 * 1024;

client::smtp::SmtpClientOptions smtp_options(const ScriptedServer& server, client::Security security,
                                             net::Millis command) {
  client::smtp::SmtpClientOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.security = security;
  o.tls.verify = false;  // the scripted servers have no certificate to check
  o.timeouts.connect = 10'000ms;
  o.timeouts.command = command;
  o.timeouts.overall = 60'000ms;
  return o;
}

client::imap::ImapClientOptions imap_options(const ScriptedServer& server, client::Security security,
                                             net::Millis command) {
  client::imap::ImapClientOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.security = security;
  o.tls.verify = false;
  o.timeouts.connect = command;  // also bounds each TLS handshake
  o.timeouts.command = command;
  o.timeouts.overall = 60'000ms;
  return o;
}

// Runs f and returns the failure it produced, checking memory on the way.
template <class F>
client::Failure failure_of(F f) {
  const std::size_t before = rss_kib();
  const std::optional<client::Failure> failure = f();
  const std::size_t after = rss_kib();
  EXPECT_LT(after > before ? after - before : 0, kMemoryBoundKib) << "RSS before " << before << " after " << after;
  if (!failure) {
    ADD_FAILURE() << "the client succeeded against a hostile server";
    return {};
  }
  return *failure;
}

const std::string kImapGreeting = "* OK [CAPABILITY IMAP4rev1 STARTTLS LITERAL+] hostile\r\n";

// Greets, then hands the client's first command (NOOP) to answer.
template <class Answer>
ScriptedServer::Script imap_noop_script(Answer answer) {
  return [answer](ScriptedConnection& c) {
    if (!c.send(kImapGreeting)) return;
    const auto noop = c.read_line();
    if (!noop) return;
    answer(c, noop->substr(0, noop->find(' ')));
  };
}

// Opens (greeting only: the capabilities came with it), then NOOP.
client::imap::ImapClient::Done imap_noop(client::imap::ImapClientOptions options) {
  client::imap::ImapClient client(std::move(options));
  if (auto failure = client.open()) return failure;
  return client.noop();
}

// ------------------------------------------------------------------ SMTP

TEST(HostileServerForSmtpClient, EndlessContinuation) {
  ScriptedServer server([](ScriptedConnection& c) { c.send_forever("220-hostile says hello again and again\r\n"); });
  const auto f = failure_of(
      [&] { return client::smtp::SmtpClient(smtp_options(server, client::Security::none, kFlowing)).test().failure; });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
  EXPECT_EQ(f.stage, Stage::greeting);
}

TEST(HostileServerForSmtpClient, OneMegabyteReplyLine) {
  ScriptedServer server([](ScriptedConnection& c) {
    if (c.send("220 " + std::string(1024 * 1024, 'x') + "\r\n")) c.drain();
  });
  const auto f = failure_of(
      [&] { return client::smtp::SmtpClient(smtp_options(server, client::Security::none, kFlowing)).test().failure; });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
}

TEST(HostileServerForSmtpClient, ReplyStopsMidLineForever) {
  ScriptedServer server([](ScriptedConnection& c) {
    if (c.send("220 hostile ESMTP")) c.drain();  // no CRLF, ever
  });
  const auto f = failure_of(
      [&] { return client::smtp::SmtpClient(smtp_options(server, client::Security::none, kStalling)).test().failure; });
  EXPECT_EQ(f.reason, Reason::timeout) << client::describe(f);
  EXPECT_EQ(f.stage, Stage::greeting);
}

TEST(HostileServerForSmtpClient, GarbageAfterStartTlsReady) {
  ScriptedServer server([](ScriptedConnection& c) {
    if (!c.send("220 hostile ESMTP\r\n") || !c.read_line()) return;
    if (!c.send("250-hostile\r\n250 STARTTLS\r\n") || !c.read_line()) return;
    // Plaintext where the ServerHello belongs, the first of it in the 220's packet.
    if (c.send("220 2.0.0 go ahead\r\n250 injected\r\n") && c.send(std::string(4096, 'G') + "\r\n")) c.drain();
  });
  const auto f = failure_of([&] {
    return client::smtp::SmtpClient(smtp_options(server, client::Security::starttls, kFlowing)).test().failure;
  });
  EXPECT_EQ(f.reason, Reason::starttls_failed) << client::describe(f);
  EXPECT_EQ(f.stage, Stage::tls);
}

TEST(HostileServerForSmtpClient, TlsHandshakeNeverFinishes) {
  ScriptedServer server([](ScriptedConnection& c) { c.drain(); });  // reads the ClientHello, answers nothing
  const auto f = failure_of([&] {
    return client::smtp::SmtpClient(smtp_options(server, client::Security::ssl_tls, kStalling)).test().failure;
  });
  EXPECT_EQ(f.reason, Reason::timeout) << client::describe(f);
  EXPECT_EQ(f.stage, Stage::tls);
}

// ------------------------------------------------------------------ IMAP

TEST(HostileServerForImapClient, EndlessContinuation) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string&) {
    if (c.send("+ ")) c.send_forever(std::string(64 * 1024, 'A'));
  }));
  auto options = imap_options(server, client::Security::none, kFlowing);
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
}

TEST(HostileServerForImapClient, EndlessContinuationRequests) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string&) {
    c.send_forever("+ send more\r\n");
  }));
  auto options = imap_options(server, client::Security::none, kFlowing);
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
}

TEST(HostileServerForImapClient, OneGigabyteLiteralAnnounced) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string&) {
    if (c.send("* 1 FETCH (UID 1 BODY[] {1073741824}\r\n")) c.send_forever(std::string(64 * 1024, 'x'));
  }));
  auto options = imap_options(server, client::Security::none, kFlowing);
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
}

TEST(HostileServerForImapClient, OneMegabyteResponseLineOverTheConfiguredLimit) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string&) {
    if (c.send("* OK " + std::string(1024 * 1024, 'x') + "\r\n")) c.drain();
  }));
  auto options = imap_options(server, client::Security::none, kFlowing);
  options.limits.max_line = 256 * 1024;
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
}

TEST(HostileServerForImapClient, ResponseStopsMidLineForever) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string& tag) {
    if (c.send(tag + " OK NOOP compl")) c.drain();
  }));
  auto options = imap_options(server, client::Security::none, kStalling);
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::timeout) << client::describe(f);
}

TEST(HostileServerForImapClient, NestingBombIsRefusedWithoutRecursingIntoIt) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string& tag) {
    const std::string bomb = "* 1 FETCH (UID 1 BODYSTRUCTURE " + std::string(1024 * 1024, '(') + "\r\n";
    if (c.send(bomb) && c.send(tag + " OK NOOP completed\r\n")) c.drain();
  }));
  auto options = imap_options(server, client::Security::none, kFlowing);
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::protocol_error) << client::describe(f);
}

// Untagged data forever keeps every read busy: only the overall timeout ends it.
TEST(HostileServerForImapClient, EndlessUntaggedResponsesEndAtTheOverallTimeout) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string&) {
    c.send_forever("* OK still not done\r\n* 3 EXISTS\r\n");
  }));
  auto options = imap_options(server, client::Security::none, kFlowing);
  options.timeouts.overall = 500ms;
  const auto f = failure_of([&] { return imap_noop(options); });
  EXPECT_EQ(f.reason, Reason::timeout) << client::describe(f);
}

TEST(HostileServerForImapClient, GarbageAfterStartTlsOk) {
  ScriptedServer server(imap_noop_script([](ScriptedConnection& c, const std::string& tag) {
    if (c.send(tag + " OK Begin TLS now\r\n* OK injected\r\n") && c.send(std::string(4096, 'G') + "\r\n")) c.drain();
  }));
  auto options = imap_options(server, client::Security::starttls, kFlowing);
  const auto f = failure_of([&] {
    client::imap::ImapClient client(options);
    return client.open();
  });
  EXPECT_EQ(f.reason, Reason::starttls_failed) << client::describe(f);
  EXPECT_EQ(f.stage, Stage::tls);
}

TEST(HostileServerForImapClient, TlsHandshakeNeverFinishes) {
  ScriptedServer server([](ScriptedConnection& c) { c.drain(); });
  auto options = imap_options(server, client::Security::ssl_tls, kStalling);
  const auto f = failure_of([&] {
    client::imap::ImapClient client(options);
    return client.open();
  });
  EXPECT_EQ(f.reason, Reason::timeout) << client::describe(f);
  EXPECT_EQ(f.stage, Stage::tls);
}

}  // namespace
}  // namespace mailsim::hostile
