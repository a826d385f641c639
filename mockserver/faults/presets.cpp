#include "mockserver/faults/presets.hpp"

#include <functional>
#include <utility>

namespace mailsim::mock::faults {
namespace {

using namespace std::chrono_literals;
using Builder = std::function<Preset(const PresetOptions&)>;

FaultRule on_connect(ActionKind kind, std::string reply = {}, bool close_after = false) {
  FaultRule rule;
  rule.match.trigger = Trigger::connect;
  rule.match.protocol = Protocol::smtp;
  rule.action.kind = kind;
  rule.action.reply = std::move(reply);
  rule.action.close_after = close_after;
  return rule;
}

// Port 25 blocked by a silent drop: clouds (e.g. the AWS, GCP and Azure
// documentation on outbound port 25) drop the packets, so the client sees
// nothing and times out. On loopback we accept and stay silent.
Preset port25_blocked_drop(const PresetOptions&) {
  return {"port25_blocked_drop", "port 25 silently dropped: the client times out",
          {on_connect(ActionKind::blackhole)}, {}, {}};
}

// Port 25 blocked by a reset: ISP and firewall blocks that answer the
// connection with RST.
Preset port25_blocked_reset(const PresetOptions&) {
  return {"port25_blocked_reset", "port 25 refused with a TCP reset", {on_connect(ActionKind::reset)}, {}, {}};
}

// A throttled port 25 answering with a 421 banner (RFC 5321 3.8 allows a
// 421 greeting; Gmail's MX uses "421 4.7.0 Try again later, closing
// connection." per Google's "SMTP error reference").
Preset port25_throttled_banner(const PresetOptions&) {
  return {"port25_throttled_banner", "port 25 answers every connection with a 421 banner",
          {on_connect(ActionKind::reply, "421 4.7.0 Try again later, closing connection.", true)}, {}, {}};
}

// Throttled after N messages per window (default 10 per hour).
Preset port25_throttled_after_n(const PresetOptions& o) {
  ThrottleRule t;
  t.protocol = Protocol::smtp;
  t.unit = ThrottleUnit::messages;
  t.limit = o.limit.value_or(10);
  t.window = o.window.value_or(std::chrono::milliseconds(1h));
  t.scope = Scope::ip;
  t.close_after = true;
  return {"port25_throttled_after_n", "port 25 throttled after N messages per window (421 4.7.0)", {}, {t}, {}};
}

// Exchange Online SMTP AUTH client submission. Microsoft Learn, "Message
// storage and concurrent connection throttling for SMTP Authenticated
// Submission": three concurrent connections per mailbox ("432 4.3.2
// Concurrent connections limit exceeded."), 30 messages a minute, 10,000
// recipients a day ("554 5.2.0 STOREDRV.Submission.Exception:
// SubmissionQuotaExceededException").
Preset exchange_online_smtp(const PresetOptions& o) {
  ConnectionCap cap;
  cap.protocol = Protocol::smtp;
  cap.scope = Scope::user;
  cap.max = o.limit.value_or(3);
  cap.reply = "432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more information.";
  cap.close_after = true;
  ThrottleRule rate;
  rate.protocol = Protocol::smtp;
  rate.unit = ThrottleUnit::messages;
  rate.limit = 30;
  rate.window = o.window.value_or(std::chrono::milliseconds(1min));
  rate.scope = Scope::user;
  // Exchange's receive-connector wording for MessageRateLimit.
  rate.reply = "450 4.4.2 Message submission rate for this client has exceeded the configured limit";
  ThrottleRule quota;
  quota.protocol = Protocol::smtp;
  quota.unit = ThrottleUnit::recipients;
  quota.limit = 10000;
  quota.window = std::chrono::milliseconds(24h);
  quota.scope = Scope::user;
  quota.reply =
      "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to "
      "a permanent exception with message [BeginDiagnosticData]Message submission quota exceeded[EndDiagnosticData]";
  return {"exchange_online_smtp", "Exchange Online SMTP AUTH limits: 3 concurrent, 30/min, 10,000 recipients/day",
          {}, {rate, quota}, {cap}};
}

// Exchange Online IMAP: 20 concurrent sessions per mailbox (Microsoft
// Learn, "Exchange Online limits", POP/IMAP) and command throttling worded
// as clients report it: "BAD Request is throttled. Suggested Backoff Time:
// N milliseconds".
Preset exchange_online_imap(const PresetOptions& o) {
  ConnectionCap cap;
  cap.protocol = Protocol::imap;
  cap.scope = Scope::user;
  cap.max = o.limit.value_or(20);
  cap.reply = "NO [UNAVAILABLE] Too many concurrent connections for this mailbox";
  cap.close_after = true;
  ThrottleRule commands;
  commands.protocol = Protocol::imap;
  commands.unit = ThrottleUnit::commands;
  commands.limit = 500;
  commands.window = o.window.value_or(std::chrono::milliseconds(1min));
  commands.scope = Scope::user;
  commands.reply = "BAD Request is throttled. Suggested Backoff Time: 60000 milliseconds";
  return {"exchange_online_imap", "Exchange Online IMAP: 20 concurrent sessions, command throttling", {},
          {commands}, {cap}};
}

// Gmail IMAP: 15 simultaneous connections per account (Google Workspace
// Admin Help, "Gmail IMAP errors": "Too many simultaneous connections").
Preset gmail_imap(const PresetOptions& o) {
  ConnectionCap cap;
  cap.protocol = Protocol::imap;
  cap.scope = Scope::user;
  cap.max = o.limit.value_or(15);
  cap.reply = "NO [ALERT] Too many simultaneous connections. (Failure)";
  cap.close_after = true;
  return {"gmail_imap", "Gmail IMAP: 15 simultaneous connections per account", {}, {}, {cap}};
}

// Gmail SMTP (Google's "SMTP error reference"): "421 4.7.0 Try again later,
// closing connection." for rate limits and "454 4.7.0 Too many login
// attempts, please try again later." for repeated AUTH.
Preset gmail_smtp(const PresetOptions& o) {
  ThrottleRule rate;
  rate.protocol = Protocol::smtp;
  rate.unit = ThrottleUnit::messages;
  rate.limit = o.limit.value_or(20);
  rate.window = o.window.value_or(std::chrono::milliseconds(1min));
  rate.scope = Scope::user;
  rate.reply = "421 4.7.0 Try again later, closing connection.";
  rate.close_after = true;
  ThrottleRule logins;
  logins.protocol = Protocol::smtp;
  logins.unit = ThrottleUnit::commands;
  logins.verbs = {"AUTH"};
  logins.limit = 10;
  logins.window = std::chrono::milliseconds(1min);
  logins.scope = Scope::ip;
  logins.reply = "454 4.7.0 Too many login attempts, please try again later.";
  return {"gmail_smtp", "Gmail SMTP: message rate (421 4.7.0) and login attempts (454 4.7.0)", {}, {rate, logins},
          {}};
}

const std::vector<std::pair<std::string_view, Builder>>& registry() {
  static const std::vector<std::pair<std::string_view, Builder>> presets = {
      {"port25_blocked_drop", port25_blocked_drop},
      {"port25_blocked_reset", port25_blocked_reset},
      {"port25_throttled_banner", port25_throttled_banner},
      {"port25_throttled_after_n", port25_throttled_after_n},
      {"exchange_online_smtp", exchange_online_smtp},
      {"exchange_online_imap", exchange_online_imap},
      {"gmail_imap", gmail_imap},
      {"gmail_smtp", gmail_smtp},
  };
  return presets;
}

}  // namespace

std::vector<std::string_view> preset_names() {
  std::vector<std::string_view> names;
  for (const auto& [name, builder] : registry()) names.push_back(name);
  return names;
}

std::optional<Preset> find_preset(std::string_view name, const PresetOptions& options) {
  for (const auto& [candidate, builder] : registry()) {
    if (candidate != name) continue;
    Preset preset = builder(options);
    for (auto& r : preset.rules) r.match.listener = options.listener;
    for (auto& t : preset.throttles) t.listener = options.listener;
    for (auto& c : preset.caps) c.listener = options.listener;
    return preset;
  }
  return std::nullopt;
}

std::vector<std::string> apply_preset(FaultEngine& engine, const Preset& preset) {
  std::vector<std::string> ids;
  int n = 0;
  auto id = [&] { return preset.name + "/" + std::to_string(++n); };
  for (auto r : preset.rules) {
    r.id = id();
    ids.push_back(engine.add(std::move(r)));
  }
  for (auto t : preset.throttles) {
    t.id = id();
    ids.push_back(engine.add(std::move(t)));
  }
  for (auto c : preset.caps) {
    c.id = id();
    ids.push_back(engine.add(std::move(c)));
  }
  return ids;
}

}  // namespace mailsim::mock::faults
