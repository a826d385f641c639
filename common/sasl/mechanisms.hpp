#pragma once
// Private to common/sasl: one maker per mechanism and side, so the public
// factories stay a switch and each mechanism lives in its own file.
#include <memory>
#include <string>

#include "common/sasl/sasl_client.hpp"
#include "common/sasl/sasl_server.hpp"

namespace mailsim::sasl {

std::unique_ptr<ClientMechanism> make_plain_client(const ClientCredentials& credentials);
std::unique_ptr<ClientMechanism> make_login_client(const ClientCredentials& credentials);
std::unique_ptr<ClientMechanism> make_cram_md5_client(const ClientCredentials& credentials);
std::unique_ptr<ClientMechanism> make_xoauth2_client(const ClientCredentials& credentials);
std::unique_ptr<ClientMechanism> make_oauthbearer_client(const ClientCredentials& credentials);

std::unique_ptr<ServerMechanism> make_plain_server(Verifier& verifier);
std::unique_ptr<ServerMechanism> make_login_server(Verifier& verifier);
std::unique_ptr<ServerMechanism> make_cram_md5_server(Verifier& verifier, std::string challenge);
std::unique_ptr<ServerMechanism> make_xoauth2_server(Verifier& verifier);
std::unique_ptr<ServerMechanism> make_oauthbearer_server(Verifier& verifier);

inline ClientStep client_response(std::string bytes) {
  ClientStep s;
  s.response = std::move(bytes);
  return s;
}

// A challenge the mechanism cannot answer: the caller cancels with "*".
inline ClientStep client_protocol_error() {
  ClientStep s;
  s.protocol_error = true;
  return s;
}

}  // namespace mailsim::sasl
