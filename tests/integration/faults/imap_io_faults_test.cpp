// Connection-level faults on a real IMAP listener: what the client sees
// (bytes, reason code, a closed connection) and what the server recorded.
#include <gtest/gtest.h>

#include "client/imap/imap_client.hpp"
#include "fault_world.hpp"
#include "raw_client.hpp"

namespace mailsim::faults_test {
namespace {

using namespace std::chrono_literals;
using client::Reason;
using client::Stage;
using client::imap::ImapClient;
using client::imap::ImapClientOptions;

ImapClientOptions options_for(const ImapWorld& world, client::Security security = client::Security::none) {
  ImapClientOptions options;
  options.host = "localhost";
  options.port = world.server->port();
  options.security = security;
  options.tls.ca_pem = world.server->ca_certificate_pem();
  options.credentials = sasl::ClientCredentials{.user = kUser, .password = kPassword};
  options.timeouts.connect = 10s;
  options.timeouts.command = 10s;
  return options;
}

std::string why(const std::optional<client::Failure>& f) { return f ? client::describe(*f) : "ok"; }

template <class T>
std::string why(const client::imap::Result<T>& r) {
  return r.ok() ? "ok" : client::describe(r.failure());
}

// Logs in, selects INBOX and asks for message 1; the response is the caller's to read.
void fetch_over(RawClient& raw) {
  raw.read_through("\r\n");
  raw.send("a LOGIN alice alice-pass\r\n");
  raw.read_through("a OK");
  raw.read_through("\r\n");
  raw.send("b SELECT INBOX\r\n");
  raw.read_through("b OK");
  raw.read_through("\r\n");
  raw.send("c UID FETCH 1 BODY.PEEK[]\r\n");
}

TEST(ImapIoFaults, DelayedFetchStillFetches) {
  ImapWorld world;
  auto r = rule(Trigger::command, ActionKind::delay, {"FETCH"});
  r.action.duration = 30ms;
  world.engine->add(r);
  ImapClient client(options_for(world));
  const auto opened = client.open();
  ASSERT_FALSE(opened) << why(opened);
  ASSERT_TRUE(client.select("INBOX").ok());
  const auto message = client.fetch_message(1);
  ASSERT_TRUE(message.ok()) << why(message);
  EXPECT_EQ(message.value(), kMessage);
  EXPECT_NE(world.transcripts().find("fault: output delayed 30 ms"), std::string::npos) << world.transcripts();
}

TEST(ImapIoFaults, DropMidFetchSendsHalfTheResponseThenCloses) {
  ImapWorld world;
  auto r = rule(Trigger::command, ActionKind::drop_mid_response, {"FETCH"});
  r.match.scope = mock::faults::Scope::listener;
  r.match.nth = 1;
  world.engine->add(r);
  RawClient cut(world.server->port());
  fetch_over(cut);
  const std::string partial = cut.read_to_end();

  RawClient whole(world.server->port());
  fetch_over(whole);
  const std::string full = whole.read_through("c OK Fetch completed.\r\n");
  ASSERT_NE(full.find(kMessage), std::string::npos) << full;
  EXPECT_EQ(partial, full.substr(0, full.size() / 2));
  // The cut lands inside the message literal.
  EXPECT_GT(partial.size(), full.find(kMessage));
}

TEST(ImapIoFaults, DropMidFetchIsConnectionLostForTheClient) {
  ImapWorld world;
  world.engine->add(rule(Trigger::command, ActionKind::drop_mid_response, {"FETCH"}));
  ImapClient client(options_for(world));
  const auto opened = client.open();
  ASSERT_FALSE(opened) << why(opened);
  ASSERT_TRUE(client.select("INBOX").ok());
  const auto message = client.fetch_message(1);
  ASSERT_FALSE(message.ok());
  EXPECT_EQ(message.failure().reason, Reason::connection_lost) << why(message);
}

TEST(ImapIoFaults, TarpitBeyondTheClientsTimeoutIsTimeout) {
  ImapWorld world;
  auto r = rule(Trigger::greeting, ActionKind::tarpit);
  r.action.duration = 1h;
  world.engine->add(r);
  auto options = options_for(world);
  options.timeouts.command = 200ms;
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::timeout) << why(failure);
  EXPECT_EQ(failure->stage, Stage::greeting) << why(failure);
  world.server->stop();
}

TEST(ImapIoFaults, TarpitWithinTheTimeoutDeliversEveryByte) {
  ImapWorld world;
  auto r = rule(Trigger::command, ActionKind::tarpit, {"FETCH"});
  r.action.duration = 30ms;
  world.engine->add(r);
  ImapClient client(options_for(world));
  const auto opened = client.open();
  ASSERT_FALSE(opened) << why(opened);
  ASSERT_TRUE(client.select("INBOX").ok());
  const auto message = client.fetch_message(1);
  ASSERT_TRUE(message.ok()) << why(message);
  EXPECT_EQ(message.value(), kMessage);
  EXPECT_NE(world.transcripts().find("fault: tarpit"), std::string::npos) << world.transcripts();
}

TEST(ImapIoFaults, BlackholedGreetingIsATimeout) {
  ImapWorld world;
  world.engine->add(rule(Trigger::connect, ActionKind::blackhole));
  auto options = options_for(world);
  options.timeouts.command = 200ms;
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::timeout) << why(failure);
  EXPECT_EQ(world.transcripts().find("S: * OK"), std::string::npos) << world.transcripts();
}

