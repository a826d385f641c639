#include "harness/scenario/live_servers.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "client/mime/message_builder.hpp"
#include "mockserver/fault_hooks/imap_fault_hooks.hpp"
#include "mockserver/fault_hooks/smtp_fault_hooks.hpp"
#include "mockserver/faults/presets.hpp"
#include "mockserver/imap/mailbox_seed.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"

namespace mailsim::harness {
namespace {

namespace faults = mock::faults;

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
  c.default_user = spec.user;
  return c;
}

mock::TokenChecker token_checker(const std::shared_ptr<oauth::AuthorizationServer>& core, const OAuthSpec& oauth,
                                 const ServerSpec& server, const std::string& discovery_url) {
  mock::OAuthLinkOptions options;
  options.required_scope = server.required_scope.value_or(oauth.required_scope);
  options.openid_configuration = discovery_url;
  return mock::make_oauth_token_checker(core, std::move(options));
}

}  // namespace

LiveServers::LiveServers(const Scenario& scenario, std::shared_ptr<VirtualClock> clock, const std::string& work_dir)
    : clock_(std::move(clock)), start_(clock_->now()), engine_(std::make_shared<faults::FaultEngine>(clock_)) {
  const auto authority = mock::default_certificate_authority();
  ca_file_ = work_dir + "/ca.pem";
  std::ofstream(ca_file_) << authority->ca_certificate_pem();
  variables_["ca_file"] = ca_file_;

  std::string discovery_url;
  if (scenario.oauth) {
    oauth::ServerConfig config;
    for (const auto& client : scenario.oauth->clients) config.clients.push_back(client_config(client));
    oauth_core_ = std::make_shared<oauth::AuthorizationServer>(std::move(config), clock_);
    oauth::OAuthServerOptions options;
    options.security = scenario.oauth->https ? oauth::HttpSecurity::tls : oauth::HttpSecurity::plain;
    options.certificate_authority = authority;
    oauth_server_ = std::make_unique<oauth::OAuthServer>(oauth_core_, options);
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
      config.tls = spec.tls;
      config.users = spec.users;
      config.auth_required = spec.auth == AuthPolicy::required;
      config.auth_requires_tls = spec.auth_requires_tls;
      if (spec.auth == AuthPolicy::none) config.mechanisms.clear();
      config.limits.max_message_size = spec.max_message_size;
      config.limits.max_recipients = spec.max_recipients;
      config.clock = clock_;
      if (oauth_core_) config.token_checker = token_checker(oauth_core_, *scenario.oauth, spec, discovery_url);
      config.hooks = std::make_shared<faults::SmtpFaultHooks>(engine_, spec.name);
      auto server = std::make_unique<mock::SmtpServer>(config);
      server->start();
      variables_[spec.name + ".port"] = std::to_string(server->port());
      smtp_[spec.name] = std::move(server);
    } else {
      mock::ImapServerConfig config;
      config.name = spec.name;
      config.tls = spec.tls;
      for (const auto& [user, password] : spec.users) config.users[user] = password;
      config.login_disabled_before_tls = spec.auth_requires_tls;
      config.clock = clock_;
      if (oauth_core_) config.token_checker = token_checker(oauth_core_, *scenario.oauth, spec, discovery_url);
      config.store = std::make_shared<mock::MailboxStore>();
      seed(*config.store, spec, clock_->now());
      config.hooks = std::make_shared<faults::ImapFaultHooks>(engine_, spec.name);
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

mock::ImapServer* LiveServers::imap(const std::string& name) const {
  auto it = imap_.find(name);
  return it == imap_.end() ? nullptr : it->second.get();
}

void LiveServers::add_fault(const std::string& server, const FaultSpec& fault) {
  auto& ids = fault_ids_[server];
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
          for (auto& id : faults::apply_preset(*engine_, *preset)) ids.push_back(id);
        } else if constexpr (std::is_same_v<T, faults::FaultRule>) {
          auto copy = rule;
          copy.match.listener = server;
          if (fault.window)
            copy.match.window = faults::Window{start_ + fault.window->first, start_ + fault.window->second};
          ids.push_back(engine_->add(std::move(copy)));
        } else {
          auto copy = rule;
          copy.listener = server;
          ids.push_back(engine_->add(std::move(copy)));
        }
      },
      fault.rule);
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
