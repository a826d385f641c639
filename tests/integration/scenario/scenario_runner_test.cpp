// The runner end to end: a passing scenario, a scenario whose expectation is
// deliberately wrong (it must fail and say where and why), unusable input,
// and the `mailsim run` command's exit codes and reports.
#include <gtest/gtest.h>

#include <fstream>

#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_runner.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

const std::string kScenario = R"(name: throttled third message
servers:
  mx:
    protocol: smtp
    faults:
      - throttle: messages
        limit: 2
        window: 1h
connection:
  outbound: {host: localhost, port: "${mx.port}", security: none, use_authentication: false}
  inbound: {host: localhost, port: 1, user: u, password: p}
steps:
  - send: {from: a@example.com, to: b@example.com, subject: one, text: x, repeat: 2}
  - send: {from: a@example.com, to: b@example.com, subject: three, text: x}
    expect: {outcome: failed, reason: throttled}
expect:
  mx: {messages: 2}
)";

harness::ScenarioResult run_text(const std::string& text) {
  auto load = harness::load_scenario_text(text, "inline.yaml");
  EXPECT_TRUE(load.ok());
  return harness::run_scenario(load.scenario);
}

TEST(ScenarioRunner, PassingScenarioPasses) {
  const auto result = run_text(kScenario);
  EXPECT_TRUE(result.passed()) << result.first_problem();
  EXPECT_EQ(result.steps.size(), 2u);
  EXPECT_TRUE(result.transcripts.empty());  // kept only for failures
}

TEST(ScenarioRunner, WrongStepExpectationFailsWithItsPlaceAndTheActualOutcome) {
  std::string wrong = kScenario;
  wrong.replace(wrong.find("reason: throttled"), 17, "reason: auth_failed");
  const auto result = run_text(wrong);
  ASSERT_FALSE(result.passed());
  EXPECT_EQ(result.status, harness::ScenarioResult::Status::failed);
  const auto problem = result.first_problem();
  EXPECT_NE(problem.find("inline.yaml:15:5:"), std::string::npos) << problem;
  EXPECT_NE(problem.find("expected reason auth_failed, got throttled"), std::string::npos) << problem;
  EXPECT_NE(problem.find("421 4.7.0"), std::string::npos) << problem;
  // The failing scenario keeps every session's transcript for the report.
  EXPECT_NE(result.transcripts.find("MAIL FROM:<a@example.com>"), std::string::npos);
}

TEST(ScenarioRunner, WrongServerExpectationFails) {
  std::string wrong = kScenario;
  wrong.replace(wrong.find("messages: 2"), 11, "messages: 3");
  const auto result = run_text(wrong);
  ASSERT_FALSE(result.passed());
  EXPECT_NE(result.first_problem().find("mx: captured 2 messages, expected 3"), std::string::npos)
      << result.first_problem();
}

TEST(ScenarioRunner, UnexpectedSuccessFails) {
  std::string wrong = kScenario;
  wrong.replace(wrong.find("limit: 2"), 8, "limit: 9");
  const auto result = run_text(wrong);
  ASSERT_FALSE(result.passed());
  EXPECT_NE(result.first_problem().find("expected a failure (throttled), but it succeeded"), std::string::npos)
      << result.first_problem();
}

TEST(ScenarioRunner, ABadConnectionMakesTheScenarioUnusable) {
  std::string bad = kScenario;
  bad.replace(bad.find("security: none"), 14, "security: tls");
  const auto result = run_text(bad);
  EXPECT_EQ(result.status, harness::ScenarioResult::Status::unusable);
  EXPECT_NE(result.first_problem().find("'tls' is not one of none, ssl_tls, starttls"), std::string::npos)
      << result.first_problem();
}

TEST(ScenarioRunner, VirtualTimeIsReportedAndCheapInRealTime) {
  std::string scenario = kScenario;
  scenario.replace(scenario.find("expect:\n  mx"), 0, "  - advance_clock: 3h\n");
  const auto result = run_text(scenario);
  EXPECT_TRUE(result.passed()) << result.first_problem();
  EXPECT_EQ(result.virtual_time, std::chrono::hours(3));
}

struct Cli : ::testing::Test {
  test::TempDir dir;
  std::string write(const std::string& name, const std::string& text) { return dir.file(name, text); }
  test::RunResult mailsim(std::vector<std::string> args) {
    args.insert(args.begin(), MAILSIM_BINARY);
    return test::run(args, std::chrono::seconds(120));
  }
};

TEST_F(Cli, RunExitsZeroWhenAllPassAndWritesReports) {
  const auto file = write("ok.yaml", kScenario);
  const auto junit = dir.path() + "/report.xml";
  const auto json = dir.path() + "/report.json";
  const auto r = mailsim({"run", "--quiet", "--junit", junit, "--json", json, file});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 passed, 0 failed"), std::string::npos) << r.out;
  std::ifstream xml(junit);
  const std::string report((std::istreambuf_iterator<char>(xml)), {});
  EXPECT_NE(report.find("<testcase classname="), std::string::npos) << report;
  EXPECT_NE(report.find("tests=\"1\" failures=\"0\""), std::string::npos) << report;
  std::ifstream js(json);
  const std::string jtext((std::istreambuf_iterator<char>(js)), {});
  EXPECT_NE(jtext.find("\"result\": \"PASS\""), std::string::npos) << jtext;
}

TEST_F(Cli, RunExitsOneOnAFailedExpectationAndPrintsIt) {
  std::string wrong = kScenario;
  wrong.replace(wrong.find("messages: 2"), 11, "messages: 5");
  const auto junit = dir.path() + "/report.xml";
  const auto r = mailsim({"run", "--quiet", "--junit", junit, write("wrong.yaml", wrong), write("ok.yaml", kScenario)});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("1 passed, 1 failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("captured 2 messages, expected 5"), std::string::npos) << r.out;
  std::ifstream xml(junit);
  const std::string report((std::istreambuf_iterator<char>(xml)), {});
  EXPECT_NE(report.find("<failure message="), std::string::npos);
}

TEST_F(Cli, UnusableInputExitsTwoWithFileLineAndColumn) {
  const auto r = mailsim({"run", "--quiet", write("bad.yaml", "name: x\nservers:\n  mx: {protocl: smtp}\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:3:8: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'protocol'?"), std::string::npos) << r.err;
  EXPECT_EQ(mailsim({"run", dir.path() + "/missing.yaml"}).exit_code, 2);
}

TEST_F(Cli, CheckValidatesWithoutRunning) {
  EXPECT_EQ(mailsim({"check", write("ok.yaml", kScenario)}).exit_code, 0);
  const auto r = mailsim({"check", write("bad.yaml", "name: x\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at least one server"), std::string::npos) << r.err;
}

TEST_F(Cli, ShardingSplitsTheFiles) {
  const auto a = write("a.yaml", kScenario);
  const auto b = write("b.yaml", kScenario);
  const auto first = mailsim({"run", "--quiet", "--shard", "0/2", dir.path()});
  const auto second = mailsim({"run", "--quiet", "--shard", "1/2", dir.path()});
  EXPECT_NE(first.out.find("1 passed, 0 failed"), std::string::npos) << first.out;
  EXPECT_NE(second.out.find("1 passed, 0 failed"), std::string::npos) << second.out;
  EXPECT_EQ(mailsim({"run", "--shard", "2/2", dir.path()}).exit_code, 2);
}

}  // namespace
