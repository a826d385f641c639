#pragma once
// The two directions of a connection: outbound sends (SMTP), inbound reads
// (IMAP). Test Connection reports per side; OAuth tokens are kept per side.
// Header-only, so the OAuth token manager can name sides without linking
// the connector.
#include <optional>
#include <string_view>

namespace mailsim::client {

enum class Side { outbound, inbound };

inline std::string_view to_string(Side side) { return side == Side::outbound ? "outbound" : "inbound"; }

inline std::optional<Side> parse_side(std::string_view text) {
  if (text == "outbound") return Side::outbound;
  if (text == "inbound") return Side::inbound;
  return std::nullopt;
}

}  // namespace mailsim::client
