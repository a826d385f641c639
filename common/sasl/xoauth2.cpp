// XOAUTH2 (Google, developers.google.com/gmail/imap/xoauth2-protocol):
//   "user=" user ^A "auth=Bearer " token ^A ^A
// A refused token gets a JSON challenge; the client answers it with "".
#include "common/sasl/mechanisms.hpp"
#include "common/sasl/oauth_client.hpp"
#include "common/sasl/oauth_error_json.hpp"
#include "common/sasl/oauth_kvpairs.hpp"
#include "common/sasl/oauth_server.hpp"

namespace mailsim::sasl {
namespace {

class XOAuth2Server final : public OAuthServerBase {
 public:
  using OAuthServerBase::OAuthServerBase;
  Mechanism mechanism() const override { return Mechanism::xoauth2; }

 protected:
  std::optional<BearerClaim> parse(std::string_view message) const override {
    const auto pairs = parse_kvpairs(message);
    if (!pairs) return std::nullopt;
    const auto user = find_value(*pairs, "user");
    const auto auth = find_value(*pairs, "auth");
    if (!user || user->empty() || !auth) return std::nullopt;
    const auto token = bearer_token(*auth);
    // Asking for the scope with an empty token is OAUTHBEARER's, not Google's.
    if (!token || token->empty()) return std::nullopt;
    return BearerClaim{std::string(*user), std::string(*token)};
  }

  // Gmail answers with an HTTP-like status; "invalid_token" (the RFC 7628
  // default of TokenVerdict) becomes Gmail's "401", any other is sent as set.
  std::string error_json(const TokenVerdict& verdict) const override {
    const std::string_view status =
        verdict.status.empty() || verdict.status == "invalid_token" ? std::string_view("401") : verdict.status;
    return json_object({{"status", status}, {"schemes", "bearer"}, {"scope", verdict.scope}});
  }
};

}  // namespace

std::unique_ptr<ClientMechanism> make_xoauth2_client(const ClientCredentials& credentials) {
  std::string payload = "user=" + credentials.user + "\x01" + "auth=Bearer " + credentials.access_token + "\x01\x01";
  return make_oauth_client(Mechanism::xoauth2, std::move(payload), "");
}

std::unique_ptr<ServerMechanism> make_xoauth2_server(Verifier& verifier) {
  return std::make_unique<XOAuth2Server>(verifier);
}

}  // namespace mailsim::sasl
