// Test Connection against the in-process mocks: each reason code produced
// for real, on both sides where the fault exists for both protocols.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <tuple>

#include "client/connector/test_connection.hpp"
#include "client/connector/test_connection_format.hpp"
#include "integration/connector/connector_fixture.hpp"

namespace {

using namespace mailsim;
using client::Reason;
using client::SideReport;
using client::Stage;
using client::TestConnectionReport;
using test::MockPair;

// Neither password may appear anywhere in what Test Connection reports.
void expect_no_secrets(const TestConnectionReport& report) {
  const std::string text =
      client::format_test_connection(report, true) + client::test_connection_json(report, true).dump();
  for (const char* secret : {test::kSmtpPassword, test::kImapPassword}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
  }
}

void expect_failed(const SideReport& side, Reason reason, Stage stage) {
  ASSERT_FALSE(side.ok()) << client::to_string(side.side) << " passed";
  EXPECT_EQ(client::to_string(side.failure->reason), client::to_string(reason)) << client::describe(*side.failure);
  EXPECT_EQ(client::to_string(side.failure->stage), client::to_string(stage)) << client::describe(*side.failure);
  EXPECT_FALSE(side.failure->hint.empty() && client::default_hint(reason).empty());
  // The stages before the failed one were passed, the failed one was not.
  const auto failed = std::find(side.stages.begin(), side.stages.end(), stage);
  ASSERT_NE(failed, side.stages.end());
  EXPECT_EQ(side.stages_passed, std::vector<Stage>(side.stages.begin(), failed));
}

TestConnectionReport run(const client::ConnectionConfig& connection) {
  auto report = client::test_connection(connection, test::trusting_options());
  expect_no_secrets(report);
  return report;
}

TEST(TestConnection, BothSidesPassEveryStage) {
  MockPair mocks(test::smtp_config(mock::Security::starttls), test::imap_config(mock::Security::ssl_tls));
  const auto report = run(mocks.connection);
  ASSERT_TRUE(report.ok()) << client::format_test_connection(report, true);
  for (const auto* side : {&report.outbound, &report.inbound}) {
    EXPECT_EQ(side->stages_passed, side->stages);
    EXPECT_EQ(side->stage(), Stage::logout);
    EXPECT_FALSE(side->greeting.empty());
    EXPECT_FALSE(side->tls_version.empty());
    EXPECT_FALSE(side->auth_mechanism.empty());
  }
  const std::vector<Stage> smtp_stages = {Stage::resolve,      Stage::connect,  Stage::greeting,
                                          Stage::capabilities, Stage::starttls, Stage::tls,
                                          Stage::authenticate, Stage::command,  Stage::logout};
  EXPECT_EQ(report.outbound.stages, smtp_stages);
  EXPECT_EQ(report.outbound.command, "NOOP");
  EXPECT_EQ(report.inbound.command, "EXAMINE INBOX");
  // The harmless commands really ran.
  bool noop = false;
  for (const auto& line : report.outbound.transcript) noop = noop || line == "C: NOOP";
  EXPECT_TRUE(noop);
  bool examine = false;
  for (const auto& line : report.inbound.transcript)
    examine = examine || line.find("EXAMINE INBOX") != std::string::npos;
  EXPECT_TRUE(examine);
}

TEST(TestConnection, RunsBothSidesAtOnce) {
  // Each server holds its greeting until the other side has connected: run
  // one after the other, the first would wait in vain.
  std::mutex mutex;
  std::condition_variable changed;
  bool smtp_connected = false, imap_connected = false;
  bool smtp_saw_imap = false, imap_saw_smtp = false;
  const auto meet = [&](bool& mine, bool& other, bool& saw) {
    std::unique_lock lock(mutex);
    mine = true;
    changed.notify_all();
    saw = changed.wait_for(lock, std::chrono::seconds(10), [&] { return other; });
  };
  auto smtp_hooks = std::make_shared<test::FunctionSmtpHooks>();
  smtp_hooks->connect = [&] {
    meet(smtp_connected, imap_connected, smtp_saw_imap);
    return mock::SmtpHookAction{};
  };
  auto imap_hooks = std::make_shared<test::FunctionImapHooks>();
  imap_hooks->connect = [&] {
    meet(imap_connected, smtp_connected, imap_saw_smtp);
    return mock::HookAction{};
  };
  auto smtp = test::smtp_config();
  smtp.hooks = smtp_hooks;
  auto imap = test::imap_config();
  imap.hooks = imap_hooks;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  EXPECT_TRUE(report.ok()) << client::format_test_connection(report);
  EXPECT_TRUE(smtp_saw_imap);
  EXPECT_TRUE(imap_saw_smtp);
}

TEST(TestConnection, ConnectRefused) {
  auto connection =
      test::connection_to(test::closed_port(), client::Security::none, test::closed_port(), client::Security::none);
  const auto report = run(connection);
  expect_failed(report.outbound, Reason::connect_refused, Stage::connect);
  expect_failed(report.inbound, Reason::connect_refused, Stage::connect);
}

TEST(TestConnection, ConnectTimeoutWhenSynsGoUnanswered) {
  test::FullBacklogListener smtp, imap;
  auto connection = test::connection_to(smtp.port(), client::Security::none, imap.port(), client::Security::none);
  connection.timeouts.connect = std::chrono::milliseconds(300);
  const auto report = run(connection);
  expect_failed(report.outbound, Reason::connect_timeout, Stage::connect);
  expect_failed(report.inbound, Reason::connect_timeout, Stage::connect);
}

TEST(TestConnection, TimeoutWhenTheServerNeverGreets) {
  test::FakeServer smtp(""), imap("");
  auto connection = test::connection_to(smtp.port(), client::Security::none, imap.port(), client::Security::none);
  connection.timeouts.command = std::chrono::milliseconds(300);
  const auto report = run(connection);
  expect_failed(report.outbound, Reason::timeout, Stage::greeting);
  expect_failed(report.inbound, Reason::timeout, Stage::greeting);
}

TEST(TestConnection, ProtocolErrorWhenTheServerSpeaksGarbage) {
  test::FakeServer smtp("HTTP/1.1 400 Bad Request\r\n\r\n"), imap("SSH-2.0-OpenSSH_9.2\r\n");
  const auto connection = test::connection_to(smtp.port(), client::Security::none, imap.port(), client::Security::none);
  const auto report = run(connection);
  expect_failed(report.outbound, Reason::protocol_error, Stage::greeting);
  expect_failed(report.inbound, Reason::protocol_error, Stage::greeting);
}

class CertificateFault : public ::testing::TestWithParam<std::tuple<mock::CertificateKind, Reason>> {};

TEST_P(CertificateFault, IsNamedOnBothSides) {
  const auto [kind, reason] = GetParam();
  // SMTP through STARTTLS, IMAP through implicit TLS: both TLS paths.
  auto smtp = test::smtp_config(mock::Security::starttls);
  smtp.tls.certificate = kind;
  auto imap = test::imap_config(mock::Security::ssl_tls);
  imap.tls.certificate = kind;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, reason, Stage::tls);
  expect_failed(report.inbound, reason, Stage::tls);
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, CertificateFault,
    ::testing::Values(std::tuple{mock::CertificateKind::self_signed, Reason::tls_cert_untrusted},
                      std::tuple{mock::CertificateKind::expired, Reason::tls_cert_expired},
                      std::tuple{mock::CertificateKind::not_yet_valid, Reason::tls_cert_not_yet_valid},
                      std::tuple{mock::CertificateKind::wrong_host, Reason::tls_hostname_mismatch}),
    [](const auto& info) { return std::string(client::to_string(std::get<1>(info.param))); });

