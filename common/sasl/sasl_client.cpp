#include "common/sasl/sasl_client.hpp"

#include <stdexcept>
#include <string>

#include "common/sasl/mechanisms.hpp"

namespace mailsim::sasl {
namespace {

bool has_control(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

// A token travels inside "auth=Bearer <token>^A": a space or control byte
// would end it early or forge another key.
bool token_ok(std::string_view token) {
  if (token.empty()) return false;
  for (const char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F) return false;
  }
  return true;
}

bool password_credentials_ok(const ClientCredentials& c) {
  return !c.user.empty() && !c.password.empty() && c.user.find('\0') == std::string::npos;
}

}  // namespace

bool credentials_allow(Mechanism m, const ClientCredentials& c) {
  switch (m) {
    case Mechanism::plain:
      // NUL separates the PLAIN fields, so none of them may hold one.
      return password_credentials_ok(c) && c.password.find('\0') == std::string::npos &&
             c.authzid.find('\0') == std::string::npos;
    case Mechanism::login:
    case Mechanism::cram_md5:
      return password_credentials_ok(c);
    case Mechanism::xoauth2:
      return !c.user.empty() && !has_control(c.user) && token_ok(c.access_token);
    case Mechanism::oauthbearer:
      return !c.user.empty() && !has_control(c.user) && !has_control(c.host) && token_ok(c.access_token);
  }
  return false;
}

std::unique_ptr<ClientMechanism> make_client_mechanism(Mechanism m, const ClientCredentials& credentials) {
  if (!credentials_allow(m, credentials)) {
    // Names the mechanism only: the credentials themselves are secret.
    throw std::invalid_argument("the credentials do not allow SASL " + std::string(to_string(m)));
  }
  switch (m) {
    case Mechanism::plain:
      return make_plain_client(credentials);
    case Mechanism::login:
      return make_login_client(credentials);
    case Mechanism::cram_md5:
      return make_cram_md5_client(credentials);
    case Mechanism::xoauth2:
      return make_xoauth2_client(credentials);
    case Mechanism::oauthbearer:
      return make_oauthbearer_client(credentials);
  }
  throw std::invalid_argument("unknown SASL mechanism");
}

}  // namespace mailsim::sasl
