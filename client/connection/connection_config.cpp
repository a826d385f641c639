#include "client/connection/connection_config.hpp"

namespace mailsim::client {

std::string_view to_string(OutboundAuthentication a) {
  switch (a) {
    case OutboundAuthentication::basic: return "basic";
    case OutboundAuthentication::oauth2: return "oauth2";
  }
  return "unknown";
}

std::string_view to_string(InboundAuthentication a) {
  switch (a) {
    case InboundAuthentication::basic: return "basic";
    case InboundAuthentication::oauth2: return "oauth2";
    case InboundAuthentication::same_as_outbound_oauth2: return "same_as_outbound_oauth2";
  }
  return "unknown";
}

std::optional<OutboundAuthentication> parse_outbound_authentication(std::string_view text) {
  if (text == "basic") return OutboundAuthentication::basic;
  if (text == "oauth2") return OutboundAuthentication::oauth2;
  return std::nullopt;
}

std::optional<InboundAuthentication> parse_inbound_authentication(std::string_view text) {
  if (text == "basic") return InboundAuthentication::basic;
  if (text == "oauth2") return InboundAuthentication::oauth2;
  if (text == "same_as_outbound_oauth2") return InboundAuthentication::same_as_outbound_oauth2;
  return std::nullopt;
}

std::string OAuth2Settings::scope_string() const {
  std::string joined;
  for (const auto& s : scope) {
    if (!joined.empty()) joined += ' ';
    joined += s;
  }
  return joined;
}

}  // namespace mailsim::client
