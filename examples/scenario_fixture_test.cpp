// How to use mailsim's scenarios from your own GoogleTest suite: load a
// bundled scenario (or build one in code), get its servers' endpoints and a
// ready connector, drive it, then look at what the servers captured and move
// the virtual clock.
#include <gtest/gtest.h>

#include "harness/scenario/scenario_environment.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace {

using namespace mailsim;
using namespace std::chrono_literals;

const std::string kLibrary = std::string(MAILSIM_SOURCE_DIR) + "/scenarios";

client::mime::OutgoingMessage note(std::string subject) {
  client::mime::OutgoingMessage m;
  m.from = {"App", "app@example.com"};
  m.to = {{"Ops", "ops@example.com"}};
  m.subject = std::move(subject);
  m.text = "hello";
  return m;
}

TEST(ScenarioFixtureExample, DriveAThrottledPort25YourselfAndWaitForTheWindow) {
  harness::ScenarioEnvironment env(kLibrary + "/throttling/port25_throttled_after_n_messages.yaml");
  // Your own connector would connect here:
  ASSERT_TRUE(env.endpoints().contains("mx.port"));
  ASSERT_TRUE(env.connector().send(note("one")).ok());
  ASSERT_TRUE(env.connector().send(note("two")).ok());
  const auto third = env.connector().send(note("three"));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.failure->reason, client::Reason::throttled);
  env.clock().advance(1h);  // the throttle window passes instantly
  EXPECT_TRUE(env.connector().send(note("three again")).ok());
  EXPECT_EQ(env.smtp("mx").messages().size(), 3u);
  EXPECT_EQ(env.faults().fired().size(), 1u);
}

TEST(ScenarioFixtureExample, BuildAScenarioInCodeAndRunItsSteps) {
  auto loaded = harness::load_scenario_text(R"(name: built in code
servers:
  box:
    protocol: imap
    users: {alice: secret}
    mailboxes:
      alice:
        INBOX:
          - {subject: hello, text: hi}
connection:
  outbound: {host: localhost, port: 1, use_authentication: false}
  inbound: {host: localhost, port: "${box.port}", user: alice, password: secret}
steps:
  - search: {folder: INBOX, subject: hello}
    expect: {count: 1}
)",
                                            "in-code.yaml");
  ASSERT_TRUE(loaded.ok());
  harness::ScenarioEnvironment env(loaded.scenario);
  const auto result = env.run_steps();
  EXPECT_TRUE(result.passed()) << result.first_problem();
  EXPECT_EQ(env.imap("box").store().messages("alice", "INBOX").size(), 1u);
}

TEST(ScenarioFixtureExample, AnUnusableScenarioSaysWhereItIsWrong) {
  try {
    harness::ScenarioEnvironment env(kLibrary + "/does-not-exist.yaml");
    FAIL() << "expected ScenarioUnusable";
  } catch (const harness::ScenarioUnusable& e) {
    EXPECT_NE(std::string(e.what()).find("does-not-exist.yaml"), std::string::npos) << e.what();
  }
}

}  // namespace
