#include "client/connector/connector.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

#include "client/connector/client_options.hpp"
#include "client/connector/message_parts.hpp"
#include "client/connector/secret_scrubber.hpp"
#include "client/connector/token_retry.hpp"
#include "client/imap/imap_client.hpp"
#include "client/smtp/smtp_client.hpp"

namespace mailsim::client {
namespace {

using Steady = std::chrono::steady_clock;
using imap::ImapClient;

constexpr auto kRetryNote = "* the server rejected the access token; retrying with a refreshed one";
constexpr auto kReconnectNote =
    "* the server ended the session because the access token expired; reconnecting with a refreshed one";
// UIDs per FETCH of search summaries: keeps each command line short.
constexpr std::size_t kSummaryBatch = 500;

std::chrono::milliseconds since(Steady::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start);
}

template <class T>
void finish(Outcome<T>& outcome, std::optional<Failure> failure, SecretScrubber& scrubber, Steady::time_point start) {
  outcome.failure = std::move(failure);
  if (outcome.failure) scrubber.scrub(*outcome.failure);
  scrubber.scrub(outcome.transcript);
  outcome.elapsed = since(start);
}

// One IMAP session: login (with the OAuth retry), body, LOGOUT.
template <class T>
Outcome<T> imap_session(const ConnectionConfig& config, const ConnectorOptions& options,
                        const std::function<std::optional<Failure>(ImapClient&, T&)>& body,
                        std::optional<std::chrono::milliseconds> extra_overall = std::nullopt) {
  const auto start = Steady::now();
  Outcome<T> outcome;
  SecretScrubber scrubber(config);
  auto failure = run_with_reconnect(
      config, Side::inbound, options.tokens.get(),
      [&](const SideCredentials& credentials) -> std::optional<Failure> {
        if (credentials.credentials) scrubber.add(credentials.credentials->access_token);
        auto client_options = imap_client_options(config, options, credentials.credentials, credentials.oauth);
        if (extra_overall && client_options.timeouts.overall) *client_options.timeouts.overall += *extra_overall;
        ImapClient client(std::move(client_options));
        auto failure = client.open();
        if (!failure) {
          failure = body(client, outcome.value);
          client.logout();
        }
        const auto lines = client.transcript();
        outcome.transcript.insert(outcome.transcript.end(), lines.begin(), lines.end());
        return failure;
      },
      [&] { outcome.transcript.emplace_back(kRetryNote); },
      [&] {
        // The body runs again from the start on the new connection.
        outcome.value = T{};
        outcome.transcript.emplace_back(kReconnectNote);
      });
  finish(outcome, std::move(failure), scrubber, start);
  return outcome;
}

Failure our_failure(Reason reason, Stage stage, std::string detail) {
  Failure f;
  f.reason = reason;
  f.stage = stage;
  f.detail = std::move(detail);
  f.hint = std::string(default_hint(reason));
  return f;
}

Failure no_such_uid(const std::string& folder, std::uint32_t uid) {
  Failure f = our_failure(Reason::command_failed, Stage::command,
                          "no message with UID " + std::to_string(uid) + " in " + folder);
  f.hint = "search the folder to see the UIDs it holds";
  return f;
}

// Selects the folder and checks that every UID is in it, so that a STORE,
// COPY or EXPUNGE on a missing one is an error rather than a silent no-op.
std::optional<Failure> select_with_uids(ImapClient& client, const std::string& folder,
                                        const std::vector<std::uint32_t>& uids, bool read_only) {
  auto selected = client.select(folder, read_only);
  if (!selected) return selected.failure();
  if (uids.empty()) return our_failure(Reason::config_invalid, Stage::config, "no UIDs given");
  auto found = client.search(imap::SearchCriteria::uids(uids));
  if (!found) return found.failure();
  for (const auto uid : uids) {
    if (std::find(found.value().begin(), found.value().end(), uid) == found.value().end())
      return no_such_uid(folder, uid);
  }
  return std::nullopt;
}

std::string join_addresses(const imap::AddressList& list) {
  std::string out;
  for (const auto& address : imap::flatten(list)) {
    std::string one = address.email();
    if (address.name && !address.name->empty()) one = *address.name + " <" + one + ">";
    out += (out.empty() ? "" : ", ") + one;
  }
  return out;
}

MessageSummary summary_of(const imap::FetchData& data) {
  MessageSummary s;
  s.uid = data.uid.value_or(0);
  if (data.flags) s.flags = *data.flags;
  s.size = data.rfc822_size.value_or(0);
  if (data.envelope) {
    s.date = data.envelope->date.value_or("");
    s.subject = data.envelope->subject.value_or("");
    s.from = join_addresses(data.envelope->from);
    s.to = join_addresses(data.envelope->to);
  }
  return s;
}

SendReport send_report(const smtp::SmtpResult& result) {
  SendReport report;
  for (const auto& r : result.recipients)
    report.recipients.push_back({r.address, r.accepted, r.reply.to_string(), r.reason});
  if (result.message_reply) report.message_reply = result.message_reply->to_string();
  report.tls_version = result.session.tls_version;
  if (result.session.auth_mechanism)
    report.auth_mechanism = std::string(sasl::to_string(*result.session.auth_mechanism));
  return report;
}

}  // namespace

