#include "mockserver/listener_security.hpp"

namespace mailsim::mock {

std::string_view to_string(Security s) {
  switch (s) {
    case Security::none: return "none";
    case Security::ssl_tls: return "ssl_tls";
    case Security::starttls: return "starttls";
  }
  return "none";
}

std::optional<Security> parse_security(std::string_view text) {
  if (text == "none") return Security::none;
  if (text == "ssl_tls") return Security::ssl_tls;
  if (text == "starttls") return Security::starttls;
  return std::nullopt;
}

std::shared_ptr<const IssuedCertificate> listener_leaf(const ListenerTls& tls) {
  if (tls.leaf) return tls.leaf;
  auto authority = tls.authority ? tls.authority : default_certificate_authority();
  return std::make_shared<const IssuedCertificate>(authority->issue(tls.certificate, tls.hosts));
}

std::shared_ptr<net::asio::ssl::context> make_listener_context(const ListenerTls& tls) {
  const auto leaf = listener_leaf(tls);
  tls::ServerTlsOptions options;
  options.certificate_chain_pem = leaf->chain_pem;
  options.private_key_pem = leaf->private_key_pem;
  options.min_version = tls.min_version;
  options.max_version = tls.max_version;
  return tls::make_server_context(options);
}

}  // namespace mailsim::mock
