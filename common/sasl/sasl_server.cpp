#include "common/sasl/sasl_server.hpp"

#include <stdexcept>

#include "common/sasl/mechanisms.hpp"

namespace mailsim::sasl {

std::unique_ptr<ServerMechanism> make_server_mechanism(Mechanism m, Verifier& verifier, const ServerOptions& options) {
  switch (m) {
    case Mechanism::plain:
      return make_plain_server(verifier);
    case Mechanism::login:
      return make_login_server(verifier);
    case Mechanism::cram_md5:
      return make_cram_md5_server(verifier, options.cram_md5_challenge);
    case Mechanism::xoauth2:
      return make_xoauth2_server(verifier);
    case Mechanism::oauthbearer:
      return make_oauthbearer_server(verifier);
  }
  throw std::invalid_argument("unknown SASL mechanism");
}

}  // namespace mailsim::sasl