TEST(TestConnection, UntrustedCertificateHintNamesCaFile) {
  // Without the mocks' CA the (valid) certificate is untrusted.
  MockPair mocks(test::smtp_config(mock::Security::ssl_tls), test::imap_config(mock::Security::ssl_tls));
  const auto report = client::test_connection(mocks.connection, {});
  expect_failed(report.outbound, Reason::tls_cert_untrusted, Stage::tls);
  expect_failed(report.inbound, Reason::tls_cert_untrusted, Stage::tls);
  EXPECT_NE(client::format_test_connection(report).find("tls.ca_file"), std::string::npos);
}

TEST(TestConnection, TlsVersionRejectedByAnOldServer) {
  auto smtp = test::smtp_config(mock::Security::ssl_tls);
  smtp.tls.min_version = tls::Version::tls1_0;
  smtp.tls.max_version = tls::Version::tls1_1;
  auto imap = test::imap_config(mock::Security::starttls);
  imap.tls.min_version = tls::Version::tls1_0;
  imap.tls.max_version = tls::Version::tls1_1;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::tls_version_rejected, Stage::tls);
  expect_failed(report.inbound, Reason::tls_version_rejected, Stage::tls);
}

TEST(TestConnection, TlsHandshakeFailsAgainstAPlainListener) {
  MockPair mocks;  // both plain text
  auto connection = mocks.connection;
  connection.outbound.security = client::Security::ssl_tls;
  connection.inbound.security = client::Security::ssl_tls;
  const auto report = run(connection);
  expect_failed(report.outbound, Reason::tls_handshake_failed, Stage::tls);
  expect_failed(report.inbound, Reason::tls_handshake_failed, Stage::tls);
}

