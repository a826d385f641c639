#pragma once
// What `mailsim serve` prints: every listener of the scenario with where to
// reach it and how it is secured, as a table or as one JSON object.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/scenario/live_servers.hpp"
#include "harness/scenario/scenario.hpp"

namespace mailsim::harness {

struct ServedEndpoint {
  std::string name;
  std::string protocol;  // smtp, imap, http (the OAuth mock)
  std::string host;
  std::uint16_t port = 0;
  std::string security;  // none, ssl_tls, starttls; https for the OAuth mock over TLS
  std::string url;       // the OAuth mock's base URL; "" for mail servers
};

struct ServedSummary {
  std::vector<ServedEndpoint> endpoints;
  std::string ca_file;
  std::string cert_dir;
  std::string key_file;  // "" unless --write-key
  std::string admin_url;
  long pid = 0;
};

std::vector<ServedEndpoint> served_endpoints(const Scenario& scenario, const LiveServers& servers,
                                             const std::string& host);
std::string format_table(const ServedSummary& summary);
nlohmann::json to_json(const ServedSummary& summary);

}  // namespace mailsim::harness
