#include "harness/scenario/scenario_loader.hpp"

#include <filesystem>
#include <fstream>

#include "client/connection/did_you_mean.hpp"
#include "harness/scenario/scenario_reading.hpp"

namespace mailsim::harness {
namespace {

using client::DiagnosticSink;
using client::FieldPositions;
using client::ReadContext;
using client::YamlSection;

constexpr std::string_view kTopKeys[] = {"name", "description", "servers", "oauth", "connection", "steps", "expect"};
constexpr std::string_view kOAuthKeys[] = {"clients", "required_scope", "https", "validation", "clock_skew"};
constexpr Position kTop{1, 1};

// Scenario values take ${VAR} from the process environment. References to
// the scenario's own servers (${mx.port}) and ${ca_file} are kept as written:
// the runner expands them once the servers listen; so are ${ca_file} and
// ${token_store}, files in the run's scratch folder, and what only `run`
// steps see: ${adapters}, ${scenario_dir} and ${work_dir} (step_runner.cpp).
client::Environment scenario_environment() {
  return [env = client::process_environment()](const std::string& name) -> std::optional<std::string> {
    if (name.find('.') != std::string::npos || name == "ca_file" || name == "token_store" || name == "adapters" ||
        name == "scenario_dir" || name == "work_dir")
      return "${" + name + "}";
    return env(name);
  };
}

void read_servers(YamlSection& top, Scenario& scenario, ReadContext& ctx) {
  Position at;
  const YAML::Node* servers = top.node("servers", &at);
  if (servers == nullptr || servers->IsNull()) {
    ctx.sink.error(servers ? at : kTop, "servers", "a scenario needs at least one server under servers");
    return;
  }
  auto map = reading::open_map(*servers, "servers", at, {}, ctx);
  if (!map) return;
  for (const auto& name : map->keys()) {
    const auto server_at = map->key_position(name);
    static constexpr std::string_view kServerKeys[] = {
        "protocol", "stands_for", "security", "certificate", "tls_min", "tls_max", "auth", "auth_requires_tls",
        "users", "max_message_size", "max_recipients", "max_line", "max_sessions",
        "max_sessions_per_ip", "idle_timeout", "mailboxes", "faults", "required_scope",
        "auth_style", "smtp_client_auth_disabled", "token_expiry", "capabilities_without", "max_literal"};
    auto section = map->section(name, kServerKeys);
    if (!section) {
      if (map->node(name)->IsNull()) ctx.sink.error(server_at, "servers." + name, "the server needs a protocol");
      continue;
    }
    if (auto server = reading::read_server(name, *section, scenario.file)) {
      server->at = server_at;
      scenario.servers.push_back(std::move(*server));
    }
  }
}

void read_steps(YamlSection& top, Scenario& scenario, ReadContext& ctx) {
  Position at;
  const YAML::Node* steps = top.node("steps", &at);
  if (steps == nullptr || steps->IsNull() || (steps->IsSequence() && steps->size() == 0)) {
    ctx.sink.error(steps ? at : kTop, "steps", "a scenario needs at least one step");
    return;
  }
  if (!steps->IsSequence()) {
    ctx.sink.error(at, "steps", "expected a list of steps");
    return;
  }
  std::size_t i = 0;
  for (const YAML::Node& node : *steps) {
    const std::string path = "steps[" + std::to_string(i++) + "]";
    if (auto step = reading::read_step(node, path, ctx, scenario.file)) scenario.steps.push_back(std::move(*step));
  }
}

void read_expect(YamlSection& top, Scenario& scenario, ReadContext& ctx) {
  if (!top.has("expect")) return;
  auto expect = top.section("expect", {});
  if (!expect) return;
  for (const auto& key : expect->keys()) {
    if (key == "virtual_time_at_most") {
      scenario.expect_virtual_time_at_most = expect->duration(key);
      continue;
    }
    if (key == "oauth") {
      static constexpr std::string_view kOAuthExpectKeys[] = {"grants"};
      if (auto section = expect->section(key, kOAuthExpectKeys)) scenario.expect_oauth = reading::read_oauth_expect(*section);
      continue;
    }
    if (!scenario.server(key)) {
      std::vector<std::string_view> names;
      for (const auto& s : scenario.servers) names.push_back(s.name);
      std::string message = "expect refers to '" + key + "', which is not a server of this scenario";
      if (auto near = client::closest_match(key, names)) message += "; did you mean '" + std::string(*near) + "'?";
      ctx.sink.error(expect->key_position(key), "expect." + key, message);
      continue;
    }
    static constexpr std::string_view kServerExpectKeys[] = {
        "messages", "message", "transcript_contains", "transcript_not_contains", "faults_fired", "mailboxes"};
    auto section = expect->section(key, kServerExpectKeys);
    if (!section) continue;
    if (auto server_expect = reading::read_server_expect(key, *section)) {
      server_expect->at = expect->key_position(key);
      scenario.expect.push_back(std::move(*server_expect));
    }
  }
}

void read_oauth(YamlSection& top, Scenario& scenario) {
  if (!top.has("oauth")) return;
  if (auto section = top.section("oauth", kOAuthKeys)) scenario.oauth = reading::read_oauth(*section);
}

bool is_token_step(StepKind kind) {
  return kind == StepKind::generate_token || kind == StepKind::expire_tokens ||
         kind == StepKind::revoke_refresh_token || kind == StepKind::fail_token_calls ||
         kind == StepKind::reload_tokens;
}

// Token steps, OAuth expectations and per-server scopes need the OAuth mock.
void check_oauth_references(const Scenario& scenario, DiagnosticSink& sink) {
  if (scenario.oauth) return;
  const std::string why = " needs the OAuth mock: add an oauth: section with clients";
  for (const auto& step : scenario.steps)
    if (is_token_step(step.kind)) sink.error(step.at, std::string(to_string(step.kind)), std::string(to_string(step.kind)) + why);
  if (scenario.expect_oauth) sink.error(scenario.expect_oauth->at, "expect.oauth", "expect.oauth" + why);
  for (const auto& server : scenario.servers) {
    if (server.required_scope)
      sink.error(server.at, "servers." + server.name + ".required_scope", "required_scope" + why);
    for (const auto& fault : server.faults) {
      const auto* rule = std::get_if<mock::faults::FaultRule>(&fault.rule);
      if (rule && (rule->action.kind == mock::faults::ActionKind::expire_token ||
                   rule->action.kind == mock::faults::ActionKind::revoke_token))
        sink.error(fault.at, "servers." + server.name + ".faults",
                   std::string(mock::faults::to_string(rule->action.kind)) + why);
    }
  }
}

// Steps and expectations may only name servers the scenario declares.
void check_server_references(const Scenario& scenario, DiagnosticSink& sink) {
  for (const auto& step : scenario.steps) {
    if (step.server.empty()) continue;
    if (!scenario.server(step.server))
      sink.error(step.at, std::string(to_string(step.kind)), "no server named '" + step.server + "' in this scenario");
  }
}

}  // namespace

const ServerSpec* Scenario::server(std::string_view name) const {
  for (const auto& s : servers)
    if (s.name == name) return &s;
  return nullptr;
}

ScenarioLoad load_scenario_text(std::string_view text, const std::string& name) {
  ScenarioLoad result;
  result.scenario.file = name;
  DiagnosticSink sink(name);
  FieldPositions positions;
  const auto env = scenario_environment();
  ReadContext ctx{sink, positions, env};
  if (text.size() > kMaxScenarioFileBytes) {
    sink.error({}, "", "the file is larger than 4 MiB");
    result.diagnostics = sink.take();
    return result;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    sink.error(client::position_of(e.mark), "", "invalid YAML: " + e.msg);
    result.diagnostics = sink.take();
    return result;
  }
  if (!root.IsMap()) {
    sink.error(kTop, "", "a scenario is a map with name, servers, connection and steps");
    result.diagnostics = sink.take();
    return result;
  }
  auto top = YamlSection::open(root, "", kTop, kTopKeys, ctx);
  if (!top) {
    result.diagnostics = sink.take();
    return result;
  }
  Scenario& scenario = result.scenario;
  if (auto v = top->text("name")) scenario.name = *v;
  if (scenario.name.empty()) sink.error(kTop, "name", "a scenario needs a name (one line shown in reports)");
  if (auto v = top->text("description")) scenario.description = *v;
  read_servers(*top, scenario, ctx);
  read_oauth(*top, scenario);
  if (const YAML::Node* connection = top->node("connection", &scenario.connection_at)) {
    scenario.connection = *connection;
  } else {
    sink.error(kTop, "connection", "a scenario needs a connection (outbound and inbound, as in a connection file)");
  }
  read_steps(*top, scenario, ctx);
  read_expect(*top, scenario, ctx);
  check_server_references(scenario, sink);
  check_oauth_references(scenario, sink);
  result.diagnostics = sink.take();
  return result;
}

ScenarioLoad load_scenario_file(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxScenarioFileBytes) {
    ScenarioLoad result;
    result.scenario.file = path;
    DiagnosticSink sink(path);
    sink.error({}, "", ec ? "cannot read the scenario file: " + ec.message() : "the file is larger than 4 MiB");
    result.diagnostics = sink.take();
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return load_scenario_text(text, path);
}

}  // namespace mailsim::harness
