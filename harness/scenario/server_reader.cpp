// Reads one server of a scenario: listener, TLS, users, seeded mailboxes, faults.
#include <filesystem>

#include "harness/scenario/scenario_reading.hpp"
#include "mockserver/imap/hidden_capabilities.hpp"

namespace mailsim::harness::reading {
namespace {

constexpr std::string_view kProtocols[] = {"smtp", "imap"};
constexpr std::string_view kSecurities[] = {"none", "ssl_tls", "starttls"};
constexpr std::string_view kCertificates[] = {"valid", "expired", "not_yet_valid", "wrong_host", "self_signed"};
constexpr std::string_view kAuthPolicies[] = {"none", "optional", "required"};
constexpr std::string_view kSeedKeys[] = {"file", "from", "to", "subject", "text", "flags"};
constexpr std::string_view kAuthStyles[] = {"rfc", "gmail", "exchange"};
constexpr std::string_view kTokenExpiry[] = {"keep", "bye"};

std::optional<ServerProtocol> parse_protocol(std::string_view t) {
  if (t == "smtp") return ServerProtocol::smtp;
  if (t == "imap") return ServerProtocol::imap;
  return std::nullopt;
}

std::optional<mock::CertificateKind> parse_certificate(std::string_view t) {
  if (t == "valid") return mock::CertificateKind::valid;
  if (t == "expired") return mock::CertificateKind::expired;
  if (t == "not_yet_valid") return mock::CertificateKind::not_yet_valid;
  if (t == "wrong_host") return mock::CertificateKind::wrong_host;
  if (t == "self_signed") return mock::CertificateKind::self_signed;
  return std::nullopt;
}

std::optional<AuthPolicy> parse_auth(std::string_view t) {
  if (t == "none") return AuthPolicy::none;
  if (t == "optional") return AuthPolicy::optional;
  if (t == "required") return AuthPolicy::required;
  return std::nullopt;
}

void read_seed_list(YamlSection& folders, const std::string& folder, std::vector<SeedMessage>& out,
                    const std::string& file) {
  auto& ctx = folders.context();
  Position at;
  const YAML::Node* list = folders.node(folder, &at);
  if (list == nullptr || list->IsNull()) return;
  if (!list->IsSequence()) {
    ctx.sink.error(at, folders.field(folder), "expected a list of messages");
    return;
  }
  std::size_t i = 0;
  for (const YAML::Node& item : *list) {
    const std::string path = folders.field(folder) + "[" + std::to_string(i++) + "]";
    auto s = open_map(item, path, client::position_of(item.Mark()), kSeedKeys, ctx);
    if (!s) continue;
    SeedMessage m;
    m.at = client::position_of(item.Mark());
    if (auto v = s->text("file")) {
      m.file = resolve(*v, file);
      if (!std::filesystem::is_regular_file(m.file))
        ctx.sink.error(m.at, path + ".file", "no such message file: " + m.file);
    }
    if (auto v = s->text("from")) m.from = *v;
    if (auto v = s->text("to")) m.to = *v;
    if (auto v = s->text("subject")) m.subject = *v;
    if (auto v = s->text("text")) m.text = *v;
    if (auto v = s->texts("flags")) m.flags = *v;
    out.push_back(std::move(m));
  }
}

}  // namespace

std::optional<YamlSection> open_map(const YAML::Node& node, const std::string& path, Position at,
                                    std::span<const std::string_view> known, ReadContext& ctx) {
  return YamlSection::open(node, path, at, known, ctx);
}

std::string resolve(const std::string& path, const std::string& scenario_file) {
  const std::filesystem::path written(path);
  if (written.is_absolute()) return path;
  return (std::filesystem::path(scenario_file).parent_path() / written).lexically_normal().string();
}

std::optional<ServerSpec> read_server(const std::string& name, YamlSection& s, const std::string& file) {
  auto& ctx = s.context();
  ServerSpec server;
  server.name = name;
  const auto protocol = s.choice<ServerProtocol>("protocol", &parse_protocol, kProtocols);
  if (!protocol) {
    if (!s.has("protocol"))
      ctx.sink.error(ctx.positions.where(s.path()), s.field("protocol"), "missing protocol (smtp or imap)");
    return std::nullopt;
  }
  server.protocol = *protocol;
  if (auto v = s.port("stands_for")) server.stands_for = *v;
  if (auto v = s.choice<mock::Security>("security", &mock::parse_security, kSecurities)) server.tls.security = *v;
  if (auto v = s.choice<mock::CertificateKind>("certificate", &parse_certificate, kCertificates))
    server.tls.certificate = *v;
  if (auto v = s.tls_version("tls_min")) server.tls.min_version = *tls::parse_version(*v);
  if (auto v = s.tls_version("tls_max")) server.tls.max_version = *tls::parse_version(*v);
  if (server.tls.min_version > server.tls.max_version)
    ctx.sink.error(s.key_position("tls_min"), s.field("tls_min"), "tls_min is above tls_max");
  if (auto v = s.choice<AuthPolicy>("auth", &parse_auth, kAuthPolicies)) server.auth = *v;
  if (auto v = s.boolean("auth_requires_tls")) server.auth_requires_tls = *v;
  if (auto users = s.parameters("users"))
    for (auto& [user, password] : *users) server.users[user] = password;
  if (auto v = s.size("max_message_size")) server.max_message_size = *v;
  if (auto v = s.count("max_recipients")) server.max_recipients = *v;
  if (auto v = s.size("max_line")) server.max_line = *v;
  if (auto v = s.count("max_sessions")) server.max_sessions = *v;
  if (auto v = s.count("max_sessions_per_ip")) server.max_sessions_per_ip = *v;
  if (auto v = s.duration("idle_timeout")) server.idle_timeout = *v;
  if (s.has("required_scope")) server.required_scope = s.text("required_scope").value_or("");
  if (auto v = s.choice<mock::AuthStyle>("auth_style", &mock::parse_auth_style, kAuthStyles)) server.auth_style = *v;
  if (auto v = s.boolean("smtp_client_auth_disabled")) {
    server.smtp_client_auth_disabled = *v;
    if (server.protocol != ServerProtocol::smtp)
      ctx.sink.error(s.key_position("smtp_client_auth_disabled"), s.field("smtp_client_auth_disabled"),
                     "smtp_client_auth_disabled belongs to an smtp server");
  }
  if (auto v = s.choice<mock::ExpiredTokenPolicy>("token_expiry", &mock::parse_expired_token_policy, kTokenExpiry)) {
    server.token_expiry = *v;
    if (server.protocol != ServerProtocol::imap)
      ctx.sink.error(s.key_position("token_expiry"), s.field("token_expiry"), "token_expiry belongs to an imap server");
  }
  if (auto names = s.texts("capabilities_without")) {
    for (auto& name : *names) {
      for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!mock::HiddenCapabilities::hideable().contains(name))
        ctx.sink.error(s.key_position("capabilities_without"), s.field("capabilities_without"),
                       "cannot hide " + name + "; one of MOVE, UIDPLUS, IDLE, NAMESPACE, ID, ENABLE, UNSELECT, "
                       "LITERAL+, SASL-IR, CHILDREN");
    }
    server.capabilities_without = std::move(*names);
    if (server.protocol != ServerProtocol::imap)
      ctx.sink.error(s.key_position("capabilities_without"), s.field("capabilities_without"),
                     "capabilities_without belongs to an imap server");
  }
  if (auto v = s.size("max_literal")) {
    server.max_literal = *v;
    if (server.protocol != ServerProtocol::imap)
      ctx.sink.error(s.key_position("max_literal"), s.field("max_literal"), "max_literal belongs to an imap server");
  }
  if (auto boxes = s.section("mailboxes", {})) {
    if (server.protocol != ServerProtocol::imap)
      ctx.sink.error(s.key_position("mailboxes"), s.field("mailboxes"), "mailboxes belong to an imap server");
    for (const auto& user : boxes->keys()) {
      auto folders = boxes->section(user, {});
      if (!folders) continue;
      for (const auto& folder : folders->keys())
        read_seed_list(*folders, folder, server.mailboxes[user][folder], file);
    }
  }
  Position faults_at;
  if (const YAML::Node* faults = s.node("faults", &faults_at); faults && !faults->IsNull()) {
    if (!faults->IsSequence()) {
      ctx.sink.error(faults_at, s.field("faults"), "expected a list of fault rules");
    } else {
      std::size_t i = 0;
      for (const YAML::Node& item : *faults) {
        const std::string path = s.field("faults") + "[" + std::to_string(i++) + "]";
        auto fault = read_fault(item, path, ctx);
        if (!fault) continue;
        // The implicit handshake runs before any rule is consulted; say so
        // rather than let a scenario believe the rule acted.
        const auto* rule = std::get_if<mock::faults::FaultRule>(&fault->rule);
        if (rule && rule->match.trigger == mock::faults::Trigger::tls_handshake &&
            server.tls.security == mock::Security::ssl_tls) {
          ctx.sink.error(fault->at, path,
                         "on: tls_handshake acts at STARTTLS; on an ssl_tls server use on: connect "
                         "(blackhole stalls the handshake, close fails it)");
          continue;
        }
        server.faults.push_back(std::move(*fault));
      }
    }
  }
  return server;
}

}  // namespace mailsim::harness::reading