TEST(ImapIoFaults, StopEndsABlackholedConnection) {
  ImapWorld world;
  world.engine->add(rule(Trigger::connect, ActionKind::blackhole));
  RawClient raw(world.server->port());
  ASSERT_TRUE(world.greeted.wait(1, 10s));
  raw.send("a NOOP\r\n");
  world.server->stop();
  EXPECT_EQ(raw.read_to_end(), "");
}

TEST(ImapIoFaults, ResetOnLoginEndsWithARst) {
  ImapWorld world;
  world.engine->add(rule(Trigger::command, ActionKind::reset, {"LOGIN"}));
  RawClient raw(world.server->port());
  raw.read_through("\r\n");
  raw.send("a LOGIN alice alice-pass\r\n");
  EXPECT_EQ(raw.read_to_end(), "");
  EXPECT_TRUE(raw.reset_seen());

  ImapClient client(options_for(world));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::connection_lost) << why(failure);
}

TEST(ImapIoFaults, StalledStarttlsHandshakeIsATlsTimeout) {
  ImapWorld world(mock::Security::starttls);
  world.engine->add(rule(Trigger::tls_handshake, ActionKind::stall_tls_handshake));
  auto options = options_for(world, client::Security::starttls);
  options.timeouts.connect = 200ms;  // the IMAP client's handshake bound
  options.timeouts.command = 200ms;
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::timeout) << why(failure);
  EXPECT_EQ(failure->stage, Stage::tls) << why(failure);
  EXPECT_NE(world.transcripts().find("TLS handshake stalled"), std::string::npos) << world.transcripts();
}

TEST(ImapIoFaults, DisconnectAfterBytesIsConnectionLost) {
  ImapWorld world;
  auto r = rule(Trigger::command, ActionKind::disconnect_after_bytes, {"SELECT"});
  r.action.bytes = 12;
  world.engine->add(r);
  ImapClient client(options_for(world));
  const auto opened = client.open();
  ASSERT_FALSE(opened) << why(opened);
  const auto selected = client.select("INBOX");
  ASSERT_FALSE(selected.ok());
  EXPECT_EQ(selected.failure().reason, Reason::connection_lost) << why(selected);
  EXPECT_NE(world.transcripts().find("disconnected after the byte budget (12 of"), std::string::npos)
      << world.transcripts();
}

}  // namespace
}  // namespace mailsim::faults_test
