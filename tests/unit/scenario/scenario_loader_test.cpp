// The scenario loader: valid files become the typed model; every mistake is
// reported at once with its line, column and what was expected.
#include "harness/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

using namespace mailsim;
using harness::load_scenario_text;

std::vector<std::string> messages(const harness::ScenarioLoad& load) {
  std::vector<std::string> out;
  for (const auto& d : load.diagnostics) out.push_back(client::format_diagnostic(d));
  return out;
}

bool has(const harness::ScenarioLoad& load, std::string_view needle) {
  for (const auto& m : messages(load))
    if (m.find(needle) != std::string::npos) return true;
  return false;
}

const char* kValid = R"(name: valid
servers:
  mx:
    protocol: smtp
    stands_for: 587
    security: starttls
    certificate: expired
    tls_min: "1.0"
    tls_max: "1.1"
    auth: required
    users: {alice: secret}
    max_message_size: 64KiB
    faults:
      - on: command
        verb: [rcpt, mail]
        nth: 2
        reply: "452 4.5.3 too many"
      - throttle: messages
        limit: 3
        window: 1m
      - cap: connections
        max: 2
        scope: user
      - preset: gmail_smtp
        limit: 5
  box:
    protocol: imap
    mailboxes:
      alice:
        INBOX:
          - {subject: hello, text: hi, flags: ["\\Seen"]}
connection:
  outbound: {host: localhost, port: "${mx.port}"}
  inbound: {host: localhost}
steps:
  - send: {from: a@example.com, to: [b@example.com, c@example.com], subject: s, text: t}
    expect: {outcome: failed, reason: throttled, stage: data, server_words: "4.7.0"}
  - advance_clock: 90s
  - search: {folder: INBOX, unseen: true}
    expect: {count: 1}
  - test_connection:
    expect: {outbound: {reason: tls_cert_expired}, inbound: {outcome: ok}}
  - run: {command: [echo, "${mx.port}"]}
    expect: {exit_code: 0, output_contains: ["1"]}
expect:
  mx:
    messages: 1
    message:
      - {index: 0, to: [b@example.com]}
    transcript_not_contains: [secret]
)";

TEST(ScenarioLoader, ReadsEverySectionIntoTheModel) {
  const auto load = load_scenario_text(kValid, "valid.yaml");
  ASSERT_TRUE(load.ok()) << ::testing::PrintToString(messages(load));
  const auto& s = load.scenario;
  EXPECT_EQ(s.name, "valid");
  ASSERT_EQ(s.servers.size(), 2u);
  const auto* mx = s.server("mx");
  ASSERT_NE(mx, nullptr);
  EXPECT_EQ(mx->stands_for, 587);
  EXPECT_EQ(mx->tls.security, mock::Security::starttls);
  EXPECT_EQ(mx->tls.certificate, mock::CertificateKind::expired);
  EXPECT_EQ(mx->tls.min_version, tls::Version::tls1_0);
  EXPECT_EQ(mx->auth, harness::AuthPolicy::required);
  EXPECT_EQ(mx->max_message_size, 64u * 1024);
  ASSERT_EQ(mx->faults.size(), 4u);
  const auto& rule = std::get<mock::faults::FaultRule>(mx->faults[0].rule);
  EXPECT_EQ(rule.match.verbs, (std::vector<std::string>{"RCPT", "MAIL"}));
  EXPECT_EQ(rule.match.nth, 2u);
  EXPECT_EQ(std::get<mock::faults::ThrottleRule>(mx->faults[1].rule).window, std::chrono::minutes(1));
  EXPECT_EQ(std::get<mock::faults::ConnectionCap>(mx->faults[2].rule).scope, mock::faults::Scope::user);
  EXPECT_EQ(std::get<harness::PresetRef>(mx->faults[3].rule).limit, 5u);
  EXPECT_EQ(s.server("box")->mailboxes.at("alice").at("INBOX").at(0).flags.at(0), "\\Seen");
  ASSERT_EQ(s.steps.size(), 5u);
  EXPECT_EQ(s.steps[0].send.to.size(), 2u);
  EXPECT_EQ(s.steps[0].expect->outcome.reason, client::Reason::throttled);
  EXPECT_EQ(s.steps[0].expect->outcome.stage, client::Stage::data);
  EXPECT_EQ(s.steps[1].duration, std::chrono::seconds(90));
  EXPECT_EQ(s.steps[2].criteria.at("unseen"), "true");
  EXPECT_EQ(s.steps[3].expect->outbound->reason, client::Reason::tls_cert_expired);
  EXPECT_EQ(s.steps[4].command, (std::vector<std::string>{"echo", "${mx.port}"}));
  ASSERT_EQ(s.expect.size(), 1u);
  EXPECT_EQ(s.expect[0].messages, 1u);
}

TEST(ScenarioLoader, UnknownKeysGetADidYouMeanWithTheirPlace) {
  const auto load = load_scenario_text(R"(name: typo
servers:
  mx:
    protocol: smtp
    securty: none
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - send: {from: a@b.c, to: d@e.f, subjct: x}
)",
                                       "typo.yaml");
  EXPECT_FALSE(load.ok());
  EXPECT_TRUE(has(load, "typo.yaml:5:5: error: servers.mx.securty: unknown key 'securty' in servers.mx; did you mean 'security'?"))
      << ::testing::PrintToString(messages(load));
  EXPECT_TRUE(has(load, "typo.yaml:8:36:")) << ::testing::PrintToString(messages(load));
  EXPECT_TRUE(has(load, "did you mean 'subject'?"));
}

