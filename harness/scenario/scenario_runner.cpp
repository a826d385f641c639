#include "harness/scenario/scenario_runner.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "client/connection/connection_loader.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/step_runner.hpp"

namespace mailsim::harness {
namespace {

// A scratch folder per scenario run (the CA file clients import lives there).
class WorkDir {
 public:
  WorkDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mailsim-scenario-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a scratch folder");
    path_ = pattern;
  }
  ~WorkDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

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
  ScenarioResult result;
  result.file = scenario.file;
  result.name = scenario.name;
  const auto real_start = std::chrono::steady_clock::now();
  auto clock = std::make_shared<VirtualClock>();
  const auto virtual_start = clock->now();
  try {
    WorkDir work;
    LiveServers servers(scenario, clock, work.path());
    auto loaded = client::load_connection_node(scenario.connection, scenario.file,
                                               client::environment_from(servers.variables()));
    for (auto& d : loaded.diagnostics) result.diagnostics.push_back(d);
    if (!loaded.ok()) {
      result.status = ScenarioResult::Status::unusable;
      return result;
    }
    client::ConnectorOptions options;
    options.clock = clock;
    std::unique_ptr<ScenarioTokens> tokens;
    if (scenario.oauth) {
      auto made = ScenarioTokens::make(loaded.config, clock);
      if (auto* f = std::get_if<client::Failure>(&made)) {
        result.status = ScenarioResult::Status::failed;
        result.failures.push_back({scenario.connection_at, "the connection's OAuth settings: " + client::describe(*f)});
        return result;
      }
      tokens = std::get<std::unique_ptr<ScenarioTokens>>(std::move(made));
      options.tokens = tokens->manager();
    }
    client::Connector connector(loaded.config, options);
    StepContext context{scenario, servers, connector, *clock, tokens.get(), {}};
    for (const auto& step : scenario.steps) {
      const auto before = result.failures.size();
      run_step(step, context, result);
      // Steps after a failed one would only report its consequences.
      if (result.failures.size() != before) break;
    }
    if (result.failures.empty()) check_server_expectations(scenario, servers, result);
    result.virtual_time = std::chrono::duration_cast<std::chrono::milliseconds>(clock->now() - virtual_start);
    if (scenario.expect_virtual_time_at_most && result.virtual_time > *scenario.expect_virtual_time_at_most)
      result.failures.push_back({{}, fmt::format("virtual time {} ms exceeds the expected {} ms",
                                                 result.virtual_time.count(),
                                                 scenario.expect_virtual_time_at_most->count())});
    result.status = result.failures.empty() ? ScenarioResult::Status::passed : ScenarioResult::Status::failed;
    if (!result.passed()) result.transcripts = servers.transcripts();
  } catch (const std::exception& e) {
    result.status = ScenarioResult::Status::failed;
    result.failures.push_back({{}, std::string("the scenario could not run: ") + e.what()});
  }
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
