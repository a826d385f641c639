// IMAP mailboxes: GET /api/mailboxes, GET and POST
// /api/mailboxes/{server}/{user}/messages (?folder=, default INBOX), PUT
// /api/mailboxes/{server}/{user}/messages/{uid}/flags.
#include <charconv>
#include <set>

#include "admin/admin_routes.hpp"
#include "admin/time_text.hpp"
#include "client/mime/message_builder.hpp"
#include "common/mime/encoded_words.hpp"
#include "common/mime/header_fields.hpp"
#include "mockserver/imap/mailbox_seed.hpp"

namespace mailsim::admin {
namespace {

using nlohmann::json;

mock::ImapServer& imap_server(const AdminTargets& targets, const std::string& name) {
  auto* server = targets.servers.imap(name);
  if (server == nullptr) throw AdminError(404, "not_found", "no IMAP server named " + name);
  return *server;
}

std::string folder_of(const AdminRequest& request) {
  const auto folder = query_value(request, "folder");
  return folder.empty() ? "INBOX" : folder;
}

std::shared_ptr<mock::Mailbox> mailbox(const AdminTargets& targets, const PathParams& p, const std::string& folder) {
  auto& store = imap_server(targets, p.at("server")).store();
  if (!store.has_user(p.at("user"))) throw AdminError(404, "not_found", "no user " + p.at("user") + " on " + p.at("server"));
  auto box = store.find(p.at("user"), folder);
  if (!box) throw AdminError(404, "not_found", "user " + p.at("user") + " has no mailbox " + folder);
  return box;
}

json flag_names(const mock::MessageFlags& flags) {
  json names = json::array();
  const std::string text = flags.to_string();  // "(\Seen $Label)"
  std::size_t begin = text.find_first_not_of("( ");
  while (begin != std::string::npos && text[begin] != ')') {
    const auto end = text.find_first_of(" )", begin);
    names.push_back(text.substr(begin, end - begin));
    begin = text.find_first_not_of(' ', end);
  }
  return names;
}

mock::MessageFlags read_flags(const json& body, const char* key) {
  mock::MessageFlags flags;
  if (!body.contains(key)) return flags;
  if (!body[key].is_array()) throw AdminError(400, "bad_request", std::string(key) + " must be a list of flag names");
  for (const auto& f : body[key]) {
    if (!f.is_string() || f.get<std::string>().empty())
      throw AdminError(400, "bad_request", std::string(key) + " must hold flag names such as \"\\\\Seen\"");
    flags.add(f.get<std::string>());
    // MessageFlags drops what is not a flag ("\\Seen" with two backslashes); say so instead.
    if (!flags.has(f.get<std::string>()))
      throw AdminError(400, "bad_request", "not an IMAP flag name: " + f.get<std::string>());
  }
  return flags;
}

std::string text_field(const json& body, const char* key) {
  if (!body.contains(key)) return {};
  if (!body[key].is_string()) throw AdminError(400, "bad_request", std::string(key) + " must be a string");
  return body[key].get<std::string>();
}

// A raw message as given, or one built from from/to/subject/text.
std::string message_text(const json& body, Clock::time_point now) {
  if (body.contains("raw")) {
    auto raw = text_field(body, "raw");
    if (raw.empty()) throw AdminError(400, "bad_request", "raw must hold the message");
    return raw;
  }
  client::mime::OutgoingMessage message;
  message.from = {"", text_field(body, "from")};
  message.to = {{"", text_field(body, "to")}};
  message.subject = text_field(body, "subject");
  message.text = text_field(body, "text");
  if (message.from.address.empty() || message.to.front().address.empty())
    throw AdminError(400, "bad_request", "give raw, or from and to (with subject and text)");
  try {
    return client::mime::build_message(message, {.date = now});
  } catch (const std::invalid_argument& e) {
    throw AdminError(400, "bad_request", e.what());
  }
}

// The store lists no users; the scenario names them all (the API adds none).
std::set<std::string> scenario_users(const harness::ServerSpec& spec) {
  std::set<std::string> users;
  for (const auto& [user, _] : spec.users) users.insert(user);
  for (const auto& [user, _] : spec.mailboxes) users.insert(user);
  return users;
}

AdminResponse list_messages(const AdminTargets& targets, const AdminRequest& request, const PathParams& p) {
  const auto folder = folder_of(request);
  json messages = json::array();
  for (const auto& record : mailbox(targets, p, folder)->snapshot()) {
    const auto& raw = record.message->raw();
    const auto fields = mime::parse_header_block(raw, 0, raw.size()).fields;
    const auto* subject = mime::find_field(fields, "Subject");
    const auto* from = mime::find_field(fields, "From");
    messages.push_back({{"uid", record.uid},
                        {"flags", flag_names(record.flags)},
                        {"size", raw.size()},
                        {"subject", subject ? mime::decode_header_text(subject->value) : ""},
                        {"from", from ? mime::decode_header_text(from->value) : ""}});
  }
  AdminResponse response;
  response.body = {{"server", p.at("server")}, {"user", p.at("user")}, {"folder", folder}, {"messages", messages}};
  return response;
}

AdminResponse add_message(const AdminTargets& targets, const AdminRequest& request, const PathParams& p) {
  const auto body = json_object_body(request);
  auto& store = imap_server(targets, p.at("server")).store();
  if (!store.has_user(p.at("user"))) throw AdminError(404, "not_found", "no user " + p.at("user") + " on " + p.at("server"));
  const auto folder = folder_of(request);
  if (!mock::MailboxStore::valid_name(folder)) throw AdminError(400, "bad_request", "not a valid mailbox name: " + folder);
  const auto now = targets.clock.now();
  const auto raw = message_text(body, now);
  const auto uid = store.add_message(p.at("user"), folder, raw, read_flags(body, "flags"),
                                     mock::date_of_message(raw, mock::InternalDate::from(now)));
  AdminResponse response;
  response.status = 201;
  response.body = {{"server", p.at("server")}, {"user", p.at("user")}, {"folder", folder}, {"uid", uid}};
  return response;
}

AdminResponse set_flags(const AdminTargets& targets, const AdminRequest& request, const PathParams& p) {
  const auto body = json_object_body(request);
  mock::Uid uid = 0;
  const auto& text = p.at("uid");
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), uid);
  if (ec != std::errc() || end != text.data() + text.size() || uid == 0)
    throw AdminError(400, "bad_request", "the UID must be a positive number");
  const std::string mode = body.contains("mode") ? text_field(body, "mode") : "replace";
  mock::FlagChange change = mock::FlagChange::replace;
  if (mode == "add") change = mock::FlagChange::add;
  else if (mode == "remove") change = mock::FlagChange::remove;
  else if (mode != "replace") throw AdminError(400, "bad_request", "mode must be replace, add or remove");
  if (!body.contains("flags")) throw AdminError(400, "bad_request", "flags is missing (a list of flag names)");
  const auto box = mailbox(targets, p, folder_of(request));
  const auto changed = box->change_flags({uid}, change, read_flags(body, "flags"));
  if (changed.empty()) throw AdminError(404, "not_found", "no message with UID " + text);
  AdminResponse response;
  response.body = {{"uid", uid}, {"flags", flag_names(changed.front().flags)}};
  return response;
}

}  // namespace

