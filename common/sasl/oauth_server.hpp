#pragma once
// Server side shared by XOAUTH2 and OAUTHBEARER: read the user and bearer
// token, ask the Verifier, and on refusal send the JSON error challenge;
// whatever the client answers to it, the exchange then fails.
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/server_base.hpp"

namespace mailsim::sasl {

struct BearerClaim {
  std::string user;
  std::string token;  // empty when the client only asks for the scope
};

class OAuthServerBase : public ServerBase {
 public:
  explicit OAuthServerBase(Verifier& verifier) : verifier_(verifier) {}

 protected:
  // nullopt when the message does not parse for the mechanism.
  virtual std::optional<BearerClaim> parse(std::string_view message) const = 0;
  virtual std::string error_json(const TokenVerdict& verdict) const = 0;

 private:
  ServerStep begin() final { return challenge(""); }
  ServerStep receive(std::string_view message) final;

  Verifier& verifier_;
  std::optional<std::string> rejected_user_;  // set once the error challenge went out
};

}  // namespace mailsim::sasl
