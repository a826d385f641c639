#pragma once
// Runs one scenario in isolation: its own servers, ports, fault engine and
// virtual clock; then checks every expectation and reports the first that
// failed with where it was written.
#include <chrono>
#include <string>
#include <vector>

#include "client/connection/diagnostic.hpp"
#include "harness/scenario/scenario.hpp"

namespace mailsim::harness {

struct ExpectationFailure {
  Position at;
  std::string message;
};

struct ScenarioResult {
  std::string file;
  std::string name;
  enum class Status { passed, failed, unusable } status = Status::failed;
  std::vector<client::Diagnostic> diagnostics;  // loading problems (unusable) and warnings
  std::vector<ExpectationFailure> failures;
  std::vector<std::string> steps;  // one line per step run: "send: ok", "send: failed throttled ..."
  std::chrono::milliseconds virtual_time{0};
  std::chrono::milliseconds real_time{0};
  std::string transcripts;  // every session, redacted; kept for failed scenarios

  bool passed() const { return status == Status::passed; }
  // "file:line:col: message" of the first failure, or the first error diagnostic.
  std::string first_problem() const;
};

ScenarioResult run_scenario(const Scenario& scenario);
// Loads then runs; a file that does not load is unusable.
ScenarioResult run_scenario_file(const std::string& path);

}  // namespace mailsim::harness
