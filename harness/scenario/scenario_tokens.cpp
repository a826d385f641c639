#include "harness/scenario/scenario_tokens.hpp"

#include "client/oauth/authorization_flow.hpp"
#include "client/oauth/store_key.hpp"
#include "client/oauth/token_store.hpp"

namespace mailsim::harness {
namespace {

namespace coauth = client::oauth;

std::string hex(const coauth::StoreKey::Bytes& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

client::Failure token_failure(std::string detail) {
  client::Failure f;
  f.reason = client::Reason::config_invalid;
  f.stage = client::Stage::config;
  f.detail = std::move(detail);
  return f;
}

}  // namespace

std::variant<std::unique_ptr<ScenarioTokens>, client::Failure> ScenarioTokens::make(
    const client::ConnectionConfig& config, std::shared_ptr<Clock> clock) {
  coauth::TokenEnvironment environment;
  environment.clock = std::move(clock);
  environment.keys = coauth::KeySources{.key_text = hex(coauth::StoreKey::random().bytes()), .key_file = std::nullopt};
  // Retries of a failing token endpoint follow each other at once: the
  // scenario's time is virtual and only advance_clock moves it.
  environment.sleeper = [](std::chrono::milliseconds) {};
  auto made = coauth::make_token_manager(config, environment);
  if (auto* f = std::get_if<client::Failure>(&made)) return *f;
  std::unique_ptr<ScenarioTokens> tokens(new ScenarioTokens(config, std::move(environment)));
  tokens->manager_ = std::get<std::shared_ptr<coauth::TokenManager>>(std::move(made));
  return tokens;
}

std::optional<client::Failure> ScenarioTokens::generate(client::Side side) {
  auto setup = coauth::side_token_setup(config_, side, environment_, false);
  if (auto* f = std::get_if<client::Failure>(&setup)) return *f;
  auto& s = std::get<coauth::SideTokenSetup>(setup);
  coauth::GenerateOptions options;
  options.headless = true;
  options.open_browser = false;
  options.timeout = std::chrono::seconds(30);
  options.show_url = [](const std::string&) {};
  const auto result = coauth::generate(*s.client, *s.store, side, options);
  manager_->reload();
  return result.failure;
}

std::variant<std::string, client::Failure> ScenarioTokens::stored_refresh_token(client::Side side) {
  auto setup = coauth::side_token_setup(config_, side, environment_, false);
  if (auto* f = std::get_if<client::Failure>(&setup)) return *f;
  auto& s = std::get<coauth::SideTokenSetup>(setup);
  try {
    const auto tokens = s.store->load(s.stored_as);
    if (!tokens || tokens->refresh_token.empty())
      return token_failure("no refresh token is stored for the " + std::string(client::to_string(side)) + " side");
    return tokens->refresh_token;
  } catch (const std::exception& e) {
    return token_failure(std::string("the token store cannot be read: ") + e.what());
  }
}

}  // namespace mailsim::harness
