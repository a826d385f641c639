#pragma once
// What one side logs in with: the file's user and password, or the user and
// an access token from the AccessTokenProvider.
#include <optional>
#include <variant>

#include "client/connection/connection_config.hpp"
#include "client/connector/access_token_provider.hpp"
#include "client/connector/side.hpp"
#include "client/reason.hpp"
#include "common/sasl/sasl_client.hpp"

namespace mailsim::client {

struct SideCredentials {
  // nullopt: the side does not log in (outbound use_authentication false).
  std::optional<sasl::ClientCredentials> credentials;
  bool oauth = false;  // credentials hold an access token, not a password
};

// True when the side logs in with OAuth (inbound same_as_outbound_oauth2 too).
bool uses_oauth(const ConnectionConfig& config, Side side);

// Whose token the side presents: inbound same_as_outbound_oauth2 uses the
// outbound one.
Side token_side(const ConnectionConfig& config, Side side);

// The credentials for one side. For OAuth sides asks tokens (force_refresh
// passed on); a Failure at Stage::authenticate when there is no provider
// (oauth_consent_required) or it has no token (the provider's last_failure,
// else oauth_refresh_failed).
std::variant<SideCredentials, Failure> resolve_credentials(const ConnectionConfig& config, Side side,
                                                           AccessTokenProvider* tokens, bool force_refresh);

}  // namespace mailsim::client
