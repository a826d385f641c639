// Reads one step of a scenario: `- <kind>: <parameters>` with an optional
// `expect:` beside it.
#include <array>

#include "harness/scenario/scenario_reading.hpp"

namespace mailsim::harness::reading {
namespace {

constexpr std::array<std::pair<StepKind, std::string_view>, 23> kKinds = {{
    {StepKind::test_connection, "test_connection"},
    {StepKind::send, "send"},
    {StepKind::search, "search"},
    {StepKind::fetch, "fetch"},
    {StepKind::flag, "flag"},
    {StepKind::unflag, "unflag"},
    {StepKind::move, "move"},
    {StepKind::copy, "copy"},
    {StepKind::remove, "delete"},
    {StepKind::append, "append"},
    {StepKind::idle, "idle"},
    {StepKind::folders, "folders"},
    {StepKind::advance_clock, "advance_clock"},
    {StepKind::add_fault, "add_fault"},
    {StepKind::clear_faults, "clear_faults"},
    {StepKind::wait_for_messages, "wait_for_messages"},
    {StepKind::run, "run"},
    {StepKind::generate_token, "generate_token"},
    {StepKind::expire_tokens, "expire_tokens"},
    {StepKind::revoke_refresh_token, "revoke_refresh_token"},
    {StepKind::fail_token_calls, "fail_token_calls"},
    {StepKind::reload_tokens, "reload_tokens"},
    {StepKind::server_expunge, "server_expunge"},
}};

constexpr std::string_view kOutcomes[] = {"ok", "failed"};
constexpr std::string_view kSendKeys[] = {"from", "to", "cc", "bcc", "subject", "text", "html", "eml", "repeat"};
constexpr std::string_view kSearchKeys[] = {"folder", "unseen", "seen", "from", "to", "subject",
                                            "since",  "before", "text", "larger", "smaller"};
constexpr std::string_view kMessageKeys[] = {"folder", "uid"};
constexpr std::string_view kFlagKeys[] = {"folder", "uid", "flags"};
constexpr std::string_view kMoveKeys[] = {"folder", "uid", "to"};
constexpr std::string_view kAppendKeys[] = {"folder", "file", "flags"};
constexpr std::string_view kIdleKeys[] = {"folder", "timeout", "deliver"};
constexpr std::string_view kDeliverKeys[] = {"server", "user", "from", "to", "subject", "text"};
constexpr std::string_view kServerExpungeKeys[] = {"server", "user", "folder", "uid"};
constexpr std::string_view kServerKeys[] = {"server"};
constexpr std::string_view kWaitKeys[] = {"server", "count", "timeout"};
constexpr std::string_view kRunKeys[] = {"command", "timeout"};
constexpr std::string_view kSideKeys[] = {"side"};
constexpr std::string_view kSides[] = {"outbound", "inbound"};
constexpr std::string_view kTokenFaultKeys[] = {"count", "status", "error"};
constexpr std::string_view kExpectKeys[] = {"outcome",  "reason",  "stage", "server_words", "server_words_regex",
                                            "outbound", "inbound", "count", "exit_code",    "output_contains",
                                            "rejected_recipients", "hint"};
constexpr std::string_view kOutcomeKeys[] = {"outcome", "reason", "stage", "server_words", "server_words_regex", "hint"};

std::optional<TokenSide> parse_side(std::string_view t) {
  if (t == "outbound") return TokenSide::outbound;
  if (t == "inbound") return TokenSide::inbound;
  return std::nullopt;
}

void read_token_fault(YamlSection& s, TokenFaultSpec& fault, Position at, const std::string& path) {
  auto& sink = s.context().sink;
  if (auto v = s.count("count")) fault.count = static_cast<int>(std::min<std::uint64_t>(*v, 1000));
  if (auto v = s.count("status")) {
    if (*v < 400 || *v > 599) sink.error(s.key_position("status"), s.field("status"), "status is an HTTP error status, 400 to 599");
    else fault.status = static_cast<int>(*v);
  }
  if (auto v = s.text("error")) fault.error = *v;
  if (fault.count < 1) sink.error(s.key_position("count"), s.field("count"), "count is at least 1");
  if (s.has("status") == s.has("error"))
    sink.error(at, path, "fail_token_calls needs exactly one of status (e.g. 503) and error (e.g. invalid_grant)");
}

std::optional<bool> parse_outcome(std::string_view t) {
  if (t == "ok") return true;
  if (t == "failed") return false;
  return std::nullopt;
}

std::vector<std::string_view> kind_names() {
  std::vector<std::string_view> names;
  for (const auto& [kind, name] : kKinds) names.push_back(name);
  return names;
}

std::optional<client::Reason> parse_reason_name(std::string_view t) { return client::parse_reason(t); }

std::optional<client::Stage> parse_stage(std::string_view t) {
  for (auto s : {client::Stage::config, client::Stage::resolve, client::Stage::connect, client::Stage::tls,
                 client::Stage::greeting, client::Stage::capabilities, client::Stage::starttls,
                 client::Stage::authenticate, client::Stage::command, client::Stage::data, client::Stage::logout})
    if (client::to_string(s) == t) return s;
  return std::nullopt;
}

std::vector<std::string_view> reason_names() {
  std::vector<std::string_view> names;
  for (int r = static_cast<int>(client::Reason::ok); r <= static_cast<int>(client::Reason::connection_lost); ++r)
    names.push_back(client::to_string(static_cast<client::Reason>(r)));
  return names;
}

void read_send(YamlSection& s, SendSpec& send, const std::string& file) {
  if (auto v = s.text("from")) send.from = *v;
  if (auto v = s.texts("to")) send.to = *v;
  if (auto v = s.texts("cc")) send.cc = *v;
  if (auto v = s.texts("bcc")) send.bcc = *v;
  if (auto v = s.text("subject")) send.subject = *v;
  if (auto v = s.text("text")) send.text = *v;
  if (auto v = s.text("html")) send.html = *v;
  if (auto v = s.text("eml")) send.eml_file = resolve(*v, file);
  if (auto v = s.count("repeat")) send.repeat = static_cast<int>(std::min<std::uint64_t>(*v, 100000));
  if (send.from.empty()) s.context().sink.error(s.context().positions.where(s.path()), s.field("from"), "send needs from");
  if (send.to.empty() && send.cc.empty() && send.bcc.empty())
    s.context().sink.error(s.context().positions.where(s.path()), s.field("to"), "send needs at least one recipient");
}

void read_expect(YamlSection& s, Step& step) {
  StepExpect expect;
  expect.at = s.context().positions.where(s.path());
  if (auto o = read_outcome(s)) expect.outcome = *o;
  for (auto side : {"outbound", "inbound"}) {
    if (auto sub = s.section(side, kOutcomeKeys)) {
      auto o = read_outcome(*sub);
      if (o) (std::string_view(side) == "outbound" ? expect.outbound : expect.inbound) = *o;
    }
  }
  if (auto v = s.count("count")) expect.count = *v;
  if (auto v = s.count("exit_code")) expect.exit_code = static_cast<int>(*v);
  if (auto v = s.texts("output_contains")) expect.output_contains = *v;
  if (auto v = s.texts("rejected_recipients")) expect.rejected_recipients = *v;
  step.expect = std::move(expect);
}

}  // namespace

std::optional<OutcomeExpect> read_outcome(YamlSection& s) {
  OutcomeExpect o;
  if (auto v = s.choice<bool>("outcome", &parse_outcome, kOutcomes)) o.ok = *v;
  const auto reasons = reason_names();
  if (auto v = s.choice<client::Reason>("reason", &parse_reason_name, reasons)) {
    o.reason = *v;
    if (!o.ok) o.ok = *v == client::Reason::ok;  // a reason implies the outcome
  }
  static constexpr std::string_view kStages[] = {"config",   "resolve",      "connect", "tls",  "greeting", "capabilities",
                                                 "starttls", "authenticate", "command", "data", "logout"};
  if (auto v = s.choice<client::Stage>("stage", &parse_stage, kStages)) o.stage = *v;
  if (auto v = s.texts("server_words")) o.server_words = *v;
  if (auto v = s.text("server_words_regex")) o.server_words_regex = *v;
  if (auto v = s.text("hint")) o.hint = *v;
  return o;
}

std::string_view to_string(StepKind k) {
  for (const auto& [kind, name] : kKinds)
    if (kind == k) return name;
  return "step";
}

std::optional<Step> read_step(const YAML::Node& node, const std::string& path, ReadContext& ctx,
                              const std::string& file) {
  const Position at = client::position_of(node.Mark());
  if (!node.IsMap()) {
    ctx.sink.error(at, path, "a step is a map such as `- send: {...}`");
    return std::nullopt;
  }
  // Find the step's kind: the one key that is not expect/name.
  std::optional<StepKind> kind;
  std::string kind_key;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>("");
    if (key == "expect" || key == "name") continue;
    const auto names = kind_names();
    for (const auto& [k, name] : kKinds)
      if (name == key) kind = k, kind_key = key;
    if (!kind) {
      ctx.sink.error(client::position_of(it->first.Mark()), path,
                     client::one_of_message(key, std::span<const std::string_view>(names)));
      return std::nullopt;
    }
    break;
  }
  if (!kind) {
    ctx.sink.error(at, path, "the step says what to do (send, search, test_connection ...)");
    return std::nullopt;
  }
  static constexpr std::string_view kStepKeys[] = {
      "expect", "name", "test_connection", "send", "search", "fetch", "flag", "unflag", "move", "copy", "delete",
      "append", "idle", "folders", "advance_clock", "add_fault", "clear_faults", "wait_for_messages", "run",
      "generate_token", "expire_tokens", "revoke_refresh_token", "fail_token_calls", "reload_tokens",
      "server_expunge"};
  auto top = open_map(node, path, at, kStepKeys, ctx);
  if (!top) return std::nullopt;
  Step step;
  step.kind = *kind;
  step.at = at;
  Position value_at;
  const YAML::Node* value = top->node(kind_key, &value_at);
  const bool empty = value == nullptr || value->IsNull();
  auto params = [&](std::span<const std::string_view> known) -> std::optional<YamlSection> {
    if (empty) return std::nullopt;
    return top->section(kind_key, known);
  };
  switch (*kind) {
    case StepKind::test_connection:
    case StepKind::folders:
      break;
    case StepKind::send:
      if (auto s = params(kSendKeys)) read_send(*s, step.send, file);
      else ctx.sink.error(at, path + ".send", "send needs from, to and a body");
      break;
    case StepKind::search:
      if (auto s = params(kSearchKeys)) {
        for (const auto& key : s->keys()) {
          if (key == "folder") {
            if (auto v = s->text(key)) step.folder = *v;
          } else if (auto v = s->text(key)) {
            step.criteria[key] = *v;
          }
        }
      }
      break;
    case StepKind::fetch:
    case StepKind::remove:
      if (auto s = params(kMessageKeys)) {
        if (auto v = s->text("folder")) step.folder = *v;
        if (auto v = s->count("uid")) step.uid = static_cast<std::uint32_t>(*v);
      }
      break;
    case StepKind::flag:
    case StepKind::unflag:
      if (auto s = params(kFlagKeys)) {
        if (auto v = s->text("folder")) step.folder = *v;
        if (auto v = s->count("uid")) step.uid = static_cast<std::uint32_t>(*v);
        if (auto v = s->texts("flags")) step.flags = *v;
      }
      if (step.flags.empty()) ctx.sink.error(at, path, "flag/unflag needs flags (e.g. [\"\\\\Seen\"])");
      break;
    case StepKind::move:
    case StepKind::copy:
      if (auto s = params(kMoveKeys)) {
        if (auto v = s->text("folder")) step.folder = *v;
        if (auto v = s->count("uid")) step.uid = static_cast<std::uint32_t>(*v);
        if (auto v = s->text("to")) step.target_folder = *v;
      }
      if (step.target_folder.empty()) ctx.sink.error(at, path, "move/copy needs to: the target folder");
      break;
    case StepKind::append:
      if (auto s = params(kAppendKeys)) {
        if (auto v = s->text("folder")) step.folder = *v;
        if (auto v = s->text("file")) step.message_file = resolve(*v, file);
        if (auto v = s->texts("flags")) step.flags = *v;
      }
      if (step.message_file.empty()) ctx.sink.error(at, path, "append needs file: an .eml file");
      break;
    case StepKind::idle:
      step.duration = Millis(5000);
      if (auto s = params(kIdleKeys)) {
        if (auto v = s->text("folder")) step.folder = *v;
        if (auto v = s->duration("timeout")) step.duration = *v;
        if (auto d = s->section("deliver", kDeliverKeys)) {
          SeedMessage m;
          m.at = at;
          if (auto v = d->text("from")) m.from = *v;
          if (auto v = d->text("to")) m.to = *v;
          if (auto v = d->text("subject")) m.subject = *v;
          if (auto v = d->text("text")) m.text = *v;
          if (auto v = d->text("server")) step.server = *v;
          if (auto v = d->text("user")) step.mailbox_user = *v;
          if (step.server.empty() || step.mailbox_user.empty())
            ctx.sink.error(at, path + ".idle.deliver", "deliver needs the imap server and the user it delivers to");
          step.deliver = std::move(m);
        }
      }
      break;
    case StepKind::advance_clock:
      if (auto v = top->duration(kind_key)) step.duration = *v;
      else if (empty) ctx.sink.error(value_at, path, "advance_clock needs a duration (e.g. 1h)");
      break;
    case StepKind::add_fault:
      if (!empty && value->IsMap()) {
        YAML::Node fault = YAML::Clone(*value);
        if (fault["server"]) {
          step.server = fault["server"].as<std::string>("");
          fault.remove("server");
        } else {
          ctx.sink.error(value_at, path, "add_fault needs server: the server it applies to");
        }
        step.fault = read_fault(fault, path + ".add_fault", ctx);
      } else {
        ctx.sink.error(value_at, path, "add_fault needs server: and a fault rule");
      }
      break;
    case StepKind::clear_faults:
      if (auto s = params(kServerKeys))
        if (auto v = s->text("server")) step.server = *v;
      break;
    case StepKind::server_expunge:
      if (auto s = params(kServerExpungeKeys)) {
        if (auto v = s->text("server")) step.server = *v;
        if (auto v = s->text("user")) step.mailbox_user = *v;
        if (auto v = s->text("folder")) step.folder = *v;
        if (auto v = s->count("uid")) step.uid = static_cast<std::uint32_t>(*v);
      }
      if (step.server.empty() || step.mailbox_user.empty() || !step.uid)
        ctx.sink.error(at, path + ".server_expunge", "server_expunge needs server, user and uid");
      break;
    case StepKind::wait_for_messages:
      step.duration = Millis(10000);
      if (auto s = params(kWaitKeys)) {
        if (auto v = s->text("server")) step.server = *v;
        if (auto v = s->count("count")) step.count = *v;
        if (auto v = s->duration("timeout")) step.duration = *v;
      }
      if (step.server.empty()) ctx.sink.error(at, path, "wait_for_messages needs server:");
      break;
    case StepKind::run:
      step.duration = Millis(60000);
      if (auto s = params(kRunKeys)) {
        if (const YAML::Node* command = s->node("command"); command && command->IsScalar()) {
          step.command = {"/bin/sh", "-c", command->Scalar()};
        } else if (auto v = s->texts("command")) {
          step.command = *v;
        }
        if (auto v = s->duration("timeout")) step.duration = *v;
      }
      if (step.command.empty()) ctx.sink.error(at, path, "run needs command: a list (argv) or a shell line");
      break;
    case StepKind::generate_token:
    case StepKind::revoke_refresh_token:
      if (auto s = params(kSideKeys))
        if (auto v = s->choice<TokenSide>("side", &parse_side, kSides)) step.side = *v;
      break;
    case StepKind::expire_tokens:
    case StepKind::reload_tokens:
      if (!empty) ctx.sink.error(value_at, path + "." + kind_key, kind_key + " takes no parameters");
      break;
    case StepKind::fail_token_calls:
      if (auto s = params(kTokenFaultKeys)) read_token_fault(*s, step.token_fault, at, path + ".fail_token_calls");
      else ctx.sink.error(at, path, "fail_token_calls needs count and a status (e.g. 503) or an error (e.g. invalid_grant)");
      break;
  }
  if (auto e = top->section("expect", kExpectKeys)) read_expect(*e, step);
  return step;
}

}  // namespace mailsim::harness::reading

namespace mailsim::harness {
std::string_view to_string(StepKind k) { return reading::to_string(k); }
}  // namespace mailsim::harness
