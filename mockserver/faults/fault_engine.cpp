#include "mockserver/faults/fault_engine.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace mailsim::mock::faults {
namespace {

constexpr std::size_t kMaxFiredKept = 10000;

bool protocol_matches(Protocol wanted, Protocol actual) { return wanted == Protocol::any || wanted == actual; }

bool listener_matches(const std::string& wanted, std::string_view actual) {
  return wanted.empty() || wanted == actual;
}

std::string connection_key(std::string_view listener, std::uint64_t connection) {
  return fmt::format("{}#{}", listener, connection);
}

std::string scope_key(Scope scope, const FaultEvent& e) {
  switch (scope) {
    case Scope::connection: return connection_key(e.listener, e.connection);
    case Scope::user: return std::string(e.user);
    case Scope::listener: return std::string(e.listener);
    case Scope::ip: return std::string(e.client_ip);
    case Scope::global: return {};
  }
  return {};
}

bool counts_toward(const ThrottleRule& rule, const FaultEvent& e) {
  switch (rule.unit) {
    case ThrottleUnit::connections: return e.trigger == Trigger::connect;
    case ThrottleUnit::messages:
      return e.trigger == Trigger::command && (e.verb == "MAIL" || e.verb == "APPEND");
    case ThrottleUnit::recipients: return e.trigger == Trigger::command && e.verb == "RCPT";
    case ThrottleUnit::commands: return e.trigger == Trigger::command && verb_matches(rule.verbs, e.verb);
  }
  return false;
}

std::string default_throttle_reply(Protocol protocol, const FaultEvent& e, long retry_seconds) {
  if (protocol == Protocol::imap) {
    if (e.trigger == Trigger::connect)
      return fmt::format("* BYE [UNAVAILABLE] Rate limit exceeded, try again in {} seconds", retry_seconds);
    return fmt::format("NO [LIMIT] Rate limit exceeded, try again in {} seconds", retry_seconds);
  }
  return fmt::format("421 4.7.0 Rate limit exceeded, try again in {} seconds", retry_seconds);
}

std::string default_cap_reply(Protocol protocol, const FaultEvent& e) {
  if (protocol == Protocol::imap) {
    if (e.trigger == Trigger::connect) return "* BYE [UNAVAILABLE] Too many connections, try again later";
    return "NO [LIMIT] Too many simultaneous connections";
  }
  return "421 4.7.0 Too many concurrent connections, try again later";
}

}  // namespace

bool verb_matches(const std::vector<std::string>& verbs, std::string_view verb) {
  if (verbs.empty()) return true;
  const auto space = verb.rfind(' ');
  const std::string_view last = space == std::string_view::npos ? verb : verb.substr(space + 1);
  return std::any_of(verbs.begin(), verbs.end(), [&](const std::string& v) { return v == verb || v == last; });
}

FaultEngine::FaultEngine(std::shared_ptr<const Clock> clock) : clock_(std::move(clock)) {}

std::string FaultEngine::next_id(std::string id) {
  auto in_use = [&](const std::string& candidate) {
    return std::any_of(rules_.begin(), rules_.end(), [&](auto& r) { return r.rule.id == candidate; }) ||
           std::any_of(throttles_.begin(), throttles_.end(), [&](auto& t) { return t.rule.id == candidate; }) ||
           std::any_of(caps_.begin(), caps_.end(), [&](auto& c) { return c.cap.id == candidate; });
  };
  if (id.empty()) {
    do id = fmt::format("rule-{}", ++id_counter_);
    while (in_use(id));
    return id;
  }
  if (in_use(id)) throw std::invalid_argument("fault rule id '" + id + "' is already in use");
  return id;
}

std::string FaultEngine::add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  rule.id = next_id(std::move(rule.id));
  rules_.push_back({rule, {}, 0});
  return rule.id;
}

std::string FaultEngine::add(ThrottleRule rule) {
  if (rule.window.count() <= 0) throw std::invalid_argument("a throttle needs a window longer than zero");
  std::lock_guard lock(mutex_);
  rule.id = next_id(std::move(rule.id));
  throttles_.push_back({rule, {}});
  return rule.id;
}

std::string FaultEngine::add(ConnectionCap cap) {
  if (cap.scope == Scope::connection || cap.scope == Scope::global)
    throw std::invalid_argument("a connection cap counts per listener, user or ip");
  std::lock_guard lock(mutex_);
  cap.id = next_id(std::move(cap.id));
  caps_.push_back({cap, {}});
  return cap.id;
}

bool FaultEngine::remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto before = rules_.size() + throttles_.size() + caps_.size();
  std::erase_if(rules_, [&](const RuleState& r) { return r.rule.id == id; });
  std::erase_if(throttles_, [&](const ThrottleState& t) { return t.rule.id == id; });
  std::erase_if(caps_, [&](const CapState& c) { return c.cap.id == id; });
  return rules_.size() + throttles_.size() + caps_.size() != before;
}

void FaultEngine::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
  throttles_.clear();
  caps_.clear();
}