Connector::Connector(ConnectionConfig config, ConnectorOptions options)
    : config_(std::move(config)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = system_clock();
}

TestConnectionReport Connector::test_connection() const { return client::test_connection(config_, options_); }

Outcome<SendReport> Connector::send(const mime::OutgoingMessage& message) const {
  std::string raw;
  try {
    raw = mime::build_message(message, {.date = options_.clock->now()});
  } catch (const std::invalid_argument& e) {
    Outcome<SendReport> outcome;
    outcome.failure = our_failure(Reason::config_invalid, Stage::config, e.what());
    outcome.failure->hint = "fix the message named above; nothing was sent";
    return outcome;
  }
  return send_raw({message.from.address, mime::envelope_recipients(message)}, std::move(raw));
}

Outcome<SendReport> Connector::send_raw(const smtp::SmtpEnvelope& envelope, std::string message) const {
  const auto start = Steady::now();
  Outcome<SendReport> outcome;
  SecretScrubber scrubber(config_);
  auto failure = run_with_credentials(
      config_, Side::outbound, options_.tokens.get(),
      [&](const SideCredentials& credentials) {
        if (credentials.credentials) scrubber.add(credentials.credentials->access_token);
        const smtp::SmtpResult result =
            smtp::SmtpClient(smtp_client_options(config_, options_, credentials.credentials)).send(envelope, message);
        outcome.value = send_report(result);
        outcome.transcript.insert(outcome.transcript.end(), result.transcript.begin(), result.transcript.end());
        return result.failure;
      },
      [&] { outcome.transcript.emplace_back(kRetryNote); });
  for (auto& r : outcome.value.recipients) r.reply = scrubber.scrub(std::move(r.reply));
  outcome.value.message_reply = scrubber.scrub(std::move(outcome.value.message_reply));
  finish(outcome, std::move(failure), scrubber, start);
  return outcome;
}

Outcome<std::vector<imap::Folder>> Connector::folders() const {
  return imap_session<std::vector<imap::Folder>>(
      config_, options_, [](ImapClient& client, std::vector<imap::Folder>& out) -> std::optional<Failure> {
        auto listed = client.list_folders("*");
        if (!listed) return listed.failure();
        out = std::move(listed.value());
        return std::nullopt;
      });
}

Outcome<std::vector<MessageSummary>> Connector::search(const std::string& folder,
                                                       const imap::SearchCriteria& criteria) const {
  return imap_session<std::vector<MessageSummary>>(
      config_, options_, [&](ImapClient& client, std::vector<MessageSummary>& out) -> std::optional<Failure> {
        auto examined = client.examine(folder);
        if (!examined) return examined.failure();
        auto found = client.search(criteria);
        if (!found) return found.failure();
        std::vector<std::uint32_t> uids = found.value();
        std::sort(uids.begin(), uids.end());
        const imap::FetchRequest request{.flags = true, .envelope = true, .size = true};
        for (std::size_t at = 0; at < uids.size(); at += kSummaryBatch) {
          const std::vector<std::uint32_t> batch(uids.begin() + at,
                                                 uids.begin() + std::min(uids.size(), at + kSummaryBatch));
          auto fetched = client.fetch(batch, request);
          if (!fetched) return fetched.failure();
          for (const auto& data : fetched.value())
            if (data.uid) out.push_back(summary_of(data));
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.uid < b.uid; });
        return std::nullopt;
      });
}

Outcome<FetchedMessage> Connector::fetch(const std::string& folder, std::uint32_t uid, FetchParts what) const {
  return imap_session<FetchedMessage>(
      config_, options_, [&](ImapClient& client, FetchedMessage& out) -> std::optional<Failure> {
        auto examined = client.examine(folder);
        if (!examined) return examined.failure();
        imap::FetchRequest request{.flags = true, .body_structure = what.structure};
        if (what.headers) request.sections.push_back({"HEADER"});
        if (what.message || what.attachments) request.sections.push_back({""});
        auto fetched = client.fetch({uid}, request);
        if (!fetched) return fetched.failure();
        const auto data = std::find_if(fetched.value().begin(), fetched.value().end(),
                                       [&](const imap::FetchData& d) { return d.uid == uid; });
        if (data == fetched.value().end()) return no_such_uid(folder, uid);
        out.uid = uid;
        if (data->flags) out.flags = *data->flags;
        if (what.structure) out.structure = data->body_structure;
        if (what.headers) {
          if (const auto* section = data->section("HEADER")) out.headers = section->data.value_or("");
        }
        if (what.message || what.attachments) {
          const auto* section = data->section("");
          const std::string raw = section ? section->data.value_or("") : "";
          if (what.attachments) out.attachments = extract_attachments(raw);
          if (what.message) out.message = raw;
        }
        return std::nullopt;
      });
}

