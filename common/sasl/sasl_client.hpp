#pragma once
// Client side of SASL, sans-I/O: takes decoded server challenges, gives the
// decoded bytes to send. The protocol layer (SMTP 334 / IMAP +) does base64.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/mechanism.hpp"

namespace mailsim::sasl {

struct ClientCredentials {
  std::string user;
  std::string password;      // PLAIN, LOGIN, CRAM-MD5
  std::string access_token;  // XOAUTH2, OAUTHBEARER
  std::string authzid;       // PLAIN: optional authorization identity
  std::string host;          // OAUTHBEARER: optional host= key
  std::uint16_t port = 0;    // OAUTHBEARER: optional port= key (0 = omit)
};

struct ClientStep {
  std::string response;  // bytes to send (before base64); may be empty
  // Set when the server's challenge was an OAuth error report (XOAUTH2 or
  // OAUTHBEARER JSON). The response is then the spec's dummy reply ("" or
  // "\x01") and the exchange will fail; error_json holds the decoded JSON.
  bool server_error = false;
  std::string error_json;
  // Set when the challenge made no sense for the mechanism (the protocol
  // layer should cancel the exchange with "*").
  bool protocol_error = false;
};

class ClientMechanism {
 public:
  virtual ~ClientMechanism() = default;
  virtual Mechanism mechanism() const = 0;
  // The initial response for SASL-IR / AUTH <mech> <ir>. nullopt for
  // mechanisms that wait for a challenge first (LOGIN, CRAM-MD5).
  virtual std::optional<std::string> initial_response() = 0;
  // Answers one server challenge (already base64-decoded).
  virtual ClientStep step(std::string_view challenge) = 0;
};

// Throws std::invalid_argument when the credentials lack what the mechanism needs.
std::unique_ptr<ClientMechanism> make_client_mechanism(Mechanism m, const ClientCredentials& credentials);

// True when the credentials carry what mechanism m needs (password or token).
bool credentials_allow(Mechanism m, const ClientCredentials& credentials);

}  // namespace mailsim::sasl
