#include "client/connector/side_credentials.hpp"

#include <string>

namespace mailsim::client {

bool uses_oauth(const ConnectionConfig& config, Side side) {
  if (side == Side::outbound)
    return config.outbound.use_authentication && config.outbound.authentication == OutboundAuthentication::oauth2;
  return config.inbound.authentication != InboundAuthentication::basic;
}

Side token_side(const ConnectionConfig& config, Side side) {
  if (side == Side::inbound && config.inbound.authentication == InboundAuthentication::same_as_outbound_oauth2)
    return Side::outbound;
  return side;
}

std::variant<SideCredentials, Failure> resolve_credentials(const ConnectionConfig& config, Side side,
                                                           AccessTokenProvider* tokens, bool force_refresh) {
  if (side == Side::outbound && !config.outbound.use_authentication) return SideCredentials{};
  const std::string& user = side == Side::outbound ? config.outbound.user : config.inbound.user;
  if (!uses_oauth(config, side)) {
    const std::string& password = side == Side::outbound ? config.outbound.password : config.inbound.password;
    return SideCredentials{sasl::ClientCredentials{.user = user, .password = password}, false};
  }

  const Side owner = token_side(config, side);
  Failure failure;
  failure.stage = Stage::authenticate;
  if (!tokens) {
    failure.reason = Reason::oauth_consent_required;
    failure.detail = "no access token for " + std::string(to_string(owner)) + ": no OAuth token source is configured";
    failure.hint = std::string(default_hint(failure.reason));
    return failure;
  }
  auto token = tokens->access_token(owner, force_refresh);
  if (!token || token->empty()) {
    if (auto known = tokens->last_failure(owner)) return *known;
    failure.reason = Reason::oauth_refresh_failed;
    failure.detail = std::string(force_refresh ? "no new access token for " : "no access token for ") +
                     std::string(to_string(owner)) + " could be obtained";
    failure.hint = std::string(default_hint(failure.reason));
    return failure;
  }
  const auto& endpoint_host = side == Side::outbound ? config.outbound.host : config.inbound.host;
  const auto endpoint_port = side == Side::outbound ? config.outbound.port : config.inbound.port;
  return SideCredentials{
      sasl::ClientCredentials{
          .user = user, .access_token = std::move(*token), .host = endpoint_host, .port = endpoint_port},
      true};
}

}  // namespace mailsim::client
