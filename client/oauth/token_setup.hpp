#pragma once
// Builds the OAuth pieces from a connection file: per side the token client
// (its TLS and timeouts from the file) and the encrypted store, and the
// TokenManager over both sides.
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include "client/connection/connection_config.hpp"
#include "client/connector/side.hpp"
#include "client/oauth/http_transport.hpp"
#include "client/oauth/store_key.hpp"
#include "client/oauth/token_client.hpp"
#include "client/oauth/token_manager.hpp"
#include "client/oauth/token_store.hpp"
#include "client/reason.hpp"

namespace mailsim::client::oauth {

struct TokenEnvironment {
  std::shared_ptr<Clock> clock;     // null: the system clock
  std::optional<KeySources> keys;   // nullopt: key_sources_from_environment()
  Sleeper sleeper;                  // null: really sleeps
  TokenManagerOptions options;
  ClientAuthentication client_authentication = ClientAuthentication::basic;
  // null: make_http_transport
  std::function<std::shared_ptr<HttpTransport>(const HttpTransportOptions&)> make_transport;
};

// The file's tls block and timeouts (connect; command as the read timeout).
HttpTransportOptions transport_options(const ConnectionConfig& config);

// What `generate` needs for one side. Inbound same_as_outbound_oauth2 gives
// the outbound side's. A Failure (config_invalid) when the side does not use
// OAuth, has no oauth2 block or token_store, or the key cannot be had;
// create_key_file: make the default key file when there is no key at all.
struct SideTokenSetup {
  Side stored_as = Side::outbound;
  std::shared_ptr<TokenClient> client;
  std::shared_ptr<TokenStore> store;
};
std::variant<SideTokenSetup, Failure> side_token_setup(const ConnectionConfig& config, Side side,
                                                      const TokenEnvironment& environment, bool create_key_file);

// A manager for every side that uses OAuth; sides that share a token_store
// file share one TokenStore. A Failure (config_invalid) as above.
std::variant<std::shared_ptr<TokenManager>, Failure> make_token_manager(const ConnectionConfig& config,
                                                                        const TokenEnvironment& environment);

}  // namespace mailsim::client::oauth
