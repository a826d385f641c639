#include "client/oauth/token_setup.hpp"

#include <map>

namespace mailsim::client::oauth {
namespace {

Failure config_failure(std::string detail, std::string hint = {}) {
  Failure f;
  f.reason = Reason::config_invalid;
  f.stage = Stage::config;
  f.detail = std::move(detail);
  f.hint = hint.empty() ? std::string(default_hint(Reason::config_invalid)) : std::move(hint);
  return f;
}

std::string side_name(Side side) { return side == Side::outbound ? "outbound" : "inbound"; }

bool side_uses_oauth(const ConnectionConfig& config, Side side) {
  if (side == Side::outbound) {
    return config.outbound.use_authentication && config.outbound.authentication == OutboundAuthentication::oauth2;
  }
  return config.inbound.authentication != InboundAuthentication::basic;
}

// The side whose oauth2 block and token set a side uses.
Side owner_of(const ConnectionConfig& config, Side side) {
  if (side == Side::inbound && config.inbound.authentication == InboundAuthentication::same_as_outbound_oauth2) {
    return Side::outbound;
  }
  return side;
}

const std::optional<OAuth2Settings>& settings_of(const ConnectionConfig& config, Side side) {
  return side == Side::outbound ? config.outbound.oauth2 : config.inbound.oauth2;
}

// Key and transport are made once per call and shared by the sides.
class Builder {
 public:
  Builder(const ConnectionConfig& config, const TokenEnvironment& environment)
      : config_(config), environment_(environment) {}

  std::variant<SideTokenSetup, Failure> side(Side side, bool create_key_file) {
    if (!side_uses_oauth(config_, side)) {
      return config_failure("the " + side_name(side) + " side does not use OAuth 2.0");
    }
    const Side owner = owner_of(config_, side);
    const auto& settings = settings_of(config_, owner);
    const std::string block = side_name(owner) + ".oauth2";
    if (!settings) return config_failure("the " + side_name(side) + " side uses OAuth 2.0 but " + block + " is missing");
    if (!settings->token_store || settings->token_store->empty()) {
      return config_failure(block + ".token_store is not set", "name the file that keeps the tokens in " + block);
    }
    if (!key_) {
      try {
        key_ = resolve_store_key(environment_.keys ? *environment_.keys : key_sources_from_environment(),
                                 create_key_file);
      } catch (const StoreKeyError& e) {
        return config_failure(e.what(), std::string("set ") + kTokenKeyVariable + " or a key file readable only by you");
      }
    }
    auto& store = stores_[*settings->token_store];
    if (!store) store = std::make_shared<TokenStore>(*settings->token_store, *key_);
    if (!http_) {
      const auto options = transport_options(config_);
      http_ = environment_.make_transport ? environment_.make_transport(options) : make_http_transport(options);
    }
    auto clock = environment_.clock ? environment_.clock : system_clock();
    return SideTokenSetup{owner,
                          std::make_shared<TokenClient>(*settings, http_, clock, environment_.client_authentication),
                          store};
  }

 private:
  const ConnectionConfig& config_;
  const TokenEnvironment& environment_;
  std::optional<StoreKey> key_;
  std::shared_ptr<HttpTransport> http_;
  std::map<std::string, std::shared_ptr<TokenStore>> stores_;
};

}  // namespace

HttpTransportOptions transport_options(const ConnectionConfig& config) {
  HttpTransportOptions options;
  options.verify = config.tls.verify;
  options.ca_file = config.tls.ca_file;
  options.min_tls_version = config.tls.min_version;
  options.connect_timeout = config.timeouts.connect;
  options.read_timeout = config.timeouts.command;
  return options;
}

std::variant<SideTokenSetup, Failure> side_token_setup(const ConnectionConfig& config, Side side,
                                                      const TokenEnvironment& environment, bool create_key_file) {
  return Builder(config, environment).side(side, create_key_file);
}

std::variant<std::shared_ptr<TokenManager>, Failure> make_token_manager(const ConnectionConfig& config,
                                                                        const TokenEnvironment& environment) {
  Builder builder(config, environment);
  TokenManagerSetup setup;
  setup.clock = environment.clock;
  setup.sleeper = environment.sleeper;
  setup.options = environment.options;
  for (const Side side : {Side::outbound, Side::inbound}) {
    if (!side_uses_oauth(config, side)) continue;
    if (owner_of(config, side) != side) {
      setup.inbound_uses_outbound = true;
      if (!side_uses_oauth(config, Side::outbound)) {
        // The outbound side does not log in with OAuth, yet inbound borrows
        // its block: the outbound token set is still the one to use.
        auto made = builder.side(Side::inbound, false);
        if (auto* f = std::get_if<Failure>(&made)) return *f;
        auto& s = std::get<SideTokenSetup>(made);
        setup.outbound = TokenSource{s.store, s.client};
      }
      continue;
    }
    auto made = builder.side(side, false);
    if (auto* f = std::get_if<Failure>(&made)) return *f;
    auto& s = std::get<SideTokenSetup>(made);
    (side == Side::outbound ? setup.outbound : setup.inbound) = TokenSource{s.store, s.client};
  }
  return std::make_shared<TokenManager>(std::move(setup));
}

}  // namespace mailsim::client::oauth
