#include "harness/scenario/step_runner.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

#include "client/connector/search_query.hpp"
#include "client/mime/message_builder.hpp"
#include "client/connection/environment.hpp"
#include "common/process/child_process.hpp"

namespace mailsim::harness {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void fail(ScenarioResult& result, Position at, std::string message) {
  result.failures.push_back({at, std::move(message)});
}

std::string summary(const std::optional<client::Failure>& failure) {
  return failure ? "failed " + client::describe(*failure) : "ok";
}

const OutcomeExpect& outcome_of(const Step& step) {
  static const OutcomeExpect kSucceeds{.ok = true};
  return step.expect ? step.expect->outcome : kSucceeds;
}

Position expect_at(const Step& step) { return step.expect ? step.expect->at : step.at; }

std::vector<std::uint32_t> uids_for(const Step& step, const StepContext& ctx) {
  if (step.uid) return {*step.uid};
  return ctx.last_hits;
}

client::mime::OutgoingMessage build(const SendSpec& spec) {
  client::mime::OutgoingMessage m;
  m.from = {"", spec.from};
  for (const auto& a : spec.to) m.to.push_back({"", a});
  for (const auto& a : spec.cc) m.cc.push_back({"", a});
  for (const auto& a : spec.bcc) m.bcc.push_back({"", a});
  m.subject = spec.subject;
  m.text = spec.text;
  m.html = spec.html;
  if (!m.text && !m.html) m.text = "";
  return m;
}

template <class T>
void check_simple(const Step& step, const client::Outcome<T>& outcome, ScenarioResult& result) {
  check_outcome(outcome.failure, outcome_of(step), expect_at(step), std::string(to_string(step.kind)),
                result.failures);
}

void run_send(const Step& step, StepContext& ctx, ScenarioResult& result) {
  int sent = 0;
  std::optional<client::Failure> first_failure;
  std::vector<client::RecipientOutcome> refused;
  for (int i = 0; i < step.send.repeat; ++i) {
    client::Outcome<client::SendReport> outcome;
    if (!step.send.eml_file.empty()) {
      std::vector<std::string> rcpts = step.send.to;
      rcpts.insert(rcpts.end(), step.send.cc.begin(), step.send.cc.end());
      rcpts.insert(rcpts.end(), step.send.bcc.begin(), step.send.bcc.end());
      outcome = ctx.connector.send_raw({step.send.from, rcpts}, read_file(step.send.eml_file));
    } else {
      outcome = ctx.connector.send(build(step.send));
    }
    for (const auto& r : outcome.value.recipients)
      if (!r.accepted) refused.push_back(r);
    if (outcome.ok()) {
      ++sent;
    } else {
      first_failure = outcome.failure;
      break;  // a batch stops at its first failure, like a connector would
    }
  }
  result.steps.push_back(fmt::format("send x{}: {} sent; {}", step.send.repeat, sent, summary(first_failure)));
  check_outcome(first_failure, outcome_of(step), expect_at(step), "send", result.failures);
  if (step.expect && step.expect->count && static_cast<std::size_t>(sent) != *step.expect->count)
    fail(result, step.expect->at, fmt::format("expected {} messages sent, {} were", *step.expect->count, sent));
  const std::vector<std::string> none;
  const auto& expected = step.expect && step.expect->rejected_recipients ? *step.expect->rejected_recipients : none;
  if (!step.expect || !step.expect->rejected_recipients) {
    // Unless the file says otherwise, every recipient must be accepted.
    for (const auto& r : refused)
      fail(result, expect_at(step), fmt::format("send: recipient {} was refused: {}", r.address, r.reply));
    return;
  }
  std::vector<bool> matched(refused.size(), false);
  for (const auto& want : expected) {
    const auto space = want.find(' ');
    const std::string address = want.substr(0, space);
    const std::string words = space == std::string::npos ? "" : want.substr(space + 1);
    bool found = false;
    for (std::size_t i = 0; i < refused.size(); ++i) {
      if (matched[i] || refused[i].address != address) continue;
      if (!words.empty() && refused[i].reply.find(words) == std::string::npos) continue;
      matched[i] = found = true;
      break;
    }
    if (!found) fail(result, step.expect->at, "send: expected recipient " + want + " to be refused; it was not");
  }
  for (std::size_t i = 0; i < refused.size(); ++i)
    if (!matched[i])
      fail(result, step.expect->at,
           fmt::format("send: recipient {} was refused unexpectedly: {}", refused[i].address, refused[i].reply));
}

void run_test_connection(const Step& step, StepContext& ctx, ScenarioResult& result) {
  const auto report = ctx.connector.test_connection();
  result.steps.push_back(fmt::format("test_connection: outbound {}; inbound {}", summary(report.outbound.failure),
                                     summary(report.inbound.failure)));
  const Position at = expect_at(step);
  if (step.expect && (step.expect->outbound || step.expect->inbound)) {
    if (step.expect->outbound)
      check_outcome(report.outbound.failure, *step.expect->outbound, at, "test_connection outbound", result.failures);
    if (step.expect->inbound)
      check_outcome(report.inbound.failure, *step.expect->inbound, at, "test_connection inbound", result.failures);
    return;
  }
  const auto& expect = outcome_of(step);
  if (expect.ok.value_or(true) && !expect.reason) {
    check_outcome(report.outbound.failure, expect, at, "test_connection outbound", result.failures);
    check_outcome(report.inbound.failure, expect, at, "test_connection inbound", result.failures);
    return;
  }
  // A failure expected of "the connection": whichever side failed must match.
  const auto& failure = report.outbound.failure ? report.outbound.failure : report.inbound.failure;
  check_outcome(failure, expect, at, "test_connection", result.failures);
}

void run_search(const Step& step, StepContext& ctx, ScenarioResult& result) {
  client::SearchQuery query;
  for (const auto& [key, value] : step.criteria) {
    const bool yes = value == "true" || value == "yes";
    if (key == "unseen") query.unseen = yes;
    else if (key == "seen") query.seen = yes;
    else if (key == "from") query.from = value;
    else if (key == "to") query.to = value;
    else if (key == "subject") query.subject = value;
    else if (key == "text") query.text = value;
    else if (key == "since") query.since = value;
    else if (key == "before") query.before = value;
    else if (key == "larger") query.larger = static_cast<std::uint32_t>(std::stoul(value));
    else if (key == "smaller") query.smaller = static_cast<std::uint32_t>(std::stoul(value));
  }
  auto criteria = client::to_search_criteria(query);
  if (auto* problem = std::get_if<std::string>(&criteria)) {
    fail(result, step.at, "search: " + *problem);
    return;
  }
  const auto outcome = ctx.connector.search(step.folder, std::get<client::imap::SearchCriteria>(criteria));
  ctx.last_hits.clear();
  for (const auto& m : outcome.value) ctx.last_hits.push_back(m.uid);
  result.steps.push_back(fmt::format("search {}: {} hits; {}", step.folder, ctx.last_hits.size(), summary(outcome.failure)));
  check_simple(step, outcome, result);
  if (step.expect && step.expect->count && ctx.last_hits.size() != *step.expect->count)
    fail(result, step.expect->at,
         fmt::format("expected {} messages found, found {}", *step.expect->count, ctx.last_hits.size()));
}

// The adapters folder (scenarios/adapters, see docs/scenarios.md): $MAILSIM_ADAPTERS
// when set, else the nearest `adapters/` or `scenarios/adapters/` above the scenario.
std::string adapters_dir(const std::filesystem::path& scenario_dir) {
  if (const char* set = std::getenv("MAILSIM_ADAPTERS"); set && *set) return set;
  std::error_code ec;
  for (auto dir = scenario_dir; !dir.empty(); dir = dir.parent_path()) {
    for (const auto& candidate : {dir / "adapters", dir / "scenarios" / "adapters"})
      if (std::filesystem::exists(candidate / "mailsim_adapter.py", ec)) return candidate.string();
    if (dir == dir.root_path()) break;
  }
  return {};
}

// What a `run` step may refer to: the servers' variables plus the scenario's
// folder, its scratch folder, the adapters folder and the first OAuth client's id.
std::map<std::string, std::string> run_variables(const StepContext& ctx) {
  auto vars = ctx.servers.variables();
  std::error_code ec;
  const auto file = std::filesystem::absolute(ctx.scenario.file, ec);
  const auto scenario_dir = file.parent_path();
  vars["scenario_dir"] = scenario_dir.string();
  vars["work_dir"] = std::filesystem::path(ctx.servers.ca_file()).parent_path().string();
  if (auto adapters = adapters_dir(scenario_dir); !adapters.empty()) vars["adapters"] = adapters;
  if (ctx.scenario.oauth && !ctx.scenario.oauth->clients.empty())
    vars["oauth.client_id"] = ctx.scenario.oauth->clients.front().id;
  return vars;
}

void run_run(const Step& step, StepContext& ctx, ScenarioResult& result) {
  std::vector<std::string> argv;
  const auto variables = run_variables(ctx);
  const auto env = client::environment_from(variables);
  for (const auto& arg : step.command) {
    auto expanded = client::expand_references(arg, env);
    if (!expanded.missing.empty()) {
      fail(result, step.at, "run: unknown reference ${" + expanded.missing.front() + "}");
      return;
    }
    argv.push_back(expanded.value);
  }
  std::map<std::string, std::string> vars;
  for (const auto& [name, value] : variables) {
    std::string key = "MAILSIM_" + name;
    for (auto& c : key) c = c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    vars[key] = value;
  }
  // The first OAuth client's secret, for adapters that get tokens with
  // client_credentials: in the environment only, never a ${...} reference,
  // so it cannot end up in a command line.
  if (ctx.scenario.oauth && !ctx.scenario.oauth->clients.empty() && !ctx.scenario.oauth->clients.front().secret.empty())
    vars["MAILSIM_OAUTH_CLIENT_SECRET"] = ctx.scenario.oauth->clients.front().secret;
  const auto run = process::run(argv, step.duration, vars);
  result.steps.push_back(fmt::format("run {}: exit {}", argv.front(), run.exit_code));
  const int expected = step.expect && step.expect->exit_code ? *step.expect->exit_code : 0;
  if (run.exit_code != expected)
    fail(result, expect_at(step),
         fmt::format("run: expected exit code {}, got {}; stderr: {}", expected, run.exit_code, run.err.substr(0, 500)));
  if (step.expect)
    for (const auto& needle : step.expect->output_contains)
      if ((run.out + run.err).find(needle) == std::string::npos)
        fail(result, step.expect->at,
             "run: the output does not contain '" + needle + "'; stdout: " + run.out.substr(0, 300));
}

client::Side side_of(TokenSide side) {
  return side == TokenSide::outbound ? client::Side::outbound : client::Side::inbound;
}

// The OAuth steps; the loader lets them through only with an OAuth mock.
void run_token_step(const Step& step, StepContext& ctx, ScenarioResult& result) {
  auto* mock = ctx.servers.oauth();
  if (!mock || !ctx.tokens) return fail(result, step.at, std::string(to_string(step.kind)) + ": no OAuth mock or token manager");
  const std::string side(client::to_string(side_of(step.side)));
  switch (step.kind) {
    case StepKind::generate_token: {
      const auto failure = ctx.tokens->generate(side_of(step.side));
      result.steps.push_back(fmt::format("generate_token {}: {}", side, summary(failure)));
      return check_outcome(failure, outcome_of(step), expect_at(step), "generate_token", result.failures);
    }
    case StepKind::expire_tokens:
      mock->expire_access_tokens();
      result.steps.push_back("expire_tokens: every access token expired at the OAuth mock");
      return;
    case StepKind::revoke_refresh_token: {
      auto token = ctx.tokens->stored_refresh_token(side_of(step.side));
      if (auto* f = std::get_if<client::Failure>(&token))
        return fail(result, step.at, "revoke_refresh_token: " + client::describe(*f));
      const bool revoked = mock->revoke_token(std::get<std::string>(token));
      result.steps.push_back(fmt::format("revoke_refresh_token {}: {}", side, revoked ? "revoked" : "unknown to the mock"));
      if (!revoked) fail(result, step.at, "revoke_refresh_token: the OAuth mock does not know the stored refresh token");
      return;
    }
    case StepKind::fail_token_calls: {
      oauth::TokenFault fault;
      fault.times = step.token_fault.count;
      if (step.token_fault.status != 0) {
        fault.kind = oauth::TokenFault::Kind::http_status;
        fault.status = step.token_fault.status;
      } else {
        fault.kind = oauth::TokenFault::Kind::oauth_error;
        fault.error = step.token_fault.error;
      }
      mock->fail_token_calls(fault);
      result.steps.push_back(fmt::format("fail_token_calls: the next {} fail with {}", step.token_fault.count,
                                         step.token_fault.status != 0 ? std::to_string(step.token_fault.status)
                                                                      : step.token_fault.error));
      return;
    }
    case StepKind::reload_tokens:
      ctx.tokens->reload();
      result.steps.push_back("reload_tokens: the token manager reads the store again");
      return;
    default:
      return;
  }
}

// True once a session of `user` on the server is idling, or false when
// `done` (the client's idle) finished first.
bool wait_until_idling(const mock::ImapServer& server, const std::string& user, std::future<void>& done) {
  while (done.wait_for(std::chrono::milliseconds(10)) == std::future_status::timeout)
    for (const auto& session : server.live_sessions())
      if (session.user == user && session.state == "idle") return true;
  return false;
}

void run_idle(const Step& step, StepContext& ctx, ScenarioResult& result) {
  if (!step.deliver) {
    const auto outcome = ctx.connector.idle(step.folder, step.duration);
    result.steps.push_back(fmt::format("idle {}: {}", step.folder, summary(outcome.failure)));
    return check_simple(step, outcome, result);
  }
  auto* imap = ctx.servers.imap(step.server);
  if (!imap) return fail(result, step.at, "idle: deliver names " + step.server + ", which is not an imap server");
  std::optional<client::Outcome<client::IdleReport>> outcome;
  std::promise<void> finished;
  std::future<void> done = finished.get_future();
  std::thread idler([&] {
    outcome.emplace(ctx.connector.idle(step.folder, step.duration));
    finished.set_value();
  });
  bool delivered = false;
  if (wait_until_idling(*imap, step.mailbox_user, done)) {
    client::mime::OutgoingMessage m;
    m.from = {"", step.deliver->from};
    m.to = {{"", step.deliver->to}};
    m.subject = step.deliver->subject;
    m.text = step.deliver->text;
    const auto raw = client::mime::build_message(m, {.date = ctx.clock.now()});
    imap->store().add_message(step.mailbox_user, step.folder, raw, {}, mock::InternalDate::from(ctx.clock.now()));
    delivered = true;
  }
  idler.join();
  result.steps.push_back(fmt::format("idle {} ({}): {} new; {}", step.folder,
                                     delivered ? "a message delivered while idling" : "ended before idling",
                                     outcome->value.new_uids.size(), summary(outcome->failure)));
  check_simple(step, *outcome, result);
  if (step.expect && step.expect->count && outcome->value.new_uids.size() != *step.expect->count)
    fail(result, step.expect->at,
         fmt::format("expected idle to see {} new messages, it saw {}", *step.expect->count,
                     outcome->value.new_uids.size()));
}

}  // namespace

