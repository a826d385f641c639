#pragma once
// What the connector needs besides the connection file.
#include <memory>
#include <string>

#include "client/connector/access_token_provider.hpp"
#include "common/clock.hpp"

namespace mailsim::client {

struct ConnectorOptions {
  // OAuth tokens for sides with authentication oauth2 (or inbound
  // same_as_outbound_oauth2). Null: such a side fails with
  // oauth_consent_required before connecting. Unused with basic auth.
  // Passwords are not here: the connection file holds them, usually as
  // ${ENV_VAR} references the loader expands (load_connection_file's env).
  std::shared_ptr<AccessTokenProvider> tokens;
  // A CA certificate (PEM) trusted in addition to tls.ca_file and the
  // system store: how in-process tests and the example trust the mocks'
  // in-memory CA without writing a file.
  std::string extra_ca_pem;
  // "Now" for the Date: header of messages send() builds; null: the system clock.
  std::shared_ptr<Clock> clock;
  // The name sent in EHLO.
  std::string helo_name = "localhost";
};

}  // namespace mailsim::client
