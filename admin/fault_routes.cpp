// Faults at run time, in the scenario syntax: GET/POST/DELETE /api/faults,
// DELETE /api/faults/{id}, GET /api/presets, DELETE /api/presets/{name}
// (a preset is switched on by POSTing {"preset": name} as a rule).
#include <yaml-cpp/yaml.h>

#include "admin/admin_routes.hpp"
#include "admin/fault_json.hpp"
#include "admin/time_text.hpp"
#include "harness/scenario/scenario_reading.hpp"
#include "mockserver/faults/presets.hpp"

namespace mailsim::admin {
namespace {

namespace faults = mock::faults;
using nlohmann::json;

bool has_server(const AdminTargets& targets, const std::string& name) {
  return targets.servers.smtp(name) != nullptr || targets.servers.imap(name) != nullptr;
}

// The rule goes through the scenario reader: JSON is YAML, so the API
// accepts exactly what a scenario's faults: list does, with its messages.
harness::FaultSpec read_rule(const json& rule) {
  YAML::Node node;
  try {
    node = YAML::Load(rule.dump());
  } catch (const YAML::Exception& e) {
    throw AdminError(400, "bad_rule", std::string("the rule cannot be read: ") + e.what());
  }
  client::DiagnosticSink sink("rule");
  client::FieldPositions positions;
  const auto no_variables = client::environment_from({});
  client::ReadContext ctx{sink, positions, no_variables};
  auto spec = harness::reading::read_fault(node, "rule", ctx);
  const auto diagnostics = sink.take();
  if (!spec || client::has_errors(diagnostics)) {
    std::string message = "the rule is not valid";
    const char* separator = ": ";
    for (const auto& d : diagnostics) {
      message += separator + (d.field.empty() ? d.message : d.field + ": " + d.message);
      separator = "; ";
    }
    throw AdminError(400, "bad_rule", message);
  }
  return *spec;
}

AdminResponse add(const AdminTargets& targets, const AdminRequest& request) {
  const auto body = json_object_body(request);
  if (!body.contains("server") || !body["server"].is_string())
    throw AdminError(400, "bad_request", "server is missing: the name of the listener the rule applies to");
  const auto server = body["server"].get<std::string>();
  if (!has_server(targets, server)) throw AdminError(400, "bad_request", "no server named " + server);
  if (!body.contains("rule") || !body["rule"].is_object())
    throw AdminError(400, "bad_request", "rule is missing: a fault rule as in a scenario's faults: list");
  const auto spec = read_rule(body["rule"]);
  std::vector<std::string> ids;
  try {
    ids = targets.servers.add_fault(server, spec);
  } catch (const std::invalid_argument& e) {
    throw AdminError(409, "conflict", e.what());
  }
  AdminResponse response;
  response.status = 201;
  response.body = {{"ids", ids}};
  return response;
}

AdminResponse list(const AdminTargets& targets) {
  auto& engine = targets.servers.faults();
  const auto listing = engine.list();
  json rules = json::array();
  for (const auto& r : listing.rules) rules.push_back(rule_json(r));
  for (const auto& t : listing.throttles) rules.push_back(throttle_json(t));
  for (const auto& c : listing.caps) rules.push_back(cap_json(c));
  json fired = json::array();
  for (const auto& f : engine.fired())
    fired.push_back({{"id", f.id},
                     {"on", faults::to_string(f.trigger)},
                     {"verb", f.verb},
                     {"server", f.listener},
                     {"connection", f.connection},
                     {"at", format_time(f.at)}});
  AdminResponse response;
  response.body = {{"rules", rules}, {"fired", fired}};
  return response;
}

// Every rule a preset added has an id "<preset>/<n>".
std::size_t remove_preset(const AdminTargets& targets, const std::string& name) {
  auto& engine = targets.servers.faults();
  const auto listing = engine.list();
  std::vector<std::string> ids;
  const auto prefix = name + "/";
  for (const auto& r : listing.rules) ids.push_back(r.id);
  for (const auto& t : listing.throttles) ids.push_back(t.id);
  for (const auto& c : listing.caps) ids.push_back(c.id);
  std::size_t removed = 0;
  for (const auto& id : ids)
    if (id.starts_with(prefix) && engine.remove(id)) ++removed;
  return removed;
}

}  // namespace

void add_fault_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/api/faults", [&targets](const AdminRequest&, const PathParams&) { return list(targets); });
  router.add("POST", "/api/faults", [&targets](const AdminRequest& r, const PathParams&) { return add(targets, r); });
  router.add("DELETE", "/api/faults", [&targets](const AdminRequest&, const PathParams&) {
    targets.servers.faults().clear();
    AdminResponse response;
    response.body = {{"cleared", true}};
    return response;
  });
  router.add("DELETE", "/api/faults/{id...}", [&targets](const AdminRequest&, const PathParams& p) {
    if (!targets.servers.faults().remove(p.at("id"))) throw AdminError(404, "not_found", "no fault rule " + p.at("id"));
    AdminResponse response;
    response.body = {{"removed", p.at("id")}};
    return response;
  });
  router.add("GET", "/api/presets", [](const AdminRequest&, const PathParams&) {
    json presets = json::array();
    for (const auto name : faults::preset_names()) {
      const auto preset = faults::find_preset(name);
      presets.push_back({{"name", name}, {"description", preset ? preset->description : ""}});
    }
    AdminResponse response;
    response.body = {{"presets", presets}};
    return response;
  });
  router.add("DELETE", "/api/presets/{name}", [&targets](const AdminRequest&, const PathParams& p) {
    const auto removed = remove_preset(targets, p.at("name"));
    if (removed == 0) throw AdminError(404, "not_found", "preset " + p.at("name") + " is not on");
    AdminResponse response;
    response.body = {{"preset", p.at("name")}, {"removed", removed}};
    return response;
  });
}

}  // namespace mailsim::admin
