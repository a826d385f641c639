#pragma once
// Loads a scenario file into the model and reports every problem at once
// with file, line, column and what was expected (unknown keys with a
// did-you-mean). `mailsim check` is this plus printing.
#include <string>
#include <string_view>
#include <vector>

#include "client/connection/diagnostic.hpp"
#include "harness/scenario/scenario.hpp"

namespace mailsim::harness {

struct ScenarioLoad {
  Scenario scenario;
  std::vector<client::Diagnostic> diagnostics;
  bool ok() const { return !client::has_errors(diagnostics); }
};

inline constexpr std::size_t kMaxScenarioFileBytes = 4 * 1024 * 1024;

ScenarioLoad load_scenario_file(const std::string& path);
// name stands for the file: diagnostics use it and relative paths start from its folder.
ScenarioLoad load_scenario_text(std::string_view text, const std::string& name);

}  // namespace mailsim::harness
