#pragma once
// The connector the `mailsim client` commands use: for a connection with
// OAuth sides, its token manager (client/oauth/token_setup.hpp) reads the
// token sets `generate` stored and refreshes them.
#include "client/connection/connection_config.hpp"
#include "client/connector/connector.hpp"

namespace mailsim::harness {

// When the token manager cannot be made (no token_store, no key), the OAuth
// sides fail with its reason while the other side still runs: Test
// Connection always reports both.
client::Connector make_connector(client::ConnectionConfig config);

}  // namespace mailsim::harness
