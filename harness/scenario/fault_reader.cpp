// Reads one fault of a scenario: a rule (on:), a throttle, a cap or a preset.
#include "harness/scenario/scenario_reading.hpp"
#include "mockserver/faults/presets.hpp"

namespace mailsim::harness::reading {
namespace {

namespace faults = mock::faults;

constexpr std::string_view kRuleKeys[] = {"id",     "on",       "protocol", "verb",  "verbs",       "user",
                                          "scope",  "nth",      "every",    "after", "window",      "max_fires",
                                          "action", "reply",    "close_after", "duration", "bytes"};
constexpr std::string_view kThrottleKeys[] = {"id",    "throttle", "protocol", "limit",      "window",
                                              "scope", "verbs",    "reply",    "close_after"};
constexpr std::string_view kCapKeys[] = {"id", "cap", "protocol", "max", "scope", "reply", "close_after"};
constexpr std::string_view kPresetKeys[] = {"preset", "limit", "window"};
constexpr std::string_view kWindowKeys[] = {"from", "until"};
constexpr std::string_view kTriggers[] = {"connect", "greeting", "tls_handshake", "command",
                                          "authenticated", "data_end", "literal"};
constexpr std::string_view kActions[] = {"reply",          "delay",           "tarpit",
                                         "close",          "reset",           "blackhole",
                                         "drop_mid_response", "refuse_starttls", "fail_tls_handshake",
                                         "stall_tls_handshake", "disconnect_after_bytes", "expire_token",
                                         "revoke_token"};
constexpr std::string_view kScopes[] = {"connection", "user", "listener", "ip", "global"};
constexpr std::string_view kCapScopes[] = {"listener", "user", "ip"};
constexpr std::string_view kUnits[] = {"messages", "recipients", "connections", "commands"};
constexpr std::string_view kProtocols[] = {"smtp", "imap", "any"};

std::vector<std::string> upper(std::vector<std::string> words) {
  for (auto& w : words)
    for (auto& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return words;
}

std::optional<FaultSpec> read_rule(YamlSection& s, Position at) {
  FaultSpec spec;
  spec.at = at;
  faults::FaultRule rule;
  if (auto v = s.text("id")) rule.id = *v;
  if (auto v = s.choice<faults::Trigger>("on", &faults::parse_trigger, kTriggers)) rule.match.trigger = *v;
  if (auto v = s.choice<faults::Protocol>("protocol", &faults::parse_protocol, kProtocols)) rule.match.protocol = *v;
  if (auto v = s.texts("verb")) rule.match.verbs = upper(*v);
  if (auto v = s.texts("verbs")) rule.match.verbs = upper(*v);
  if (auto v = s.text("user")) rule.match.user = *v;
  if (auto v = s.choice<faults::Scope>("scope", &faults::parse_scope, kScopes)) rule.match.scope = *v;
  if (auto v = s.count("nth")) rule.match.nth = *v;
  if (auto v = s.count("every")) rule.match.every = *v;
  if (auto v = s.count("after")) rule.match.after = *v;
  if (auto v = s.count("max_fires")) rule.max_fires = *v;
  if (auto w = s.section("window", kWindowKeys)) {
    const Millis from = w->duration("from").value_or(Millis(0));
    const auto until = w->duration("until");
    if (!until) {
      s.context().sink.error(at, s.field("window"), "a window needs until (e.g. {from: 0s, until: 10m})");
    } else if (*until <= from) {
      s.context().sink.error(at, s.field("window"), "the window ends before it starts");
    } else {
      spec.window = std::make_pair(from, *until);
    }
  }
  if (auto v = s.choice<faults::ActionKind>("action", &faults::parse_action, kActions)) {
    rule.action.kind = *v;
  } else if (!s.has("action") && !s.has("reply")) {
    s.context().sink.error(at, s.field("action"), "a rule needs an action (or a reply)");
    return std::nullopt;
  }
  if (auto v = s.text("reply")) rule.action.reply = *v;
  if (auto v = s.boolean("close_after")) rule.action.close_after = *v;
  if (auto v = s.duration("duration")) rule.action.duration = *v;
  if (auto v = s.count("bytes")) rule.action.bytes = *v;
  if (rule.action.kind == faults::ActionKind::reply && rule.action.reply.empty()) {
    s.context().sink.error(at, s.field("reply"), "action reply needs the reply's words");
    return std::nullopt;
  }
  spec.rule = std::move(rule);
  return spec;
}

std::optional<FaultSpec> read_throttle(YamlSection& s, Position at) {
  faults::ThrottleRule t;
  if (auto v = s.text("id")) t.id = *v;
  auto unit = s.choice<faults::ThrottleUnit>("throttle", &faults::parse_throttle_unit, kUnits);
  if (!unit) return std::nullopt;
  t.unit = *unit;
  if (auto v = s.choice<faults::Protocol>("protocol", &faults::parse_protocol, kProtocols)) t.protocol = *v;
  if (auto v = s.count("limit")) {
    t.limit = *v;
  } else {
    s.context().sink.error(at, s.field("limit"), "a throttle needs a limit (units per window)");
    return std::nullopt;
  }
  if (auto v = s.duration("window")) t.window = *v;
  if (auto v = s.choice<faults::Scope>("scope", &faults::parse_scope, kCapScopes)) t.scope = *v;
  if (auto v = s.texts("verbs")) t.verbs = upper(*v);
  if (auto v = s.text("reply")) t.reply = *v;
  if (auto v = s.boolean("close_after")) t.close_after = *v;
  return FaultSpec{at, std::move(t), std::nullopt};
}

std::optional<FaultSpec> read_cap(YamlSection& s, Position at) {
  faults::ConnectionCap cap;
  if (auto v = s.text("id")) cap.id = *v;
  auto what = s.text("cap");
  if (what && *what != "connections") {
    s.context().sink.error(at, s.field("cap"), "'" + *what + "' cannot be capped; write cap: connections");
    return std::nullopt;
  }
  if (auto v = s.choice<faults::Protocol>("protocol", &faults::parse_protocol, kProtocols)) cap.protocol = *v;
  if (auto v = s.count("max")) {
    cap.max = *v;
  } else {
    s.context().sink.error(at, s.field("max"), "a cap needs max (connections at once)");
    return std::nullopt;
  }
  if (auto v = s.choice<faults::Scope>("scope", &faults::parse_scope, kCapScopes)) cap.scope = *v;
  if (auto v = s.text("reply")) cap.reply = *v;
  if (auto v = s.boolean("close_after")) cap.close_after = *v;
  return FaultSpec{at, std::move(cap), std::nullopt};
}

std::optional<FaultSpec> read_preset(YamlSection& s, Position at) {
  PresetRef ref;
  auto name = s.text("preset");
  if (!name) return std::nullopt;
  const auto names = faults::preset_names();
  if (!faults::find_preset(*name)) {
    s.context().sink.error(at, s.field("preset"),
                           client::one_of_message(*name, std::span<const std::string_view>(names)));
    return std::nullopt;
  }
  ref.name = *name;
  if (auto v = s.count("limit")) ref.limit = *v;
  if (auto v = s.duration("window")) ref.window = *v;
  return FaultSpec{at, std::move(ref), std::nullopt};
}

}  // namespace

std::optional<FaultSpec> read_fault(const YAML::Node& node, const std::string& path, ReadContext& ctx) {
  const Position at = client::position_of(node.Mark());
  if (!node.IsMap()) {
    ctx.sink.error(at, path, "expected a fault rule (a map with on:, throttle:, cap: or preset:)");
    return std::nullopt;
  }
  if (node["throttle"]) {
    auto s = open_map(node, path, at, kThrottleKeys, ctx);
    return s ? read_throttle(*s, at) : std::nullopt;
  }
  if (node["cap"]) {
    auto s = open_map(node, path, at, kCapKeys, ctx);
    return s ? read_cap(*s, at) : std::nullopt;
  }
  if (node["preset"]) {
    auto s = open_map(node, path, at, kPresetKeys, ctx);
    return s ? read_preset(*s, at) : std::nullopt;
  }
  if (node["on"]) {
    auto s = open_map(node, path, at, kRuleKeys, ctx);
    return s ? read_rule(*s, at) : std::nullopt;
  }
  ctx.sink.error(at, path, "a fault starts with one of on:, throttle:, cap: or preset:");
  return std::nullopt;
}

}  // namespace mailsim::harness::reading