FaultEngine::Listing FaultEngine::list() const {
  std::lock_guard lock(mutex_);
  Listing out;
  for (const auto& r : rules_) out.rules.push_back(r.rule);
  for (const auto& t : throttles_) out.throttles.push_back(t.rule);
  for (const auto& c : caps_) out.caps.push_back(c.cap);
  return out;
}

std::optional<FaultAction> FaultEngine::consult(const FaultEvent& event) {
  std::optional<FaultAction> action;
  TokenAction token_action;
  {
    std::lock_guard lock(mutex_);
    if (auto cap = check_caps(event)) return cap;
    if (auto throttle = check_throttles(event)) return throttle;
    action = check_rules(event);
    token_action = token_action_;
  }
  if (action && token_action &&
      (action->kind == ActionKind::expire_token || action->kind == ActionKind::revoke_token))
    token_action(action->kind, event);
  return action;
}

void FaultEngine::set_token_action(TokenAction action) {
  std::lock_guard lock(mutex_);
  token_action_ = std::move(action);
}

std::optional<FaultAction> FaultEngine::check_caps(const FaultEvent& e) {
  for (auto& state : caps_) {
    const auto& cap = state.cap;
    if (!protocol_matches(cap.protocol, e.protocol) || !listener_matches(cap.listener, e.listener)) continue;
    const bool at_connect = e.trigger == Trigger::connect && cap.scope != Scope::user;
    const bool at_auth = e.trigger == Trigger::authenticated && cap.scope == Scope::user;
    if (!at_connect && !at_auth) continue;
    auto& open = state.open[scope_key(cap.scope, e)];
    if (open.size() >= cap.max) {
      record(cap.id, e);
      FaultAction action;
      action.kind = ActionKind::reply;
      action.reply = cap.reply.empty() ? default_cap_reply(e.protocol, e) : cap.reply;
      action.close_after = cap.close_after;
      return action;
    }
    open.insert(connection_key(e.listener, e.connection));
  }
  return std::nullopt;
}

std::optional<FaultAction> FaultEngine::check_throttles(const FaultEvent& e) {
  const auto now = clock_->now();
  for (auto& state : throttles_) {
    const auto& rule = state.rule;
    if (!protocol_matches(rule.protocol, e.protocol) || !listener_matches(rule.listener, e.listener)) continue;
    if (!counts_toward(rule, e)) continue;
    auto& events = state.events[scope_key(rule.scope, e)];
    while (!events.empty() && events.front() <= now - rule.window) events.pop_front();
    if (events.size() >= rule.limit) {
      record(rule.id, e);
      // When the oldest event leaves the window, one more is allowed.
      const auto retry = events.empty() ? rule.window : events.front() + rule.window - now;
      const long seconds = std::max<long>(
          1, static_cast<long>(std::chrono::ceil<std::chrono::seconds>(retry).count()));
      FaultAction action;
      action.kind = ActionKind::reply;
      action.reply = rule.reply.empty() ? default_throttle_reply(e.protocol, e, seconds) : rule.reply;
      action.close_after = rule.close_after;
      return action;
    }
    events.push_back(now);
  }
  return std::nullopt;
}

std::optional<FaultAction> FaultEngine::check_rules(const FaultEvent& e) {
  const auto now = clock_->now();
  std::optional<FaultAction> chosen;
  for (auto& state : rules_) {
    const auto& m = state.rule.match;
    if (m.trigger != e.trigger || !protocol_matches(m.protocol, e.protocol)) continue;
    if (!listener_matches(m.listener, e.listener)) continue;
    if (!m.user.empty() && m.user != e.user) continue;
    if (e.trigger == Trigger::command && !verb_matches(m.verbs, e.verb)) continue;
    if (m.window && (now < m.window->begin || now >= m.window->end)) continue;
    if (state.rule.max_fires && state.fires >= *state.rule.max_fires) continue;
    const std::uint64_t n = ++state.counts[scope_key(m.scope, e)];
    bool fires = true;
    if (m.nth && n != *m.nth) fires = false;
    if (m.every && (*m.every == 0 || n % *m.every != 0)) fires = false;
    if (m.after && n <= *m.after) fires = false;
    if (fires && !chosen) {
      ++state.fires;
      record(state.rule.id, e);
      chosen = state.rule.action;
    }
  }
  return chosen;
}

void FaultEngine::connection_closed(std::string_view listener, std::uint64_t connection) {
  std::lock_guard lock(mutex_);
  const auto key = connection_key(listener, connection);
  for (auto& state : caps_)
    for (auto& [scope, open] : state.open) open.erase(key);
}

void FaultEngine::record(const std::string& id, const FaultEvent& e) {
  if (fired_.size() >= kMaxFiredKept) fired_.pop_front();
  fired_.push_back({id, e.trigger, std::string(e.verb), std::string(e.listener), e.connection, clock_->now()});
}

std::vector<FiredFault> FaultEngine::fired() const {
  std::lock_guard lock(mutex_);
  return {fired_.begin(), fired_.end()};
}

}  // namespace mailsim::mock::faults
