#pragma once
// Hands out valid access tokens per side of a connection. A token is
// refreshed before it expires (with a skew margin, on the injected clock)
// and once more when a server rejected one that looked valid. A refresh
// that rotates the refresh token is saved to the store before the new
// access token is handed out, so a crash never loses it. Token endpoint
// trouble that may pass (5xx, 429, timeouts) is retried with a bounded
// backoff; the waits go through an injectable sleeper. Callers sharing a
// token set (threads, connections, inbound same_as_outbound_oauth2) never
// refresh it twice at once.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/connector/access_token_provider.hpp"
#include "client/connector/side.hpp"
#include "client/oauth/token_client.hpp"
#include "client/oauth/token_repository.hpp"
#include "client/reason.hpp"
#include "common/clock.hpp"

namespace mailsim::client::oauth {

// Waits between retries; tests pass one that records instead of sleeping.
using Sleeper = std::function<void(std::chrono::milliseconds)>;

struct TokenManagerOptions {
  // Refresh this long before expiry; at most half the token's lifetime, so
  // a short-lived token is not refreshed on every use.
  std::chrono::seconds refresh_skew{60};
  int max_attempts = 4;  // token endpoint calls per refresh, the first included
  std::chrono::milliseconds first_backoff{500};  // doubles after each retry
  std::chrono::milliseconds max_backoff{8'000};
};

// One side's token set: where it is kept and how it is refreshed.
struct TokenSource {
  std::shared_ptr<TokenRepository> store;
  std::shared_ptr<TokenClient> client;
};

struct TokenManagerSetup {
  std::optional<TokenSource> outbound;  // nullopt: the side does not use OAuth
  std::optional<TokenSource> inbound;
  bool inbound_uses_outbound = false;  // same_as_outbound_oauth2: inbound asks for the outbound set
  std::shared_ptr<Clock> clock;        // null: the system clock
  Sleeper sleeper;                     // null: really sleeps
  TokenManagerOptions options;
};

struct AccessTokenResult {
  std::string access_token;         // set on success; a secret
  std::optional<Failure> failure;   // why there is no token
  bool refreshed = false;           // this call got a new token from the endpoint

  bool ok() const { return !failure; }
};

class TokenManager final : public AccessTokenProvider {
 public:
  explicit TokenManager(TokenManagerSetup setup);
  ~TokenManager() override;
  TokenManager(const TokenManager&) = delete;
  TokenManager& operator=(const TokenManager&) = delete;

  // A token for the side, refreshed first when it is about to expire.
  // force_refresh: a server rejected the current token; refresh unless
  // another caller already did while this one waited.
  AccessTokenResult get(Side side, bool force_refresh = false);
  // A server rejected exactly this token: refresh, unless the current token
  // is already another one (a concurrent caller refreshed it).
  AccessTokenResult refresh_rejected(Side side, std::string_view rejected_token);

  // AccessTokenProvider: get(side, force_refresh), the failure kept for
  // last_failure().
  std::optional<std::string> access_token(Side side, bool force_refresh) override;
  // Why the side's last request for a token failed; nullopt after a success.
  std::optional<Failure> last_failure(Side side) const override;

  // Forgets the sets held in memory so the next call reads the store again
  // (after `generate` wrote it). A set not yet saved is kept.
  void reload();

 private:
  struct Slot;
  Slot* slot_for(Side side) const;
  AccessTokenResult get_locked(Slot& slot, bool force, std::optional<std::string_view> rejected,
                               std::uint64_t generation_seen);
  AccessTokenResult refresh_locked(Slot& slot);
  std::optional<TokenSet> stored_elsewhere(Slot& slot);
  bool fresh(const TokenSet& tokens) const;

  std::unique_ptr<Slot> outbound_;
  std::unique_ptr<Slot> inbound_;
  bool inbound_uses_outbound_ = false;
  std::shared_ptr<Clock> clock_;
  Sleeper sleeper_;
  TokenManagerOptions options_;
};

}  // namespace mailsim::client::oauth
