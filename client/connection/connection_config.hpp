#pragma once
// The connection file's model: what the connector needs to reach both
// servers. Filled with defaults for whatever the file leaves out; the loader
// (connection_loader.hpp) fills it and says what is wrong with it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/security.hpp"

namespace mailsim::client {

enum class OutboundAuthentication { basic, oauth2 };
// same_as_outbound_oauth2: IMAP logs in with the outbound side's OAuth
// settings and token, so one consent covers both directions.
enum class InboundAuthentication { basic, oauth2, same_as_outbound_oauth2 };

std::string_view to_string(OutboundAuthentication a);
std::string_view to_string(InboundAuthentication a);
// Exact lower-case names as written in connection files.
std::optional<OutboundAuthentication> parse_outbound_authentication(std::string_view text);
std::optional<InboundAuthentication> parse_inbound_authentication(std::string_view text);

// Extra form parameters in the order the file gives them (some providers
// care about order in logs, and it keeps printed configs stable).
using ParameterList = std::vector<std::pair<std::string, std::string>>;

struct OAuth2Settings {
  std::string client_id;
  std::string client_secret;  // secret: empty for a public client (PKCE only)
  std::string authorization_url;
  std::vector<std::string> scope;  // case-sensitive, in the file's order
  ParameterList authorization_parameters;
  std::string access_token_url;
  ParameterList access_token_parameters;
  std::optional<std::string> token_store;  // where `generate` keeps the token set

  // The scope as sent on the wire: space separated.
  std::string scope_string() const;
};

struct Outbound {
  std::string host;
  std::uint16_t port = 25;
  bool use_authentication = true;
  OutboundAuthentication authentication = OutboundAuthentication::basic;
  Security security = Security::none;
  std::string user;
  std::string password;  // secret; basic only
  std::optional<OAuth2Settings> oauth2;
};

struct Inbound {
  std::string host;
  std::uint16_t port = 143;
  InboundAuthentication authentication = InboundAuthentication::basic;
  Security security = Security::none;
  std::string user;
  std::string password;  // secret; basic only
  std::optional<OAuth2Settings> oauth2;
};

// One block for both sides: the two servers of one provider share their CA
// and policy, and a per-side override has had no user yet.
struct TlsSettings {
  std::string ca_file;  // extra trusted CA (PEM), resolved against the file's folder
  bool verify = true;
  std::string min_version = "1.2";  // "1.0" .. "1.3"
};

struct Timeouts {
  std::chrono::milliseconds connect{10'000};   // resolve + TCP connect
  std::chrono::milliseconds command{30'000};   // each command and reply
  std::chrono::milliseconds overall{120'000};  // one whole session
};

struct ConnectionConfig {
  Outbound outbound;
  Inbound inbound;
  TlsSettings tls;
  Timeouts timeouts;
  std::string source_file;  // the name diagnostics use
};

}  // namespace mailsim::client
