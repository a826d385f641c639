#pragma once
// Executes one scenario step against the connector and the live servers,
// and checks the step's expectations.
#include <cstdint>
#include <string>
#include <vector>

#include "client/connector/connector.hpp"
#include "harness/scenario/live_servers.hpp"
#include "harness/scenario/scenario_runner.hpp"
#include "harness/scenario/scenario_tokens.hpp"

namespace mailsim::harness {

struct StepContext {
  const Scenario& scenario;
  LiveServers& servers;
  client::Connector& connector;
  VirtualClock& clock;
  ScenarioTokens* tokens;                // null without an `oauth:` section
  std::vector<std::uint32_t> last_hits;  // UIDs of the last search, for uid-less steps
};

// Appends the step's line to result.steps and any failed expectation to result.failures.
void run_step(const Step& step, StepContext& context, ScenarioResult& result);

// Checks an outcome against what the file expects (no expectation: must succeed).
void check_outcome(const std::optional<client::Failure>& failure, const OutcomeExpect& expect, Position at,
                   const std::string& what, std::vector<ExpectationFailure>& failures);

// The final expectations on the servers.
void check_server_expectations(const Scenario& scenario, LiveServers& servers, ScenarioResult& result);

}  // namespace mailsim::harness
