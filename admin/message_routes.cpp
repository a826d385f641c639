// Captured SMTP messages: GET /api/messages (filters recipient, subject,
// since), GET /api/messages/{id}, GET /api/messages/{id}/raw,
// DELETE /api/messages.
#include <algorithm>

#include "admin/admin_routes.hpp"
#include "admin/time_text.hpp"
#include "common/mime/encoded_words.hpp"
#include "common/mime/header_fields.hpp"

namespace mailsim::admin {
namespace {

using nlohmann::json;

struct Found {
  std::string server;
  mock::CapturedMessage message;
};

std::vector<Found> all_messages(const AdminTargets& targets) {
  std::vector<Found> out;
  for (const auto& spec : targets.scenario.servers) {
    auto* server = targets.servers.smtp(spec.name);
    if (server == nullptr) continue;
    for (auto& m : server->messages()) out.push_back({spec.name, std::move(m)});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Found& a, const Found& b) { return a.message.received_at < b.message.received_at; });
  return out;
}

std::vector<mime::HeaderField> header_fields(const std::string& raw) {
  return mime::parse_header_block(raw, 0, raw.size()).fields;
}

std::string header_text(const std::vector<mime::HeaderField>& fields, std::string_view name) {
  const auto* field = mime::find_field(fields, name);
  return field ? mime::decode_header_text(field->value) : std::string();
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

json summary(const Found& f) {
  const auto& m = f.message;
  const auto fields = header_fields(m.raw);
  return {{"id", m.queue_id},
          {"server", f.server},
          {"session", m.session_id},
          {"mail_from", m.mail_from},
          {"rcpt_to", m.rcpt_to()},
          {"subject", header_text(fields, "Subject")},
          {"size", m.raw.size()},
          {"received_at", format_time(m.received_at)},
          {"tls", m.tls},
          {"authenticated_user", m.authenticated_user}};
}

const Found& find_message(const std::vector<Found>& messages, const std::string& id) {
  const auto it = std::find_if(messages.begin(), messages.end(), [&](const Found& f) { return f.message.queue_id == id; });
  if (it == messages.end()) throw AdminError(404, "not_found", "no captured message with id " + id);
  return *it;
}

AdminResponse list(const AdminTargets& targets, const AdminRequest& request) {
  const std::string recipient = query_value(request, "recipient");
  const std::string subject = query_value(request, "subject");
  const std::string since_text = query_value(request, "since");
  std::optional<Clock::time_point> since;
  if (!since_text.empty()) {
    since = parse_time(since_text);
    if (!since)
      throw AdminError(400, "bad_filter", "since must be an RFC 3339 time (2026-11-25T12:00:00Z) or epoch seconds");
  }
  json messages = json::array();
  for (const auto& f : all_messages(targets)) {
    const auto& m = f.message;
    if (since && m.received_at < *since) continue;
    if (!recipient.empty()) {
      const auto rcpts = m.rcpt_to();
      if (std::none_of(rcpts.begin(), rcpts.end(), [&](const std::string& r) { return contains(r, recipient); }))
        continue;
    }
    if (!subject.empty() && !contains(header_text(header_fields(m.raw), "Subject"), subject)) continue;
    messages.push_back(summary(f));
  }
  AdminResponse response;
  response.body = {{"messages", std::move(messages)}};
  return response;
}

AdminResponse one(const AdminTargets& targets, const std::string& id) {
  const auto messages = all_messages(targets);
  const auto& found = find_message(messages, id);
  const auto& m = found.message;
  json body = summary(found);
  body["helo"] = m.helo;
  body["esmtp"] = m.esmtp;
  body["chunked"] = m.chunked;
  body["tls_version"] = m.tls_version;
  json headers = json::array();
  for (const auto& field : header_fields(m.raw)) headers.push_back({{"name", field.name}, {"value", field.value}});
  body["headers"] = std::move(headers);
  body["raw"] = m.raw;
  AdminResponse response;
  response.body = std::move(body);
  return response;
}

}  // namespace

void add_message_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/api/messages",
             [&targets](const AdminRequest& request, const PathParams&) { return list(targets, request); });
  router.add("DELETE", "/api/messages", [&targets](const AdminRequest&, const PathParams&) {
    std::size_t deleted = 0;
    for (const auto& spec : targets.scenario.servers) {
      auto* server = targets.servers.smtp(spec.name);
      if (server == nullptr) continue;
      deleted += server->messages().size();
      server->clear_messages();
    }
    AdminResponse response;
    response.body = {{"deleted", deleted}};
    return response;
  });
  router.add("GET", "/api/messages/{id}",
             [&targets](const AdminRequest&, const PathParams& p) { return one(targets, p.at("id")); });
  router.add("GET", "/api/messages/{id}/raw", [&targets](const AdminRequest&, const PathParams& p) {
    const auto messages = all_messages(targets);
    AdminResponse response;
    response.raw = find_message(messages, p.at("id")).message.raw;
    response.content_type = "message/rfc822";
    return response;
  });
}

}  // namespace mailsim::admin
