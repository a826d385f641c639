// LOGIN (draft-murchison-sasl-login): the server asks "Username:" then
// "Password:"; each answer is sent on its own.
#include <string>

#include "common/sasl/mechanisms.hpp"
#include "common/sasl/server_base.hpp"
#include "common/sasl/utf8.hpp"

namespace mailsim::sasl {
namespace {

class LoginClient final : public ClientMechanism {
 public:
  explicit LoginClient(const ClientCredentials& c) : user_(c.user), password_(c.password) {}

  Mechanism mechanism() const override { return Mechanism::login; }
  std::optional<std::string> initial_response() override { return std::nullopt; }

  // Servers word the prompts differently ("Username:", "User Name"), so the
  // answers go by order, as common clients do.
  ClientStep step(std::string_view) override {
    switch (answered_++) {
      case 0:
        return client_response(user_);
      case 1:
        return client_response(password_);
      default:
        return client_protocol_error();
    }
  }

 private:
  std::string user_;
  std::string password_;
  int answered_ = 0;
};

class LoginServer final : public ServerBase {
 public:
  explicit LoginServer(Verifier& verifier) : verifier_(verifier) {}
  Mechanism mechanism() const override { return Mechanism::login; }

 protected:
  ServerStep begin() override { return challenge("Username:"); }

  // An initial response (AUTH LOGIN <user>) is the user name.
  ServerStep receive(std::string_view response) override {
    if (!user_) {
      if (response.empty() || response.find('\0') != std::string_view::npos || !is_valid_utf8(response)) {
        return failure(Failure::malformed);
      }
      user_ = std::string(response);
      return challenge("Password:");
    }
    if (!verifier_.check_password(*user_, response)) return failure(Failure::bad_credentials, *user_);
    return success(*user_);
  }

 private:
  Verifier& verifier_;
  std::optional<std::string> user_;
};

}  // namespace

std::unique_ptr<ClientMechanism> make_login_client(const ClientCredentials& credentials) {
  return std::make_unique<LoginClient>(credentials);
}

std::unique_ptr<ServerMechanism> make_login_server(Verifier& verifier) {
  return std::make_unique<LoginServer>(verifier);
}

}  // namespace mailsim::sasl
