#include "harness/scenario/live_servers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "client/mime/message_builder.hpp"
#include "mockserver/fault_hooks/imap_fault_hooks.hpp"
#include "mockserver/fault_hooks/smtp_fault_hooks.hpp"
#include "mockserver/faults/presets.hpp"
#include "mockserver/imap/hidden_capabilities.hpp"
#include "mockserver/imap/mailbox_seed.hpp"
#include "mockserver/oauth_link/introspection_token_checker.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "oauthmock/lagging_clock.hpp"

namespace mailsim::harness {
namespace {

// Issues the listener's leaf now and writes it to key_dir (key owner-only).
void export_leaf(mock::ListenerTls& tls, const std::string& name, const std::string& key_dir) {
  if (key_dir.empty() || tls.security == mock::Security::none) return;
  tls.leaf = mock::listener_leaf(tls);
  std::ofstream(key_dir + "/" + name + ".crt") << tls.leaf->chain_pem;
  const std::string key_path = key_dir + "/" + name + ".key";
  {
    std::ofstream key(key_path);
    std::filesystem::permissions(key_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    key << tls.leaf->private_key_pem;
    if (!key) throw std::runtime_error(name + ": cannot write " + key_path);
  }
}

namespace faults = mock::faults;

// The session limits both mail mocks share; unset ones keep the defaults.
template <class Config>
void apply_session_limits(const ServerSpec& spec, Config& config) {
  if (spec.max_line) config.limits.max_line = *spec.max_line;
  if (spec.max_sessions) config.max_sessions = *spec.max_sessions;
  if (spec.max_sessions_per_ip) config.max_sessions_per_ip = *spec.max_sessions_per_ip;
  if (spec.idle_timeout) config.idle_timeout = *spec.idle_timeout;
}

std::string seed_text(const SeedMessage& m, Clock::time_point now) {
  client::mime::OutgoingMessage message;
  message.from = {"", m.from};
  message.to = {{"", m.to}};
  message.subject = m.subject;
  message.text = m.text;
  return client::mime::build_message(message, {.date = now});
}

std::string read_message_file(const std::string& path) {
  // Measured before reading: a huge file is refused, not loaded.
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error("cannot read message file " + path + ": " + ec.message());
  if (size > mock::kMaxSeedFileBytes) throw std::runtime_error("message file too large: " + path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read message file " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void seed(mock::MailboxStore& store, const ServerSpec& spec, Clock::time_point now) {
  for (const auto& [user, _] : spec.users) store.add_user(user);
  for (const auto& [user, folders] : spec.mailboxes) {
    store.add_user(user);
    for (const auto& [folder, messages] : folders) {
      if (store.find(user, folder) == nullptr) store.create(user, folder);
      for (const auto& m : messages) {
        mock::MessageFlags flags;
        for (const auto& f : m.flags) flags.add(f);
        const std::string raw = m.file.empty() ? seed_text(m, now) : read_message_file(m.file);
        store.add_message(user, folder, raw, flags, mock::date_of_message(raw, mock::InternalDate::from(now)));
      }
    }
  }
}

oauth::ClientConfig client_config(const OAuthClientSpec& spec) {
  oauth::ClientConfig c;
  c.id = spec.id;
  c.secret = spec.secret;
  // The connector's loopback listener; any port matches (RFC 8252 7.3).
  c.redirect_uris = {"http://127.0.0.1/callback"};
  c.allowed_scopes = spec.scopes;
  c.access_token_lifetime = spec.access_token_ttl;
  c.refresh_token_lifetime = spec.refresh_token_ttl;
  c.rotate_refresh_tokens = spec.rotation;
  c.token_format = spec.opaque_tokens ? oauth::TokenFormat::opaque : oauth::TokenFormat::jwt;
  c.jwt_algorithm = spec.jwt_alg;
  c.default_user = spec.user;
  return c;
}

mock::TokenChecker token_checker(const std::shared_ptr<oauth::AuthorizationServer>& core, const OAuthSpec& oauth,
                                 const ServerSpec& server, const std::string& discovery_url,
                                 const oauth::OAuthServer& http, const std::shared_ptr<Clock>& mail_clock) {
  mock::OAuthLinkOptions options;
  options.required_scope = server.required_scope.value_or(oauth.required_scope);
  options.openid_configuration = discovery_url;
  if (!oauth.introspection) return mock::make_oauth_token_checker(core, std::move(options));
  // The mail mock asks over HTTP(S) as the first client with a secret (the
  // loader made sure there is one) and judges "exp" on its own clock.
  const auto client = std::find_if(oauth.clients.begin(), oauth.clients.end(),
                                   [](const OAuthClientSpec& c) { return !c.secret.empty(); });
  mock::IntrospectionOptions introspection;
  introspection.url = http.url("/introspect");
  introspection.client_id = client->id;
  introspection.client_secret = client->secret;
  introspection.ca_pem = http.ca_certificate_pem();
  introspection.clock = mail_clock;
  introspection.link = std::move(options);
  return mock::make_introspection_token_checker(std::move(introspection));
}

}  // namespace

LiveServers::LiveServers(const Scenario& scenario, std::shared_ptr<Clock> clock, const std::string& work_dir,
                         const ListenOptions& listen)
    : clock_(std::move(clock)), start_(clock_->now()), engine_(std::make_shared<faults::FaultEngine>(clock_)) {
  const auto authority = mock::default_certificate_authority();
  ca_file_ = work_dir + "/ca.pem";
  std::ofstream(ca_file_) << authority->ca_certificate_pem();
  variables_["ca_file"] = ca_file_;

  std::string discovery_url;
  if (scenario.oauth) {
    oauth::ServerConfig config;
    for (const auto& client : scenario.oauth->clients) config.clients.push_back(client_config(client));
    std::shared_ptr<Clock> oauth_clock = clock_;
    if (scenario.oauth->clock_skew.count() > 0)
      oauth_clock = std::make_shared<oauth::LaggingClock>(clock_, scenario.oauth->clock_skew);
    oauth_core_ = std::make_shared<oauth::AuthorizationServer>(std::move(config), std::move(oauth_clock));
    oauth::OAuthServerOptions options;
    options.security = scenario.oauth->https ? oauth::HttpSecurity::tls : oauth::HttpSecurity::plain;
    options.certificate_authority = authority;
    options.host = listen.bind_address;
    if (auto it = listen.ports.find("oauth"); it != listen.ports.end()) options.port = it->second;
    oauth_server_ = std::make_unique<oauth::OAuthServer>(oauth_core_, options);
    // expire_token / revoke_token faults act on the session user's access tokens.
    engine_->set_token_action([core = oauth_core_](faults::ActionKind kind, const faults::FaultEvent& event) {
      if (event.user.empty()) return;
      if (kind == faults::ActionKind::expire_token)
        core->expire_access_tokens_of(event.user);
      else
        core->revoke_access_tokens_of(event.user);
    });
    discovery_url = oauth_server_->url("/.well-known/openid-configuration");
    variables_["oauth.token_url"] = oauth_server_->url("/token");
    variables_["oauth.authorize_url"] = oauth_server_->url("/authorize");
    variables_["oauth.base_url"] = oauth_server_->base_url();
    variables_["token_store"] = work_dir + "/tokens.store";
  }

  for (const auto& spec : scenario.servers) {
    if (spec.protocol == ServerProtocol::smtp) {
      mock::SmtpServerConfig config;
      config.name = spec.name;
      config.bind_address = listen.bind_address;
      if (auto it = listen.ports.find(spec.name); it != listen.ports.end()) config.port = it->second;
      config.tls = spec.tls;
      export_leaf(config.tls, spec.name, listen.key_dir);
      config.users = spec.users;
      config.auth_required = spec.auth == AuthPolicy::required;
      config.auth_requires_tls = spec.auth_requires_tls;
      if (spec.auth == AuthPolicy::none) config.mechanisms.clear();
      config.limits.max_message_size = spec.max_message_size;
      config.limits.max_recipients = spec.max_recipients;
      apply_session_limits(spec, config);
      config.auth_style = spec.auth_style;
      config.smtp_client_auth_disabled = spec.smtp_client_auth_disabled;
      config.clock = clock_;
      if (oauth_core_)
        config.token_checker =
            token_checker(oauth_core_, *scenario.oauth, spec, discovery_url, *oauth_server_, clock_);
      config.hooks = std::make_shared<faults::SmtpFaultHooks>(engine_, spec.name);
      auto server = std::make_unique<mock::SmtpServer>(config);
      server->start();
      variables_[spec.name + ".port"] = std::to_string(server->port());
      smtp_[spec.name] = std::move(server);
    } else {
      mock::ImapServerConfig config;
      config.name = spec.name;
      config.bind_address = listen.bind_address;
      if (auto it = listen.ports.find(spec.name); it != listen.ports.end()) config.port = it->second;
      config.tls = spec.tls;
      export_leaf(config.tls, spec.name, listen.key_dir);
      for (const auto& [user, password] : spec.users) config.users[user] = password;
      config.login_disabled_before_tls = spec.auth_requires_tls;
      apply_session_limits(spec, config);
      config.auth_style = spec.auth_style;
      config.expired_token = spec.token_expiry;
      config.clock = clock_;
      if (oauth_core_)
        config.token_checker =
            token_checker(oauth_core_, *scenario.oauth, spec, discovery_url, *oauth_server_, clock_);
      config.store = std::make_shared<mock::MailboxStore>();
      seed(*config.store, spec, clock_->now());
      config.hooks = std::make_shared<faults::ImapFaultHooks>(engine_, spec.name);
      if (spec.max_literal) config.limits.max_literal = *spec.max_literal;
      if (!spec.capabilities_without.empty())
        config.hooks = std::make_shared<mock::HiddenCapabilities>(
            config.hooks, std::set<std::string, std::less<>>(spec.capabilities_without.begin(),
                                                              spec.capabilities_without.end()));
      auto server = std::make_unique<mock::ImapServer>(config);
      server->start();
      variables_[spec.name + ".port"] = std::to_string(server->port());
      imap_[spec.name] = std::move(server);
    }
    variables_[spec.name + ".host"] = "localhost";
    for (const auto& fault : spec.faults) add_fault(spec.name, fault);
  }
}

LiveServers::~LiveServers() {
  for (auto& [name, server] : smtp_) server->stop();
  for (auto& [name, server] : imap_) server->stop();
}

mock::SmtpServer* LiveServers::smtp(const std::string& name) const {
  auto it = smtp_.find(name);
  return it == smtp_.end() ? nullptr : it->second.get();
}

void LiveServers::clock_advanced() {
  for (auto& [name, server] : imap_) server->clock_advanced();
}

mock::ImapServer* LiveServers::imap(const std::string& name) const {
  auto it = imap_.find(name);
  return it == imap_.end() ? nullptr : it->second.get();
}

std::vector<std::string> LiveServers::add_fault(const std::string& server, const FaultSpec& fault) {
  std::vector<std::string> added;
  std::visit(
      [&](const auto& rule) {
        using T = std::decay_t<decltype(rule)>;
        if constexpr (std::is_same_v<T, PresetRef>) {
          faults::PresetOptions options;
          options.listener = server;
          options.limit = rule.limit;
          options.window = rule.window;
          auto preset = faults::find_preset(rule.name, options);
          if (!preset) throw std::invalid_argument("no fault preset named " + rule.name);
          added = faults::apply_preset(*engine_, *preset);
        } else if constexpr (std::is_same_v<T, faults::FaultRule>) {
          auto copy = rule;
          copy.match.listener = server;
          if (fault.window)
            copy.match.window = faults::Window{start_ + fault.window->first, start_ + fault.window->second};
          added.push_back(engine_->add(std::move(copy)));
        } else {
          auto copy = rule;
          copy.listener = server;
          added.push_back(engine_->add(std::move(copy)));
        }
      },
      fault.rule);
  auto& ids = fault_ids_[server];
  ids.insert(ids.end(), added.begin(), added.end());
  return added;
}

void LiveServers::clear_faults(const std::string& server) {
  for (const auto& id : fault_ids_[server]) engine_->remove(id);
  fault_ids_[server].clear();
}

std::string LiveServers::transcript_of(const std::string& name) const {
  std::string out;
  if (auto* s = smtp(name))
    for (const auto& session : s->transcripts()) out += session.transcript->render();
  if (auto* s = imap(name))
    for (const auto& t : s->transcripts()) out += t->render();
  return out;
}

std::string LiveServers::transcripts() const {
  std::string out;
  for (const auto& [name, server] : smtp_) out += fmt::format("--- server {} (smtp)\n{}", name, transcript_of(name));
  for (const auto& [name, server] : imap_) out += fmt::format("--- server {} (imap)\n{}", name, transcript_of(name));
  return out;
}

}  // namespace mailsim::harness
