#include "client/smtp/mechanism_choice.hpp"

#include <string>

namespace mailsim::client::smtp {
namespace {

Failure failure(Reason reason, std::string detail) {
  Failure f;
  f.reason = reason;
  f.stage = Stage::authenticate;
  f.detail = std::move(detail);
  f.hint = std::string(default_hint(reason));
  return f;
}

std::string offered_list(const EhloCapabilities& caps) {
  std::string out;
  for (const auto& m : caps.auth_mechanisms) out += (out.empty() ? "" : " ") + m;
  return out;
}

}  // namespace

std::variant<sasl::Mechanism, Failure> choose_mechanism(const EhloCapabilities& caps,
                                                        const sasl::ClientCredentials& credentials,
                                                        std::optional<sasl::Mechanism> forced) {
  if (caps.auth_mechanisms.empty())
    return failure(Reason::auth_mechanism_unsupported, "the server offers no AUTH mechanism");
  if (forced) {
    const std::string name(sasl::to_string(*forced));
    if (!sasl::credentials_allow(*forced, credentials))
      return failure(Reason::config_invalid, name + " needs " +
                                                 (sasl::is_oauth(*forced) ? "an access token" : "a password"));
    if (!caps.offers_auth(*forced))
      return failure(Reason::auth_mechanism_unsupported,
                     name + " is not offered; the server offers: " + offered_list(caps));
    return *forced;
  }
  for (const auto m : kMechanismPreference)
    if (caps.offers_auth(m) && sasl::credentials_allow(m, credentials)) return m;
  return failure(Reason::auth_mechanism_unsupported,
                 std::string("the server offers ") + offered_list(caps) + "; the credentials hold " +
                     (credentials.access_token.empty() ? (credentials.password.empty() ? "neither a password nor a token"
                                                                                        : "a password")
                                                       : "an access token"));
}

}  // namespace mailsim::client::smtp