Outcome<Done> Connector::flag(const std::string& folder, const std::vector<std::uint32_t>& uids,
                              const std::vector<std::string>& flags) const {
  return imap_session<Done>(config_, options_, [&](ImapClient& client, Done&) -> std::optional<Failure> {
    if (auto failure = select_with_uids(client, folder, uids, false)) return failure;
    return client.store_flags(uids, flags, imap::StoreMode::add);
  });
}

Outcome<Done> Connector::unflag(const std::string& folder, const std::vector<std::uint32_t>& uids,
                                const std::vector<std::string>& flags) const {
  return imap_session<Done>(config_, options_, [&](ImapClient& client, Done&) -> std::optional<Failure> {
    if (auto failure = select_with_uids(client, folder, uids, false)) return failure;
    return client.store_flags(uids, flags, imap::StoreMode::remove);
  });
}

Outcome<std::optional<imap::CopyUid>> Connector::move(const std::string& folder, const std::vector<std::uint32_t>& uids,
                                                      const std::string& to_folder) const {
  return imap_session<std::optional<imap::CopyUid>>(
      config_, options_, [&](ImapClient& client, std::optional<imap::CopyUid>& out) -> std::optional<Failure> {
        if (auto failure = select_with_uids(client, folder, uids, false)) return failure;
        auto moved = client.move(uids, to_folder);
        if (!moved) return moved.failure();
        out = moved.value();
        return std::nullopt;
      });
}

Outcome<std::optional<imap::CopyUid>> Connector::copy(const std::string& folder, const std::vector<std::uint32_t>& uids,
                                                      const std::string& to_folder) const {
  return imap_session<std::optional<imap::CopyUid>>(
      config_, options_, [&](ImapClient& client, std::optional<imap::CopyUid>& out) -> std::optional<Failure> {
        if (auto failure = select_with_uids(client, folder, uids, true)) return failure;
        auto copied = client.copy(uids, to_folder);
        if (!copied) return copied.failure();
        out = copied.value();
        return std::nullopt;
      });
}

Outcome<Done> Connector::delete_messages(const std::string& folder, const std::vector<std::uint32_t>& uids) const {
  return imap_session<Done>(config_, options_, [&](ImapClient& client, Done&) -> std::optional<Failure> {
    if (auto failure = select_with_uids(client, folder, uids, false)) return failure;
    return client.delete_messages(uids);
  });
}

Outcome<std::optional<imap::AppendUid>> Connector::append(const std::string& folder, std::string message,
                                                          const std::vector<std::string>& flags) const {
  return imap_session<std::optional<imap::AppendUid>>(
      config_, options_, [&](ImapClient& client, std::optional<imap::AppendUid>& out) -> std::optional<Failure> {
        auto appended = client.append(folder, message, flags);
        if (!appended) return appended.failure();
        out = appended.value();
        return std::nullopt;
      });
}

Outcome<IdleReport> Connector::idle(const std::string& folder, std::chrono::milliseconds timeout) const {
  return imap_session<IdleReport>(
      config_, options_,
      [&](ImapClient& client, IdleReport& out) -> std::optional<Failure> {
        auto examined = client.examine(folder);
        if (!examined) return examined.failure();
        const std::uint32_t first_new = examined.value().uid_next.value_or(1);
        auto idled = client.idle(timeout);
        if (!idled) return idled.failure();
        out.new_messages = idled.value().new_messages;
        out.timed_out = idled.value().timed_out;
        if (client.selected()) out.exists = client.selected()->exists;
        if (!out.new_messages) return std::nullopt;
        // "n:*" also names the last message when every UID is below n.
        auto found = client.search(imap::SearchCriteria::uid_set(std::to_string(first_new) + ":*"));
        if (!found) return found.failure();
        for (const auto uid : found.value())
          if (uid >= first_new) out.new_uids.push_back(uid);
        std::sort(out.new_uids.begin(), out.new_uids.end());
        return std::nullopt;
      },
      timeout);
}

}  // namespace mailsim::client
