#include "harness/scenario/scenario_environment.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "client/connection/connection_loader.hpp"
#include "harness/scenario/live_servers.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_tokens.hpp"
#include "harness/scenario/step_runner.hpp"

namespace mailsim::harness {
namespace {

// A scratch folder per scenario (the CA file clients import, the token store).
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

std::string list(const std::vector<client::Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics)
    if (d.severity == client::Severity::error) out += client::format_diagnostic(d) + "\n";
  return out;
}

Scenario load_or_throw(const std::string& file) {
  auto loaded = load_scenario_file(file);
  if (!loaded.ok()) throw ScenarioUnusable(std::move(loaded.diagnostics));
  return std::move(loaded.scenario);
}

}  // namespace

ScenarioUnusable::ScenarioUnusable(std::vector<client::Diagnostic> diagnostics)
    : std::runtime_error("the scenario cannot be used:\n" + list(diagnostics)), diagnostics_(std::move(diagnostics)) {}

// Declaration order is construction order: the scratch folder outlives the
// servers, the servers outlive the connector that talks to them.
struct ScenarioEnvironment::World {
  Scenario scenario;
  WorkDir work;
  std::shared_ptr<VirtualClock> clock = std::make_shared<VirtualClock>();
  std::unique_ptr<LiveServers> servers;
  client::ConnectionConfig connection;
  std::vector<client::Diagnostic> warnings;
  std::unique_ptr<ScenarioTokens> tokens;
  std::unique_ptr<client::Connector> connector;
};

ScenarioEnvironment::ScenarioEnvironment(const std::string& scenario_file)
    : ScenarioEnvironment(load_or_throw(scenario_file)) {}

ScenarioEnvironment::ScenarioEnvironment(Scenario scenario) : world_(std::make_unique<World>()) {
  World& w = *world_;
  w.scenario = std::move(scenario);
  w.servers = std::make_unique<LiveServers>(w.scenario, w.clock, w.work.path());
  auto loaded = client::load_connection_node(w.scenario.connection, w.scenario.file,
                                             client::environment_from(w.servers->variables()));
  if (!loaded.ok()) throw ScenarioUnusable(std::move(loaded.diagnostics));
  w.connection = std::move(loaded.config);
  w.warnings = std::move(loaded.diagnostics);
  client::ConnectorOptions options;
  options.clock = w.clock;
  if (w.scenario.oauth) {
    auto made = ScenarioTokens::make(w.connection, w.clock);
    if (auto* f = std::get_if<client::Failure>(&made)) {
      client::Diagnostic d;
      d.file = w.scenario.file;
      d.line = w.scenario.connection_at.line;
      d.column = w.scenario.connection_at.column;
      d.field = "connection";
      d.message = "the connection's OAuth settings: " + client::describe(*f);
      throw ScenarioUnusable({d});
    }
    w.tokens = std::get<std::unique_ptr<ScenarioTokens>>(std::move(made));
    options.tokens = w.tokens->manager();
  }
  w.connector = std::make_unique<client::Connector>(w.connection, options);
}

ScenarioEnvironment::~ScenarioEnvironment() = default;

const Scenario& ScenarioEnvironment::scenario() const { return world_->scenario; }
VirtualClock& ScenarioEnvironment::clock() { return *world_->clock; }
mock::faults::FaultEngine& ScenarioEnvironment::faults() { return world_->servers->faults(); }

mock::SmtpServer& ScenarioEnvironment::smtp(const std::string& name) {
  if (auto* s = world_->servers->smtp(name)) return *s;
  throw std::out_of_range("no smtp server named '" + name + "' in this scenario");
}

mock::ImapServer& ScenarioEnvironment::imap(const std::string& name) {
  if (auto* s = world_->servers->imap(name)) return *s;
  throw std::out_of_range("no imap server named '" + name + "' in this scenario");
}

oauth::AuthorizationServer* ScenarioEnvironment::oauth() { return world_->servers->oauth(); }
const std::map<std::string, std::string>& ScenarioEnvironment::endpoints() const {
  return world_->servers->variables();
}
const client::ConnectionConfig& ScenarioEnvironment::connection() const { return world_->connection; }
client::Connector& ScenarioEnvironment::connector() { return *world_->connector; }
const std::vector<client::Diagnostic>& ScenarioEnvironment::warnings() const { return world_->warnings; }

ScenarioResult ScenarioEnvironment::run_steps() {
  World& w = *world_;
  ScenarioResult result;
  result.file = w.scenario.file;
  result.name = w.scenario.name;
  result.diagnostics = w.warnings;
  const auto virtual_start = w.clock->now();
  StepContext context{w.scenario, *w.servers, *w.connector, *w.clock, w.tokens.get(), {}};
  for (const auto& step : w.scenario.steps) {
    const auto before = result.failures.size();
    run_step(step, context, result);
    // Steps after a failed one would only report its consequences.
    if (result.failures.size() != before) break;
  }
  if (result.failures.empty()) check_server_expectations(w.scenario, *w.servers, result);
  result.virtual_time = std::chrono::duration_cast<std::chrono::milliseconds>(w.clock->now() - virtual_start);
  if (w.scenario.expect_virtual_time_at_most && result.virtual_time > *w.scenario.expect_virtual_time_at_most)
    result.failures.push_back({{}, fmt::format("virtual time {} ms exceeds the expected {} ms",
                                               result.virtual_time.count(),
                                               w.scenario.expect_virtual_time_at_most->count())});
  result.status = result.failures.empty() ? ScenarioResult::Status::passed : ScenarioResult::Status::failed;
  if (!result.passed()) result.transcripts = w.servers->transcripts();
  return result;
}

}  // namespace mailsim::harness
