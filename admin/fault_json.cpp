#include "admin/fault_json.hpp"

#include "admin/time_text.hpp"
#include "client/connection/value_parsers.hpp"

namespace mailsim::admin {

namespace faults = mock::faults;
using nlohmann::json;

json rule_json(const faults::FaultRule& rule) {
  const auto& m = rule.match;
  json j = {{"id", rule.id},
            {"kind", "rule"},
            {"server", m.listener},
            {"on", faults::to_string(m.trigger)},
            {"protocol", faults::to_string(m.protocol)},
            {"verbs", m.verbs},
            {"scope", faults::to_string(m.scope)},
            {"action", faults::to_string(rule.action.kind)}};
  if (!m.user.empty()) j["user"] = m.user;
  if (m.nth) j["nth"] = *m.nth;
  if (m.every) j["every"] = *m.every;
  if (m.after) j["after"] = *m.after;
  if (m.window) j["window"] = {{"from", format_time(m.window->begin)}, {"until", format_time(m.window->end)}};
  if (rule.max_fires) j["max_fires"] = *rule.max_fires;
  if (!rule.action.reply.empty()) j["reply"] = rule.action.reply;
  if (rule.action.close_after) j["close_after"] = true;
  if (rule.action.duration.count() > 0) j["duration"] = client::format_duration(rule.action.duration);
  if (rule.action.bytes > 0) j["bytes"] = rule.action.bytes;
  return j;
}

json throttle_json(const faults::ThrottleRule& t) {
  json j = {{"id", t.id},
            {"kind", "throttle"},
            {"server", t.listener},
            {"throttle", faults::to_string(t.unit)},
            {"protocol", faults::to_string(t.protocol)},
            {"limit", t.limit},
            {"window", client::format_duration(t.window)},
            {"scope", faults::to_string(t.scope)},
            {"verbs", t.verbs},
            {"close_after", t.close_after}};
  if (!t.reply.empty()) j["reply"] = t.reply;
  return j;
}

json cap_json(const faults::ConnectionCap& cap) {
  json j = {{"id", cap.id},
            {"kind", "cap"},
            {"server", cap.listener},
            {"cap", "connections"},
            {"protocol", faults::to_string(cap.protocol)},
            {"max", cap.max},
            {"scope", faults::to_string(cap.scope)},
            {"close_after", cap.close_after}};
  if (!cap.reply.empty()) j["reply"] = cap.reply;
  return j;
}

}  // namespace mailsim::admin
