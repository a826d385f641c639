#include "harness/serve/served_endpoints.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mailsim::harness {

std::vector<ServedEndpoint> served_endpoints(const Scenario& scenario, const LiveServers& servers,
                                             const std::string& host) {
  std::vector<ServedEndpoint> out;
  for (const auto& spec : scenario.servers) {
    ServedEndpoint e;
    e.name = spec.name;
    e.host = host;
    e.security = std::string(mock::to_string(spec.tls.security));
    if (auto* smtp = servers.smtp(spec.name)) {
      e.protocol = "smtp";
      e.port = smtp->port();
    } else if (auto* imap = servers.imap(spec.name)) {
      e.protocol = "imap";
      e.port = imap->port();
    }
    out.push_back(std::move(e));
  }
  const auto& vars = servers.variables();
  if (auto it = vars.find("oauth.base_url"); it != vars.end()) {
    ServedEndpoint e;
    e.name = "oauth";
    e.protocol = "http";
    e.host = host;
    e.url = it->second;
    e.security = it->second.starts_with("https:") ? "https" : "none";
    const auto colon = e.url.rfind(':');
    e.port = static_cast<std::uint16_t>(std::stoi(e.url.substr(colon + 1)));
    out.push_back(std::move(e));
  }
  return out;
}

std::string format_table(const ServedSummary& summary) {
  std::size_t name_width = 4;
  std::size_t host_width = 4;
  for (const auto& e : summary.endpoints) {
    name_width = std::max(name_width, e.name.size());
    host_width = std::max(host_width, e.host.size());
  }
  std::string out = fmt::format("{:<{}}  {:<8}  {:<{}}  {:>5}  {:<8}  {}\n", "NAME", name_width, "PROTOCOL", "HOST",
                                host_width, "PORT", "SECURITY", "URL");
  for (const auto& e : summary.endpoints)
    out += fmt::format("{:<{}}  {:<8}  {:<{}}  {:>5}  {:<8}  {}\n", e.name, name_width, e.protocol, e.host, host_width,
                       e.port, e.security, e.url);
  out += fmt::format("\nCA certificate (trust it in clients): {}\n", summary.ca_file);
  if (!summary.key_file.empty()) out += fmt::format("Leaf certificate and key: {}\n", summary.key_file);
  out += fmt::format("Admin API: {}\n", summary.admin_url);
  return out;
}

nlohmann::json to_json(const ServedSummary& summary) {
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& e : summary.endpoints) {
    nlohmann::json j = {{"name", e.name},         {"protocol", e.protocol}, {"host", e.host},
                        {"port", e.port},         {"security", e.security}, {"ca_file", summary.ca_file}};
    if (!e.url.empty()) j["url"] = e.url;
    endpoints.push_back(std::move(j));
  }
  nlohmann::json j = {{"endpoints", endpoints},
                      {"ca_file", summary.ca_file},
                      {"cert_dir", summary.cert_dir},
                      {"admin_url", summary.admin_url},
                      {"pid", summary.pid}};
  if (!summary.key_file.empty()) j["key_file"] = summary.key_file;
  return j;
}

}  // namespace mailsim::harness