void check_outcome(const std::optional<client::Failure>& failure, const OutcomeExpect& expect, Position at,
                   const std::string& what, std::vector<ExpectationFailure>& failures) {
  const bool want_ok =
      expect.ok.value_or(!expect.reason && expect.server_words.empty() && !expect.server_words_regex && !expect.hint);
  if (want_ok && failure) {
    failures.push_back({at, what + ": expected success, got " + client::describe(*failure)});
    return;
  }
  if (!want_ok && !failure) {
    failures.push_back({at, what + ": expected a failure" +
                                (expect.reason ? " (" + std::string(client::to_string(*expect.reason)) + ")" : "") +
                                ", but it succeeded"});
    return;
  }
  if (!failure) return;
  if (expect.reason && failure->reason != *expect.reason)
    failures.push_back({at, fmt::format("{}: expected reason {}, got {}", what, client::to_string(*expect.reason),
                                        client::describe(*failure))});
  if (expect.stage && failure->stage != *expect.stage)
    failures.push_back({at, fmt::format("{}: expected stage {}, got {}", what, client::to_string(*expect.stage),
                                        client::to_string(failure->stage))});
  if (expect.hint && failure->hint.find(*expect.hint) == std::string::npos)
    failures.push_back({at, fmt::format("{}: the hint '{}' does not contain '{}'", what, failure->hint, *expect.hint)});
  const std::string words = failure->server_words + "\n" + failure->detail;
  for (const auto& needle : expect.server_words)
    if (words.find(needle) == std::string::npos)
      failures.push_back({at, fmt::format("{}: the server's words '{}' do not contain '{}'", what,
                                          failure->server_words, needle)});
  if (expect.server_words_regex) {
    try {
      if (!std::regex_search(failure->server_words, std::regex(*expect.server_words_regex)))
        failures.push_back({at, fmt::format("{}: the server's words '{}' do not match /{}/", what,
                                            failure->server_words, *expect.server_words_regex)});
    } catch (const std::regex_error& e) {
      failures.push_back({at, what + ": server_words_regex is not a valid regular expression"});
    }
  }
}