void add_mailbox_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/api/mailboxes", [&targets](const AdminRequest&, const PathParams&) {
    json boxes = json::array();
    for (const auto& spec : targets.scenario.servers) {
      auto* server = targets.servers.imap(spec.name);
      if (server == nullptr) continue;
      auto& store = server->store();
      for (const auto& user : scenario_users(spec)) {
        for (const auto& listing : store.list(user)) {
          const auto box = store.find(user, listing.name);
          if (!box) continue;
          const auto counts = box->counts();
          boxes.push_back({{"server", spec.name},
                           {"user", user},
                           {"folder", listing.name},
                           {"messages", counts.messages},
                           {"unseen", counts.unseen},
                           {"uid_next", counts.uid_next}});
        }
      }
    }
    AdminResponse response;
    response.body = {{"mailboxes", boxes}};
    return response;
  });
  router.add("GET", "/api/mailboxes/{server}/{user}/messages",
             [&targets](const AdminRequest& r, const PathParams& p) { return list_messages(targets, r, p); });
  router.add("POST", "/api/mailboxes/{server}/{user}/messages",
             [&targets](const AdminRequest& r, const PathParams& p) { return add_message(targets, r, p); });
  router.add("PUT", "/api/mailboxes/{server}/{user}/messages/{uid}/flags",
             [&targets](const AdminRequest& r, const PathParams& p) { return set_flags(targets, r, p); });
}

}  // namespace mailsim::admin
