#pragma once
// The effective connection (defaults filled in) as YAML, for `-v` output and
// bug reports: secrets show as "<redacted>", never their value.
#include <string>
#include <string_view>

#include "client/connection/connection_config.hpp"

namespace mailsim::client {

inline constexpr std::string_view kRedacted = "<redacted>";

// password and client_secret are redacted, and so is any OAuth parameter
// whose name says it holds a secret (client_assertion, refresh_token ...).
// An empty secret prints as "" so a missing one is still visible.
std::string redacted_yaml(const ConnectionConfig& config);

}  // namespace mailsim::client