TEST(TestConnection, StarttlsNotOffered) {
  MockPair mocks;  // both plain text: no STARTTLS in EHLO or CAPABILITY
  auto connection = mocks.connection;
  connection.outbound.security = client::Security::starttls;
  connection.inbound.security = client::Security::starttls;
  const auto report = run(connection);
  expect_failed(report.outbound, Reason::starttls_not_offered, Stage::starttls);
  expect_failed(report.inbound, Reason::starttls_not_offered, Stage::starttls);
  EXPECT_NE(report.outbound.failure->hint.find("ssl_tls"), std::string::npos);
}

TEST(TestConnection, StarttlsRefusedByTheServerIsStarttlsFailed) {
  auto smtp_hooks = std::make_shared<test::FunctionSmtpHooks>();
  smtp_hooks->command = [](const mock::SmtpCommand& c) {
    if (c.name != "STARTTLS") return mock::SmtpHookAction{};
    return mock::SmtpHookAction{"454 4.7.0 TLS not available due to local problem", false};
  };
  auto imap_hooks = std::make_shared<test::FunctionImapHooks>();
  imap_hooks->command = [](const mock::imap::ImapCommand& c) {
    if (c.verb != mock::imap::Verb::starttls) return mock::HookAction{};
    return mock::HookAction{mock::HookAction::Kind::reply, "NO TLS is not available right now"};
  };
  auto smtp = test::smtp_config(mock::Security::starttls);
  smtp.hooks = smtp_hooks;
  auto imap = test::imap_config(mock::Security::starttls);
  imap.hooks = imap_hooks;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::starttls_failed, Stage::starttls);
  expect_failed(report.inbound, Reason::starttls_failed, Stage::starttls);
  EXPECT_NE(report.outbound.failure->server_words.find("454 4.7.0"), std::string::npos);
}