void run_step(const Step& step, StepContext& ctx, ScenarioResult& result) {
  switch (step.kind) {
    case StepKind::test_connection: run_test_connection(step, ctx, result); return;
    case StepKind::send: run_send(step, ctx, result); return;
    case StepKind::search: run_search(step, ctx, result); return;
    case StepKind::run: run_run(step, ctx, result); return;
    case StepKind::generate_token:
    case StepKind::expire_tokens:
    case StepKind::revoke_refresh_token:
    case StepKind::fail_token_calls:
    case StepKind::reload_tokens: run_token_step(step, ctx, result); return;
    case StepKind::fetch: {
      const auto uids = uids_for(step, ctx);
      if (uids.empty()) return fail(result, step.at, "fetch: no uid given and the last search found nothing");
      const auto outcome = ctx.connector.fetch(step.folder, uids.front(), {.message = true});
      result.steps.push_back(fmt::format("fetch {} uid {}: {}", step.folder, uids.front(), summary(outcome.failure)));
      return check_simple(step, outcome, result);
    }
    case StepKind::flag:
    case StepKind::unflag: {
      const auto uids = uids_for(step, ctx);
      const auto outcome = step.kind == StepKind::flag ? ctx.connector.flag(step.folder, uids, step.flags)
                                                       : ctx.connector.unflag(step.folder, uids, step.flags);
      result.steps.push_back(fmt::format("{} {} uids: {}", to_string(step.kind), uids.size(), summary(outcome.failure)));
      return check_simple(step, outcome, result);
    }
    case StepKind::move:
    case StepKind::copy: {
      const auto uids = uids_for(step, ctx);
      const auto outcome = step.kind == StepKind::move ? ctx.connector.move(step.folder, uids, step.target_folder)
                                                       : ctx.connector.copy(step.folder, uids, step.target_folder);
      result.steps.push_back(
          fmt::format("{} {} uids to {}: {}", to_string(step.kind), uids.size(), step.target_folder, summary(outcome.failure)));
      return check_simple(step, outcome, result);
    }
    case StepKind::remove: {
      const auto uids = uids_for(step, ctx);
      const auto outcome = ctx.connector.delete_messages(step.folder, uids);
      result.steps.push_back(fmt::format("delete {} uids: {}", uids.size(), summary(outcome.failure)));
      return check_simple(step, outcome, result);
    }
    case StepKind::append: {
      const auto outcome = ctx.connector.append(step.folder, read_file(step.message_file), step.flags);
      result.steps.push_back(fmt::format("append to {}: {}", step.folder, summary(outcome.failure)));
      return check_simple(step, outcome, result);
    }
    case StepKind::idle: run_idle(step, ctx, result); return;
    case StepKind::server_expunge: {
      auto* imap = ctx.servers.imap(step.server);
      if (!imap) return fail(result, step.at, "server_expunge: " + step.server + " is not an imap server");
      auto mailbox = imap->store().find(step.mailbox_user, step.folder);
      const std::size_t gone =
          mailbox ? mailbox->expunge([&](const mock::MessageRecord& m) { return m.uid == *step.uid; }).size() : 0;
      result.steps.push_back(fmt::format("server_expunge {} uid {} of {}: {} expunged", step.folder, *step.uid,
                                         step.mailbox_user, gone));
      if (gone == 0)
        fail(result, step.at,
             fmt::format("server_expunge: {} has no uid {} in {}", step.mailbox_user, *step.uid, step.folder));
      return;
    }
    case StepKind::folders: {
      const auto outcome = ctx.connector.folders();
      result.steps.push_back(fmt::format("folders: {} found; {}", outcome.value.size(), summary(outcome.failure)));
      check_simple(step, outcome, result);
      if (step.expect && step.expect->count && outcome.value.size() != *step.expect->count)
        fail(result, step.expect->at,
             fmt::format("expected {} folders, found {}", *step.expect->count, outcome.value.size()));
      return;
    }
    case StepKind::advance_clock:
      ctx.clock.advance(step.duration);
      ctx.servers.clock_advanced();
      result.steps.push_back(fmt::format("advance_clock {} ms", step.duration.count()));
      return;
    case StepKind::add_fault:
      try {
        ctx.servers.add_fault(step.server, *step.fault);
        result.steps.push_back("add_fault on " + step.server);
      } catch (const std::exception& e) {
        fail(result, step.at, std::string("add_fault: ") + e.what());
      }
      return;
    case StepKind::clear_faults:
      if (step.server.empty()) {
        for (const auto& s : ctx.scenario.servers) ctx.servers.clear_faults(s.name);
      } else {
        ctx.servers.clear_faults(step.server);
      }
      result.steps.push_back("clear_faults " + step.server);
      return;
    case StepKind::wait_for_messages: {
      auto* smtp = ctx.servers.smtp(step.server);
      if (!smtp) return fail(result, step.at, "wait_for_messages: " + step.server + " is not an smtp server");
      const bool arrived = smtp->wait_for_messages(step.count, step.duration);
      result.steps.push_back(fmt::format("wait_for_messages {} on {}: {}", step.count, step.server,
                                         arrived ? "arrived" : "timed out"));
      if (!arrived)
        fail(result, step.at,
             fmt::format("wait_for_messages: {} holds {} messages, expected {} within {} ms", step.server,
                         smtp->messages().size(), step.count, step.duration.count()));
      return;
    }
  }
}

}  // namespace mailsim::harness
