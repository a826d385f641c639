#pragma once
// The connector's OAuth side in a scenario: a token manager on the
// scenario's virtual clock, its store encrypted with a random key held in
// memory only (never the user's key file), retries that do not wait, and
// `generate` followed headlessly against the auto-consenting OAuth mock.
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "client/connection/connection_config.hpp"
#include "client/connector/side.hpp"
#include "client/oauth/token_manager.hpp"
#include "client/oauth/token_setup.hpp"
#include "client/reason.hpp"
#include "common/clock.hpp"

namespace mailsim::harness {

class ScenarioTokens {
 public:
  // A Failure (config_invalid) when the connection's OAuth settings cannot be
  // used (no oauth2 block, no token_store ...).
  static std::variant<std::unique_ptr<ScenarioTokens>, client::Failure> make(
      const client::ConnectionConfig& config, std::shared_ptr<Clock> clock);

  std::shared_ptr<client::oauth::TokenManager> manager() const { return manager_; }

  // The authorization code flow for the side, its set stored; the manager
  // then reads the store again.
  std::optional<client::Failure> generate(client::Side side);
  // The refresh token stored for the side (a secret: never print it); a
  // Failure when the side does not use OAuth or has none stored.
  std::variant<std::string, client::Failure> stored_refresh_token(client::Side side);
  // Forgets the sets held in memory, as a restarted connector would.
  void reload() { manager_->reload(); }

 private:
  ScenarioTokens(const client::ConnectionConfig& config, client::oauth::TokenEnvironment environment)
      : config_(config), environment_(std::move(environment)) {}

  client::ConnectionConfig config_;
  client::oauth::TokenEnvironment environment_;
  std::shared_ptr<client::oauth::TokenManager> manager_;
};

}  // namespace mailsim::harness
