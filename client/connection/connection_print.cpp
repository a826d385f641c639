#include "client/connection/connection_print.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "client/connection/value_parsers.hpp"

namespace mailsim::client {

namespace {

std::string secret(const std::string& value) { return value.empty() ? std::string() : std::string(kRedacted); }

bool names_a_secret(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  for (std::string_view word : {"secret", "password", "assertion", "token", "code_verifier"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

void emit_parameters(YAML::Emitter& out, const char* key, const ParameterList& parameters) {
  out << YAML::Key << key << YAML::Value << YAML::BeginMap;
  for (const auto& [name, value] : parameters) {
    out << YAML::Key << name << YAML::Value << (names_a_secret(name) ? secret(value) : value);
  }
  out << YAML::EndMap;
}

void emit_oauth2(YAML::Emitter& out, const std::optional<OAuth2Settings>& oauth2) {
  if (!oauth2) return;
  const OAuth2Settings& o = *oauth2;
  out << YAML::Key << "oauth2" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "client_id" << YAML::Value << o.client_id;
  out << YAML::Key << "client_secret" << YAML::Value << secret(o.client_secret);
  out << YAML::Key << "authorization_url" << YAML::Value << o.authorization_url;
  out << YAML::Key << "scope" << YAML::Value << o.scope_string();
  emit_parameters(out, "authorization_parameters", o.authorization_parameters);
  out << YAML::Key << "access_token_url" << YAML::Value << o.access_token_url;
  emit_parameters(out, "access_token_parameters", o.access_token_parameters);
  if (o.token_store) out << YAML::Key << "token_store" << YAML::Value << *o.token_store;
  out << YAML::EndMap;
}

}  // namespace

std::string redacted_yaml(const ConnectionConfig& config) {
  YAML::Emitter out;
  if (!config.source_file.empty()) out << YAML::Comment("from " + config.source_file);
  out << YAML::BeginMap;

  const Outbound& o = config.outbound;
  out << YAML::Key << "outbound" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "host" << YAML::Value << o.host;
  out << YAML::Key << "port" << YAML::Value << o.port;
  out << YAML::Key << "use_authentication" << YAML::Value << o.use_authentication;
  out << YAML::Key << "authentication" << YAML::Value << std::string(to_string(o.authentication));
  out << YAML::Key << "security" << YAML::Value << std::string(to_string(o.security));
  out << YAML::Key << "user" << YAML::Value << o.user;
  out << YAML::Key << "password" << YAML::Value << secret(o.password);
  emit_oauth2(out, o.oauth2);
  out << YAML::EndMap;

  const Inbound& i = config.inbound;
  out << YAML::Key << "inbound" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "host" << YAML::Value << i.host;
  out << YAML::Key << "port" << YAML::Value << i.port;
  out << YAML::Key << "authentication" << YAML::Value << std::string(to_string(i.authentication));
  out << YAML::Key << "security" << YAML::Value << std::string(to_string(i.security));
  out << YAML::Key << "user" << YAML::Value << i.user;
  out << YAML::Key << "password" << YAML::Value << secret(i.password);
  emit_oauth2(out, i.oauth2);
  out << YAML::EndMap;

  out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "ca_file" << YAML::Value << config.tls.ca_file;
  out << YAML::Key << "verify" << YAML::Value << config.tls.verify;
  out << YAML::Key << "min_version" << YAML::Value << config.tls.min_version;
  out << YAML::EndMap;

  out << YAML::Key << "timeouts" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "connect" << YAML::Value << format_duration(config.timeouts.connect);
  out << YAML::Key << "command" << YAML::Value << format_duration(config.timeouts.command);
  out << YAML::Key << "overall" << YAML::Value << format_duration(config.timeouts.overall);
  out << YAML::EndMap;

  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace mailsim::client
