#pragma once
// What the server remembers of each token it issued.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "oauthmock/client_config.hpp"

namespace mailsim::oauth {

// Seconds since the Unix epoch, as JWT and introspection times are given.
inline std::int64_t epoch_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

enum class TokenKind { access, refresh };

// Listed by AuthorizationServer::issued_tokens() for tests and admin use;
// `value` is the secret itself, so never log it.
struct IssuedToken {
  std::string value;  // the token itself (a JWT or an opaque string)
  TokenKind kind = TokenKind::access;
  TokenFormat format = TokenFormat::opaque;  // refresh tokens are always opaque
  std::string id;                            // the jti of a JWT; a random id otherwise
  std::string client_id;
  std::string subject;  // the user; the client id for client_credentials
  std::string scope;
  std::uint64_t grant = 0;  // tokens from one authorization share it
  Clock::time_point issued_at;
  std::optional<Clock::time_point> expires_at;  // nullopt: never expires
  bool revoked = false;
  bool rotated = false;  // a refresh token that was exchanged for a newer one
  Clock::time_point rotated_at;  // when it was first exchanged
  std::string successor;         // the refresh token issued last in its place

  bool expired_at(Clock::time_point now) const { return expires_at && now >= *expires_at; }
};

}  // namespace mailsim::oauth
