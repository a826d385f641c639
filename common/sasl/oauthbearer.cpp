// OAUTHBEARER (RFC 7628):
//   gs2-header ^A [ "host=" host ^A ] [ "port=" port ^A ] "auth=Bearer " token ^A ^A
// A refused token gets a JSON challenge; the client answers it with ^A.
#include <fmt/format.h>

#include "common/sasl/gs2_header.hpp"
#include "common/sasl/mechanisms.hpp"
#include "common/sasl/oauth_client.hpp"
#include "common/sasl/oauth_error_json.hpp"
#include "common/sasl/oauth_kvpairs.hpp"
#include "common/sasl/oauth_server.hpp"

namespace mailsim::sasl {
namespace {

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.front() == '0') return false;
  unsigned value = 0;
  for (const char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value <= 65535;
}

class OAuthBearerServer final : public OAuthServerBase {
 public:
  using OAuthServerBase::OAuthServerBase;
  Mechanism mechanism() const override { return Mechanism::oauthbearer; }

 protected:
  std::optional<BearerClaim> parse(std::string_view message) const override {
    const auto header = parse_gs2_header(message);
    // RFC 7628 lets a protocol require the authzid; the mocks need the user.
    if (!header || !header->authzid) return std::nullopt;
    message.remove_prefix(header->length);
    if (message.empty() || message.front() != '\x01') return std::nullopt;
    const auto pairs = parse_kvpairs(message.substr(1));
    if (!pairs) return std::nullopt;
    const auto port = find_value(*pairs, "port");
    if (port && !valid_port(*port)) return std::nullopt;
    const auto auth = find_value(*pairs, "auth");
    if (!auth) return std::nullopt;
    const auto token = bearer_token(*auth);
    if (!token) return std::nullopt;
    return BearerClaim{*header->authzid, std::string(*token)};
  }

  std::string error_json(const TokenVerdict& verdict) const override {
    const std::string_view status = verdict.status.empty() ? std::string_view("invalid_token") : verdict.status;
    return json_object(
        {{"status", status}, {"scope", verdict.scope}, {"openid-configuration", verdict.openid_configuration}});
  }
};

}  // namespace

std::unique_ptr<ClientMechanism> make_oauthbearer_client(const ClientCredentials& credentials) {
  std::string payload = "n,a=" + encode_saslname(credentials.user) + ",\x01";
  if (!credentials.host.empty()) payload += "host=" + credentials.host + "\x01";
  if (credentials.port != 0) payload += fmt::format("port={}\x01", credentials.port);
  payload += "auth=Bearer " + credentials.access_token + "\x01\x01";
  return make_oauth_client(Mechanism::oauthbearer, std::move(payload), "\x01");
}

std::unique_ptr<ServerMechanism> make_oauthbearer_server(Verifier& verifier) {
  return std::make_unique<OAuthBearerServer>(verifier);
}

}  // namespace mailsim::sasl
