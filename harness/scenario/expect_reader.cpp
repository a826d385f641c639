// Reads a scenario's final expectations on one server.
#include "harness/scenario/scenario_reading.hpp"

namespace mailsim::harness::reading {
namespace {

constexpr std::string_view kMessageKeys[] = {"index", "from", "to", "subject", "body_contains", "tls",
                                             "authenticated_user"};
constexpr std::string_view kMailboxKeys[] = {"user", "folder", "count", "unseen"};

template <class T, class F>
void read_list(YamlSection& s, std::string_view key, std::vector<T>& out, F read_one) {
  Position at;
  const YAML::Node* list = s.node(key, &at);
  if (list == nullptr || list->IsNull()) return;
  if (!list->IsSequence()) {
    s.context().sink.error(at, s.field(key), "expected a list");
    return;
  }
  std::size_t i = 0;
  for (const YAML::Node& item : *list) {
    const std::string path = s.field(key) + "[" + std::to_string(i++) + "]";
    if (auto v = read_one(item, path)) out.push_back(std::move(*v));
  }
}

}  // namespace

std::optional<ServerExpect> read_server_expect(const std::string& server, YamlSection& s) {
  ServerExpect e;
  e.server = server;
  auto& ctx = s.context();
  if (auto v = s.count("messages")) e.messages = *v;
  if (auto v = s.texts("transcript_contains")) e.transcript_contains = *v;
  if (auto v = s.texts("transcript_not_contains")) e.transcript_not_contains = *v;
  if (auto fired = s.section("faults_fired", {}))
    for (const auto& id : fired->keys())
      if (auto n = fired->count(id)) e.faults_fired[id] = *n;
  read_list(s, "message", e.message, [&](const YAML::Node& item, const std::string& path) -> std::optional<MessageExpect> {
    const Position at = client::position_of(item.Mark());
    auto m = open_map(item, path, at, kMessageKeys, ctx);
    if (!m) return std::nullopt;
    MessageExpect out;
    out.at = at;
    if (auto v = m->count("index")) out.index = *v;
    if (auto v = m->text("from")) out.from = *v;
    if (auto v = m->texts("to")) out.to = *v;
    if (auto v = m->text("subject")) out.subject = *v;
    if (auto v = m->texts("body_contains")) out.body_contains = *v;
    if (auto v = m->boolean("tls")) out.tls = *v;
    if (auto v = m->text("authenticated_user")) out.authenticated_user = *v;
    return out;
  });
  read_list(s, "mailboxes", e.mailboxes, [&](const YAML::Node& item, const std::string& path) -> std::optional<MailboxExpect> {
    const Position at = client::position_of(item.Mark());
    auto m = open_map(item, path, at, kMailboxKeys, ctx);
    if (!m) return std::nullopt;
    MailboxExpect out;
    out.at = at;
    if (auto v = m->text("user")) out.user = *v;
    out.folder = m->text("folder").value_or("INBOX");
    if (auto v = m->count("count")) out.count = *v;
    if (auto v = m->count("unseen")) out.unseen = *v;
    if (out.user.empty()) ctx.sink.error(at, path + ".user", "a mailbox expectation names its user");
    return out;
  });
  return e;
}

}  // namespace mailsim::harness::reading