TEST(TestConnection, ServerHangingUpMidSessionIsConnectionLost) {
  auto smtp_hooks = std::make_shared<test::FunctionSmtpHooks>();
  smtp_hooks->command = [](const mock::SmtpCommand& c) {
    return c.name == "EHLO" ? mock::SmtpHookAction{std::nullopt, true} : mock::SmtpHookAction{};
  };
  auto imap_hooks = std::make_shared<test::FunctionImapHooks>();
  imap_hooks->command = [](const mock::imap::ImapCommand& c) {
    return c.verb == mock::imap::Verb::login ? mock::HookAction{mock::HookAction::Kind::close, ""} : mock::HookAction{};
  };
  auto smtp = test::smtp_config();
  smtp.hooks = smtp_hooks;
  auto imap = test::imap_config();
  imap.hooks = imap_hooks;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::connection_lost, Stage::capabilities);
  expect_failed(report.inbound, Reason::connection_lost, Stage::authenticate);
}

TEST(TestConnection, UnreadableCaFileIsConfigInvalid) {
  MockPair mocks(test::smtp_config(mock::Security::ssl_tls), test::imap_config(mock::Security::ssl_tls));
  auto connection = mocks.connection;
  connection.tls.ca_file = "/nonexistent/ca.pem";
  const auto report = run(connection);
  for (const auto* side : {&report.outbound, &report.inbound}) {
    ASSERT_FALSE(side->ok());
    EXPECT_EQ(side->failure->reason, Reason::config_invalid);
    EXPECT_EQ(side->failure->stage, Stage::config);
    EXPECT_NE(side->failure->detail.find("/nonexistent/ca.pem"), std::string::npos);
    EXPECT_TRUE(side->stages_passed.empty());
  }
}

TEST(TestConnection, GreetingRejected) {
  auto smtp_hooks = std::make_shared<test::FunctionSmtpHooks>();
  smtp_hooks->connect = [] { return mock::SmtpHookAction{"554 5.3.2 No SMTP service here", false}; };
  auto imap_hooks = std::make_shared<test::FunctionImapHooks>();
  imap_hooks->connect = [] { return mock::HookAction{mock::HookAction::Kind::reply, "* BYE No IMAP service here"}; };
  auto smtp = test::smtp_config();
  smtp.hooks = smtp_hooks;
  auto imap = test::imap_config();
  imap.hooks = imap_hooks;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::greeting_rejected, Stage::greeting);
  expect_failed(report.inbound, Reason::greeting_rejected, Stage::greeting);
  EXPECT_NE(report.outbound.failure->server_words.find("554 5.3.2 No SMTP service here"), std::string::npos);
  EXPECT_NE(report.inbound.failure->server_words.find("No IMAP service here"), std::string::npos);
}

TEST(TestConnection, ThrottledAtConnect) {
  auto smtp_hooks = std::make_shared<test::FunctionSmtpHooks>();
  smtp_hooks->connect = [] {
    return mock::SmtpHookAction{"421 4.7.0 Too many connections from your host, try again later", true};
  };
  auto imap_hooks = std::make_shared<test::FunctionImapHooks>();
  imap_hooks->connect = [] {
    return mock::HookAction{mock::HookAction::Kind::reply, "* BYE Maximum number of connections from user+IP exceeded"};
  };
  auto smtp = test::smtp_config();
  smtp.hooks = smtp_hooks;
  auto imap = test::imap_config();
  imap.hooks = imap_hooks;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::throttled, Stage::greeting);
  expect_failed(report.inbound, Reason::throttled, Stage::greeting);
  EXPECT_NE(report.outbound.failure->server_words.find("421"), std::string::npos);
}