TEST(ScenarioLoader, BadEnumValuesListTheAllowedOnes) {
  const auto load = load_scenario_text(R"(name: enums
servers:
  mx: {protocol: pop3}
  my: {protocol: smtp, certificate: expird}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - test_connection:
    expect: {reason: tls_expired}
)",
                                       "enums.yaml");
  EXPECT_FALSE(load.ok());
  EXPECT_TRUE(has(load, "'pop3' is not one of smtp, imap"));
  EXPECT_TRUE(has(load, "did you mean 'expired'?"));
  EXPECT_TRUE(has(load, "'tls_expired' is not one of"));
}

TEST(ScenarioLoader, MissingPartsAreEachReported) {
  const auto load = load_scenario_text("description: nothing else\n", "empty.yaml");
  EXPECT_FALSE(load.ok());
  EXPECT_TRUE(has(load, "a scenario needs a name"));
  EXPECT_TRUE(has(load, "at least one server"));
  EXPECT_TRUE(has(load, "a scenario needs a connection"));
  EXPECT_TRUE(has(load, "at least one step"));
}

TEST(ScenarioLoader, StepsAndFaultsAreChecked) {
  const auto load = load_scenario_text(R"(name: steps
servers:
  mx:
    protocol: smtp
    faults:
      - on: command
        action: explode
      - throttle: messages
      - preset: hotmail
      - something: else
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - sned: {from: a@b.c}
  - wait_for_messages: {server: nope, count: 1}
  - advance_clock:
  - send: {subject: no addresses}
expect:
  mz: {messages: 1}
)",
                                       "steps.yaml");
  EXPECT_FALSE(load.ok());
  EXPECT_TRUE(has(load, "'explode' is not one of"));
  EXPECT_TRUE(has(load, "a throttle needs a limit"));
  EXPECT_TRUE(has(load, "'hotmail' is not one of"));
  EXPECT_TRUE(has(load, "a fault starts with one of on:, throttle:, cap: or preset:"));
  EXPECT_TRUE(has(load, "did you mean 'send'?"));
  EXPECT_TRUE(has(load, "no server named 'nope'"));
  EXPECT_TRUE(has(load, "advance_clock needs a duration"));
  EXPECT_TRUE(has(load, "send needs from"));
  EXPECT_TRUE(has(load, "'mz', which is not a server of this scenario; did you mean 'mx'?"));
}

TEST(ScenarioLoader, YamlSyntaxErrorsHaveAPlace) {
  const auto load = load_scenario_text("name: [unclosed\nservers: {}\n", "broken.yaml");
  ASSERT_FALSE(load.ok());
  EXPECT_NE(messages(load).front().find("broken.yaml:"), std::string::npos);
  EXPECT_NE(messages(load).front().find("invalid YAML"), std::string::npos);
}

TEST(ScenarioLoader, EveryBundledScenarioLoads) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(MAILSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml" || entry.path().string().find("/adapters/") != std::string::npos) continue;
    const auto load = harness::load_scenario_file(entry.path().string());
    EXPECT_TRUE(load.ok()) << entry.path() << ::testing::PrintToString(messages(load));
    ++count;
  }
  EXPECT_GE(count, 20u);
}

}  // namespace

namespace {

// Every action is carried out by both listeners; the token actions still
// need the OAuth mock, whose tokens they expire.
TEST(ScenarioLoader, EveryActionLoadsOnBothProtocolsButTokenActionsNeedTheOAuthMock) {
  const auto load = mailsim::harness::load_scenario_text(R"(name: actions
servers:
  mx:
    protocol: smtp
    faults:
      - {on: command, verb: MAIL, action: delay, duration: 2s}
      - {on: command, verb: RCPT, action: tarpit, duration: 1s}
      - {on: command, verb: DATA, action: disconnect_after_bytes, bytes: 3}
  box:
    protocol: imap
    faults:
      - {on: connect, action: blackhole}
      - {on: command, verb: FETCH, action: drop_mid_response}
      - {on: command, verb: NOOP, action: expire_token}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - folders:
)",
                                                         "actions.yaml");
  EXPECT_FALSE(load.ok());
  const auto all = ::testing::PrintToString(messages(load));
  EXPECT_EQ(messages(load).size(), 1u) << all;
  EXPECT_TRUE(has(load, "actions.yaml:14:9: error: servers.box.faults: expire_token needs the OAuth mock")) << all;
}

TEST(ScenarioLoader, TlsHandshakeRulesOnAnImplicitTlsServerAreRefusedWithTheAlternative) {
  const auto load = mailsim::harness::load_scenario_text(R"(name: implicit
servers:
  smtps:
    protocol: smtp
    security: ssl_tls
    faults:
      - {on: tls_handshake, action: stall_tls_handshake}
  submission:
    protocol: smtp
    security: starttls
    faults:
      - {on: tls_handshake, action: stall_tls_handshake}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - folders:
)",
                                                         "implicit.yaml");
  const auto all = ::testing::PrintToString(messages(load));
  ASSERT_EQ(messages(load).size(), 1u) << all;
  EXPECT_TRUE(has(load, "implicit.yaml:7:9: error: servers.smtps.faults[0]: on: tls_handshake acts at STARTTLS"))
      << all;
  EXPECT_TRUE(has(load, "use on: connect")) << all;
}

}  // namespace
