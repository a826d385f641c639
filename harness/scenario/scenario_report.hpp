#pragma once
// Reports of a scenario run: the table people read, JUnit XML for CI
// systems and JSON for scripts. Transcripts in them are already redacted.
#include <string>
#include <vector>

#include "harness/scenario/scenario_runner.hpp"

namespace mailsim::harness {

std::string format_result_table(const std::vector<ScenarioResult>& results);
std::string format_junit(const std::vector<ScenarioResult>& results);
std::string format_json(const std::vector<ScenarioResult>& results);

}  // namespace mailsim::harness
