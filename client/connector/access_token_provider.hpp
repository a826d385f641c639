#pragma once
// Where the connector gets OAuth 2.0 access tokens. The token manager
// (client/oauth/token_manager.hpp) implements it; tests implement it with
// fixed tokens. With basic authentication it is never asked.
#include <optional>
#include <string>

#include "client/connector/side.hpp"
#include "client/reason.hpp"

namespace mailsim::client {

class AccessTokenProvider {
 public:
  virtual ~AccessTokenProvider() = default;
  // A current access token for the side's oauth2 settings. force_refresh:
  // the server has just rejected the last token, so get a new one rather
  // than a cached one. nullopt when no token can be had (no token set
  // stored, or the refresh failed). May block (an HTTP request). Must be
  // thread-safe: Test Connection runs both sides at once, and with
  // same_as_outbound_oauth2 both ask for the outbound token.
  virtual std::optional<std::string> access_token(Side side, bool force_refresh) = 0;
  // Why the side's last access_token() gave nullopt (reason, the token
  // endpoint's words, a hint), when the provider knows; the connector then
  // reports it instead of a plain oauth_refresh_failed.
  virtual std::optional<Failure> last_failure(Side side) const { return std::nullopt; }
};

}  // namespace mailsim::client
