#include "harness/scenario/run_order.hpp"

#include <gtest/gtest.h>

namespace mailsim {
namespace {

using harness::Scenario;
using harness::Step;
using harness::StepKind;
using namespace std::chrono_literals;

Step step(StepKind kind) {
  Step s;
  s.kind = kind;
  return s;
}

Step expecting(StepKind kind, std::optional<client::Reason> reason, bool on_inbound_side = false) {
  Step s = step(kind);
  s.expect.emplace();
  s.expect->outcome.ok = false;
  if (on_inbound_side) {
    s.expect->inbound.emplace();
    s.expect->inbound->reason = reason;
  } else {
    s.expect->outcome.reason = reason;
  }
  return s;
}

Scenario scenario(std::string name, std::vector<Step> steps) {
  Scenario s;
  s.name = std::move(name);
  s.steps = std::move(steps);
  return s;
}

TEST(RunOrder, InMemoryStepsCostNothing) {
  EXPECT_EQ(harness::expected_wall_time(scenario("plain", {step(StepKind::send), step(StepKind::advance_clock),
                                                          step(StepKind::fetch)})),
            0ms);
}

TEST(RunOrder, PeersAndExpectedTimeoutsCostWallTime) {
  EXPECT_EQ(harness::expected_wall_time(scenario("peers", {step(StepKind::run), step(StepKind::run)})), 1000ms);
  EXPECT_EQ(harness::expected_wall_time(scenario("timeout", {expecting(StepKind::send, client::Reason::timeout)})),
            1000ms);
  EXPECT_EQ(harness::expected_wall_time(
                scenario("one side", {expecting(StepKind::test_connection, client::Reason::timeout, true)})),
            1000ms);
}

TEST(RunOrder, OtherExpectedFailuresCostNothing) {
  EXPECT_EQ(harness::expected_wall_time(
                scenario("refused", {expecting(StepKind::send, client::Reason::auth_failed),
                                     expecting(StepKind::test_connection, std::nullopt, true)})),
            0ms);
}

TEST(RunOrder, LongestFirstKeepsFileOrderAmongEquals) {
  const std::vector<Scenario> scenarios = {
      scenario("a quick", {step(StepKind::send)}),
      scenario("b one peer", {step(StepKind::run)}),
      scenario("c quick", {step(StepKind::fetch)}),
      scenario("d timeout and peer", {step(StepKind::run), expecting(StepKind::send, client::Reason::timeout)}),
      scenario("e one peer", {step(StepKind::run)}),
  };
  EXPECT_EQ(harness::longest_first(scenarios), (std::vector<std::size_t>{3, 1, 4, 0, 2}));
}

TEST(RunOrder, NoScenariosNoOrder) { EXPECT_TRUE(harness::longest_first({}).empty()); }

}  // namespace
}  // namespace mailsim
