// The final checks of a scenario: what the servers captured, their
// mailboxes, transcripts, which faults fired, and the OAuth mock's grants.
#include <fmt/format.h>

#include "common/mime/message_parser.hpp"
#include "common/mime/envelope.hpp"
#include "common/mime/content.hpp"
#include "harness/scenario/step_runner.hpp"

namespace mailsim::harness {
namespace {

void fail(ScenarioResult& result, Position at, std::string message) {
  result.failures.push_back({at, std::move(message)});
}

std::string header_value(const std::string& raw, std::string_view name) {
  const auto parsed = mime::parse_message(raw);
  if (const auto* field = mime::find_last_field(parsed.root.headers, name)) return field->value;
  return {};
}

void check_message(const MessageExpect& e, const mock::CapturedMessage& m, const std::string& server,
                   ScenarioResult& result) {
  const std::string what = fmt::format("{} message {}", server, e.index);
  if (e.from && m.mail_from != *e.from)
    fail(result, e.at, fmt::format("{}: MAIL FROM was <{}>, expected <{}>", what, m.mail_from, *e.from));
  if (!e.to.empty() && m.rcpt_to() != e.to)
    fail(result, e.at, fmt::format("{}: RCPT TO was {}, expected {}", what, fmt::join(m.rcpt_to(), ", "),
                                   fmt::join(e.to, ", ")));
  if (e.subject) {
    const auto subject = header_value(m.raw, "Subject");
    if (subject.find(*e.subject) == std::string::npos)
      fail(result, e.at, fmt::format("{}: Subject '{}' does not contain '{}'", what, subject, *e.subject));
  }
  for (const auto& needle : e.body_contains)
    if (m.raw.find(needle) == std::string::npos) fail(result, e.at, what + ": the message does not contain '" + needle + "'");
  if (e.tls && m.tls != *e.tls) fail(result, e.at, fmt::format("{}: tls was {}, expected {}", what, m.tls, *e.tls));
  if (e.authenticated_user && m.authenticated_user != *e.authenticated_user)
    fail(result, e.at, fmt::format("{}: authenticated user '{}', expected '{}'", what, m.authenticated_user,
                                   *e.authenticated_user));
}

}  // namespace

void check_server_expectations(const Scenario& scenario, LiveServers& servers, ScenarioResult& result) {
  for (const auto& e : scenario.expect) {
    if (auto* smtp = servers.smtp(e.server)) {
      const auto messages = smtp->messages();
      if (e.messages && messages.size() != *e.messages)
        fail(result, e.at, fmt::format("{}: captured {} messages, expected {}", e.server, messages.size(), *e.messages));
      for (const auto& m : e.message) {
        if (m.index >= messages.size()) {
          fail(result, m.at, fmt::format("{}: no message {} (captured {})", e.server, m.index, messages.size()));
          continue;
        }
        check_message(m, messages[m.index], e.server, result);
      }
    } else if (!e.message.empty() || e.messages) {
      fail(result, e.at, e.server + ": messages are captured by smtp servers only");
    }
    if (auto* imap = servers.imap(e.server)) {
      for (const auto& box : e.mailboxes) {
        const auto records = imap->store().messages(box.user, box.folder);
        std::size_t unseen = 0;
        for (const auto& r : records) unseen += r.flags.has("\\Seen") ? 0 : 1;
        if (box.count && records.size() != *box.count)
          fail(result, box.at, fmt::format("{}: {}'s {} holds {} messages, expected {}", e.server, box.user,
                                           box.folder, records.size(), *box.count));
        if (box.unseen && unseen != *box.unseen)
          fail(result, box.at, fmt::format("{}: {}'s {} has {} unseen, expected {}", e.server, box.user, box.folder,
                                           unseen, *box.unseen));
      }
    }
    const auto transcript = servers.transcript_of(e.server);
    for (const auto& needle : e.transcript_contains)
      if (transcript.find(needle) == std::string::npos)
        fail(result, e.at, e.server + ": the transcript does not contain '" + needle + "'");
    for (const auto& needle : e.transcript_not_contains)
      if (transcript.find(needle) != std::string::npos)
        fail(result, e.at, e.server + ": the transcript contains '" + needle + "'");
    if (!e.faults_fired.empty()) {
      const auto fired = servers.faults().fired();
      for (const auto& [id, times] : e.faults_fired) {
        std::size_t n = 0;
        for (const auto& f : fired) n += f.id == id || f.id.rfind(id + "/", 0) == 0 ? 1 : 0;
        if (n != times) fail(result, e.at, fmt::format("{}: fault '{}' fired {} times, expected {}", e.server, id, n, times));
      }
    }
  }
  if (scenario.expect_oauth && servers.oauth()) {
    std::map<std::string, std::size_t> seen;
    for (const auto& r : servers.oauth()->requests())
      if (r.endpoint == oauth::Endpoint::token) ++seen[r.grant_type];
    for (const auto& [grant, times] : scenario.expect_oauth->grants)
      if (seen[grant] != times)
        fail(result, scenario.expect_oauth->at,
             fmt::format("oauth: {} token requests with grant_type {}, expected {}", seen[grant], grant, times));
  }
}

}  // namespace mailsim::harness
