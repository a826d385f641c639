#include "harness/scenario/scenario_runner.hpp"

#include <fmt/format.h>

#include "harness/scenario/scenario_environment.hpp"
#include "harness/scenario/scenario_loader.hpp"

namespace mailsim::harness {
namespace {

std::string where(const std::string& file, Position at) {
  if (at.line <= 0) return file;
  return fmt::format("{}:{}:{}", file, at.line, at.column);
}

}  // namespace

std::string ScenarioResult::first_problem() const {
  if (!failures.empty()) return where(file, failures.front().at) + ": " + failures.front().message;
  for (const auto& d : diagnostics)
    if (d.severity == client::Severity::error) return client::format_diagnostic(d);
  return {};
}

ScenarioResult run_scenario(const Scenario& scenario) {
  const auto real_start = std::chrono::steady_clock::now();
  ScenarioResult result;
  try {
    ScenarioEnvironment environment(scenario);
    result = environment.run_steps();
  } catch (const ScenarioUnusable& e) {
    result.status = ScenarioResult::Status::unusable;
    result.diagnostics = e.diagnostics();
  } catch (const std::exception& e) {
    result.status = ScenarioResult::Status::failed;
    result.failures.push_back({{}, std::string("the scenario could not run: ") + e.what()});
  }
  result.file = scenario.file;
  result.name = scenario.name;
  result.real_time =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - real_start);
  return result;
}

ScenarioResult run_scenario_file(const std::string& path) {
  auto loaded = load_scenario_file(path);
  if (!loaded.ok()) {
    ScenarioResult result;
    result.file = path;
    result.name = loaded.scenario.name;
    result.status = ScenarioResult::Status::unusable;
    result.diagnostics = std::move(loaded.diagnostics);
    return result;
  }
  auto result = run_scenario(loaded.scenario);
  for (auto& d : loaded.diagnostics) result.diagnostics.push_back(std::move(d));
  return result;
}

}  // namespace mailsim::harness
