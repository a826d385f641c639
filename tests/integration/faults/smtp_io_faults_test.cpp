// Connection-level faults on a real SMTP listener: what the client sees
// (bytes, reason code, a closed connection) and what the server recorded.
#include <gtest/gtest.h>

#include "client/smtp/smtp_client.hpp"
#include "fault_world.hpp"
#include "raw_client.hpp"

namespace mailsim::faults_test {
namespace {

using namespace std::chrono_literals;
using client::Reason;
using client::Stage;
using client::smtp::SmtpClient;
using client::smtp::SmtpClientOptions;

constexpr std::string_view kGreeting = "220 localhost ESMTP mailsim\r\n";

SmtpClientOptions options_for(const SmtpWorld& world, client::Security security = client::Security::none) {
  SmtpClientOptions options;
  options.host = "localhost";
  options.port = world.server->port();
  options.security = security;
  options.tls.ca_pem = world.server->ca_certificate_pem();
  options.timeouts.command = 10s;
  return options;
}

std::string describe(const client::smtp::SmtpResult& r) { return r.failure ? client::describe(*r.failure) : "ok"; }

TEST(SmtpIoFaults, DelayedGreetingStillSucceeds) {
  SmtpWorld world;
  auto r = rule(Trigger::greeting, ActionKind::delay);
  r.action.duration = 30ms;
  world.engine->add(r);
  const auto result = SmtpClient(options_for(world)).test();
  EXPECT_TRUE(result.ok()) << describe(result);
  EXPECT_NE(world.transcripts().find("fault: output delayed 30 ms"), std::string::npos) << world.transcripts();
}

TEST(SmtpIoFaults, DelayWithAReplySendsThatReplyLate) {
  SmtpWorld world;
  auto r = rule(Trigger::command, ActionKind::delay, {"MAIL"});
  r.action.duration = 20ms;
  r.action.reply = "451 4.3.0 Try again later";
  world.engine->add(r);
  RawClient raw(world.server->port());
  EXPECT_EQ(raw.read_through("\r\n"), kGreeting);
  raw.send("HELO client\r\n");
  raw.read_through("\r\n");
  raw.send("MAIL FROM:<a@example.com>\r\n");
  EXPECT_EQ(raw.read_through("\r\n"), "451 4.3.0 Try again later\r\n");
}

TEST(SmtpIoFaults, TarpitWithinTheTimeoutDeliversEveryByte) {
  SmtpWorld world;
  auto r = rule(Trigger::greeting, ActionKind::tarpit);
  r.action.duration = 30ms;
  world.engine->add(r);
  RawClient raw(world.server->port());
  EXPECT_EQ(raw.read_through("\r\n"), kGreeting);
  EXPECT_NE(world.transcripts().find("fault: tarpit: 29 bytes"), std::string::npos) << world.transcripts();
}

TEST(SmtpIoFaults, TarpitBeyondTheClientsTimeoutIsTimeoutAndStopDoesNotWait) {
  SmtpWorld world;
  auto r = rule(Trigger::greeting, ActionKind::tarpit);
  r.action.duration = 1h;  // a piece every two minutes
  world.engine->add(r);
  auto options = options_for(world);
  options.timeouts.command = 200ms;
  const auto result = SmtpClient(options).test();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::timeout) << describe(result);
  EXPECT_EQ(result.failure->stage, Stage::greeting) << describe(result);
  world.server->stop();  // the tarpit's wait is cancelled; a hang fails the test by its ctest timeout
}

TEST(SmtpIoFaults, DropMidResponseSendsTheFirstHalfThenCloses) {
  SmtpWorld world;
  auto r = rule(Trigger::command, ActionKind::drop_mid_response, {"EHLO"});
  r.match.scope = mock::faults::Scope::listener;
  r.match.nth = 1;
  world.engine->add(r);
  RawClient cut(world.server->port());
  cut.read_through("\r\n");
  cut.send("EHLO client\r\n");
  const std::string partial = cut.read_to_end();

  RawClient whole(world.server->port());  // the rule fired once: the normal reply
  whole.read_through("\r\n");
  whole.send("EHLO client\r\n");
  const std::string full = whole.read_through("250 DSN\r\n");
  ASSERT_GT(full.size(), 20u);
  EXPECT_EQ(partial, full.substr(0, full.size() / 2));
  EXPECT_NE(world.transcripts().find("dropped the connection after"), std::string::npos) << world.transcripts();
}

TEST(SmtpIoFaults, DisconnectAfterBytesCutsTheGreetingAndTheClientSeesConnectionLost) {
  SmtpWorld world;
  auto r = rule(Trigger::connect, ActionKind::disconnect_after_bytes);
  r.action.bytes = 10;
  world.engine->add(r);
  RawClient raw(world.server->port());
  EXPECT_EQ(raw.read_to_end(), kGreeting.substr(0, 10));

  const auto result = SmtpClient(options_for(world)).test();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::connection_lost) << describe(result);
}

TEST(SmtpIoFaults, DisconnectAfterBytesCountsAcrossReplies) {
  SmtpWorld world;
  auto r = rule(Trigger::connect, ActionKind::disconnect_after_bytes);
  r.action.bytes = kGreeting.size() + 4;
  world.engine->add(r);
  RawClient raw(world.server->port());
  EXPECT_EQ(raw.read_through("\r\n"), kGreeting);
  raw.send("NOOP\r\n");
  EXPECT_EQ(raw.read_to_end(), "250 ");
}

TEST(SmtpIoFaults, StalledStarttlsHandshakeIsATlsTimeout) {
  SmtpWorld world(mock::Security::starttls);
  world.engine->add(rule(Trigger::tls_handshake, ActionKind::stall_tls_handshake));
  auto options = options_for(world, client::Security::starttls);
  options.timeouts.command = 200ms;
  const auto result = SmtpClient(options).test();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::timeout) << describe(result);
  EXPECT_EQ(result.failure->stage, Stage::tls) << describe(result);
  EXPECT_NE(world.transcripts().find("TLS handshake stalled"), std::string::npos) << world.transcripts();
}

TEST(SmtpIoFaults, ShortTlsStallThenTheHandshakeSucceeds) {
  SmtpWorld world(mock::Security::starttls);
  auto r = rule(Trigger::tls_handshake, ActionKind::stall_tls_handshake);
  r.action.duration = 20ms;
  world.engine->add(r);
  const auto result = SmtpClient(options_for(world, client::Security::starttls)).test();
  EXPECT_TRUE(result.ok()) << describe(result);
  EXPECT_NE(world.transcripts().find("TLS handshake stalled for 20 ms"), std::string::npos) << world.transcripts();
}

TEST(SmtpIoFaults, StopEndsADelayThatHoldsAConnection) {
  SmtpWorld world;
  auto r = rule(Trigger::greeting, ActionKind::delay);
  r.action.duration = 1h;
  world.engine->add(r);
  RawClient raw(world.server->port());
  ASSERT_TRUE(world.greeted.wait(1, 10s));
  world.server->stop();  // must not wait the hour
  EXPECT_EQ(raw.read_to_end(), "");
}

}  // namespace
}  // namespace mailsim::faults_test
