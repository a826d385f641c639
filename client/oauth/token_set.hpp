#pragma once
// The tokens one authorization produced (RFC 6749 5.1), kept per side of a
// connection. Every string here but scope and token_type is a secret.
#include <optional>
#include <string>
#include <string_view>

#include "client/connector/side.hpp"
#include "common/clock.hpp"

namespace mailsim::client::oauth {

struct TokenSet {
  std::string access_token;
  std::string refresh_token;  // "" when the server issued none
  // nullopt when the server gave no expires_in: valid until a server rejects it.
  std::optional<Clock::time_point> expires_at;
  std::string scope;  // as granted (the requested scope when the response omitted it)
  std::string token_type = "Bearer";
  Clock::time_point obtained_at;

  bool operator==(const TokenSet&) const = default;
};

// What a token store file holds: at most one set per side. Inbound
// same_as_outbound_oauth2 has none of its own.
struct StoredTokens {
  std::optional<TokenSet> outbound;
  std::optional<TokenSet> inbound;

  std::optional<TokenSet>& of(Side side) { return side == Side::outbound ? outbound : inbound; }
  const std::optional<TokenSet>& of(Side side) const { return side == Side::outbound ? outbound : inbound; }
  bool operator==(const StoredTokens&) const = default;
};

// The plaintext inside the encrypted store: a small JSON document.
std::string serialize_tokens(const StoredTokens& tokens);
// Throws std::runtime_error (naming the field, never a value) when the text
// is not such a document.
StoredTokens parse_tokens(std::string_view text);

}  // namespace mailsim::client::oauth