TEST(TestConnection, ThrottlingDuringAuthIsNotBadCredentials) {
  auto smtp_hooks = std::make_shared<test::FunctionSmtpHooks>();
  smtp_hooks->command = [](const mock::SmtpCommand& c) {
    if (c.name != "AUTH") return mock::SmtpHookAction{};
    return mock::SmtpHookAction{"454 4.7.0 Too many login attempts, please try again later", false};
  };
  auto imap_hooks = std::make_shared<test::FunctionImapHooks>();
  imap_hooks->command = [](const mock::imap::ImapCommand& c) {
    if (c.verb != mock::imap::Verb::login && c.verb != mock::imap::Verb::authenticate) return mock::HookAction{};
    return mock::HookAction{mock::HookAction::Kind::reply, "NO [UNAVAILABLE] Too many login attempts, try later"};
  };
  auto smtp = test::smtp_config();
  smtp.hooks = smtp_hooks;
  auto imap = test::imap_config();
  imap.hooks = imap_hooks;
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::throttled, Stage::authenticate);
  expect_failed(report.inbound, Reason::throttled, Stage::authenticate);
  EXPECT_NE(report.outbound.failure->server_words.find("4.7.0"), std::string::npos);
  EXPECT_NE(report.inbound.failure->server_words.find("UNAVAILABLE"), std::string::npos);
}

TEST(TestConnection, AuthFailedWithAWrongPassword) {
  MockPair mocks(test::smtp_config(mock::Security::ssl_tls), test::imap_config(mock::Security::starttls));
  auto connection = mocks.connection;
  connection.outbound.password = "wrong-smtp-password";
  connection.inbound.password = "wrong-imap-password";
  const auto report = client::test_connection(connection, test::trusting_options());
  expect_failed(report.outbound, Reason::auth_failed, Stage::authenticate);
  expect_failed(report.inbound, Reason::auth_failed, Stage::authenticate);
  EXPECT_NE(report.outbound.failure->server_words.find("535"), std::string::npos);
  EXPECT_FALSE(report.inbound.failure->server_words.empty());
  const std::string text = client::format_test_connection(report, true);
  EXPECT_EQ(text.find("wrong-smtp-password"), std::string::npos) << text;
  EXPECT_EQ(text.find("wrong-imap-password"), std::string::npos) << text;
}

TEST(TestConnection, AuthMechanismUnsupported) {
  auto smtp = test::smtp_config();
  smtp.mechanisms = {sasl::Mechanism::xoauth2, sasl::Mechanism::oauthbearer};  // tokens only
  auto imap = test::imap_config();
  imap.login_disabled_before_tls = true;  // and no AUTH=PLAIN: nothing a password can use
  imap.mechanisms = {sasl::Mechanism::xoauth2};
  MockPair mocks(smtp, imap);
  const auto report = run(mocks.connection);
  expect_failed(report.outbound, Reason::auth_mechanism_unsupported, Stage::authenticate);
  expect_failed(report.inbound, Reason::auth_mechanism_unsupported, Stage::authenticate);
}

TEST(TestConnection, WithoutAuthenticationOutboundSkipsTheStage) {
  auto smtp = test::smtp_config();
  smtp.auth_required = false;
  MockPair mocks(smtp);
  auto connection = mocks.connection;
  connection.outbound.use_authentication = false;
  const auto report = run(connection);
  ASSERT_TRUE(report.ok()) << client::format_test_connection(report);
  EXPECT_EQ(std::count(report.outbound.stages.begin(), report.outbound.stages.end(), Stage::authenticate), 0);
  EXPECT_TRUE(report.outbound.auth_mechanism.empty());
}

TEST(TestConnection, JsonCarriesTheVerdictPerSide) {
  MockPair mocks;
  auto connection = mocks.connection;
  connection.inbound.password = "wrong";
  const auto report = run(connection);
  const auto json = client::test_connection_json(report);
  EXPECT_FALSE(json["ok"].get<bool>());
  EXPECT_TRUE(json["outbound"]["ok"].get<bool>());
  EXPECT_EQ(json["outbound"]["reason"], "ok");
  EXPECT_EQ(json["inbound"]["reason"], "auth_failed");
  EXPECT_EQ(json["inbound"]["stage"], "authenticate");
  EXPECT_FALSE(json["inbound"]["server_words"].get<std::string>().empty());
  EXPECT_FALSE(json["inbound"]["hint"].get<std::string>().empty());
  EXPECT_GE(json["inbound"]["elapsed_ms"].get<long>(), 0);
}

}  // namespace
