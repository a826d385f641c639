// PLAIN (RFC 4616): message = [authzid] NUL authcid NUL passwd.
#include <string>

#include "common/sasl/mechanisms.hpp"
#include "common/sasl/server_base.hpp"
#include "common/sasl/utf8.hpp"

namespace mailsim::sasl {
namespace {

class PlainClient final : public ClientMechanism {
 public:
  explicit PlainClient(const ClientCredentials& c) : message_(c.authzid + '\0' + c.user + '\0' + c.password) {}

  Mechanism mechanism() const override { return Mechanism::plain; }

  std::optional<std::string> initial_response() override { return message_; }

  // Without SASL-IR the server asks with one empty challenge; anything else
  // (or a second challenge) has no PLAIN answer.
  ClientStep step(std::string_view challenge) override {
    if (answered_ || !challenge.empty()) return client_protocol_error();
    answered_ = true;
    return client_response(message_);
  }

 private:
  std::string message_;
  bool answered_ = false;
};

class PlainServer final : public ServerBase {
 public:
  explicit PlainServer(Verifier& verifier) : verifier_(verifier) {}
  Mechanism mechanism() const override { return Mechanism::plain; }

 protected:
  ServerStep begin() override { return challenge(""); }

  ServerStep receive(std::string_view message) override {
    const auto first = message.find('\0');
    if (first == std::string_view::npos) return failure(Failure::malformed);
    const auto second = message.find('\0', first + 1);
    if (second == std::string_view::npos) return failure(Failure::malformed);
    const auto authzid = message.substr(0, first);
    const auto authcid = message.substr(first + 1, second - first - 1);
    const auto password = message.substr(second + 1);
    // A third NUL would be inside the password, which RFC 4616 forbids.
    if (password.find('\0') != std::string_view::npos) return failure(Failure::malformed);
    if (authcid.empty() || password.empty()) return failure(Failure::malformed);
    if (!is_valid_utf8(authzid) || !is_valid_utf8(authcid) || !is_valid_utf8(password)) {
      return failure(Failure::malformed);
    }
    std::string user(authcid);
    // The mocks have no proxy rights: a user may only act as itself.
    if (!authzid.empty() && authzid != authcid) return failure(Failure::bad_credentials, std::move(user));
    if (!verifier_.check_password(user, password)) return failure(Failure::bad_credentials, std::move(user));
    return success(std::move(user));
  }

 private:
  Verifier& verifier_;
};

}  // namespace

std::unique_ptr<ClientMechanism> make_plain_client(const ClientCredentials& credentials) {
  return std::make_unique<PlainClient>(credentials);
}

std::unique_ptr<ServerMechanism> make_plain_server(Verifier& verifier) {
  return std::make_unique<PlainServer>(verifier);
}

}  // namespace mailsim::sasl
