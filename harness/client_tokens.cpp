#include "harness/client_tokens.hpp"

#include <memory>
#include <variant>

#include "client/connector/side_credentials.hpp"
#include "client/oauth/token_setup.hpp"

namespace mailsim::harness {
namespace {

// Stands in for a token manager that could not be made: no token, and why.
class UnavailableTokens final : public client::AccessTokenProvider {
 public:
  explicit UnavailableTokens(client::Failure why) : why_(std::move(why)) {}
  std::optional<std::string> access_token(client::Side, bool) override { return std::nullopt; }
  std::optional<client::Failure> last_failure(client::Side) const override { return why_; }

 private:
  client::Failure why_;
};

}  // namespace

client::Connector make_connector(client::ConnectionConfig config) {
  client::ConnectorOptions options;
  if (client::uses_oauth(config, client::Side::outbound) || client::uses_oauth(config, client::Side::inbound)) {
    auto made = client::oauth::make_token_manager(config, {});
    if (auto* manager = std::get_if<std::shared_ptr<client::oauth::TokenManager>>(&made))
      options.tokens = std::move(*manager);
    else
      options.tokens = std::make_shared<UnavailableTokens>(std::get<client::Failure>(made));
  }
  return client::Connector(std::move(config), std::move(options));
}

}  // namespace mailsim::harness
