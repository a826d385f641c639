#pragma once
// Server side of SASL, sans-I/O: takes decoded client responses, gives the
// next challenge or the outcome. Credentials are checked through a Verifier
// so the mocks can plug in users, passwords and the OAuth mock's tokens.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/mechanism.hpp"

namespace mailsim::sasl {

struct TokenVerdict {
  bool valid = false;
  // For the error challenge when !valid.
  // OAUTHBEARER "status" (RFC 7628 3.2.2), e.g. "invalid_token"; XOAUTH2 uses "401".
  std::string status = "invalid_token";
  std::string scope;                 // scope the resource needs; "" omits the key
  std::string openid_configuration;  // OAUTHBEARER only; "" omits the key
};

class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual bool check_password(std::string_view user, std::string_view password) = 0;
  // CRAM-MD5 needs the clear password; nullopt when the user is unknown.
  virtual std::optional<std::string> password_of(std::string_view user) = 0;
  virtual TokenVerdict check_token(std::string_view user, std::string_view token) = 0;
};

enum class Failure {
  none,
  bad_credentials,  // wrong password / unknown user
  token_rejected,   // OAuth token refused (after the error challenge round)
  malformed,        // client response did not parse for the mechanism
};

struct ServerStep {
  enum class Kind { challenge, success, failure } kind = Kind::failure;
  std::string challenge;  // Kind::challenge: bytes to send (before base64); may be empty
  std::string user;       // Kind::success: the authenticated user; else best known user
  Failure failure = Failure::none;
  // True when this challenge is an OAuth error report (the next client
  // response only acknowledges it and the exchange then fails).
  bool error_challenge = false;
};

struct ServerOptions {
  // CRAM-MD5 challenge, e.g. "<12345.1700000000@mock.example>". The protocol
  // layer supplies it so the core stays free of clocks and randomness.
  std::string cram_md5_challenge;
};

class ServerMechanism {
 public:
  virtual ~ServerMechanism() = default;
  virtual Mechanism mechanism() const = 0;
  // Begins the exchange. initial_response is the decoded SASL-IR payload when
  // the client sent one ("=" on the wire means present-but-empty).
  virtual ServerStep start(std::optional<std::string_view> initial_response) = 0;
  // One decoded client response to the last challenge.
  virtual ServerStep step(std::string_view response) = 0;
};

std::unique_ptr<ServerMechanism> make_server_mechanism(Mechanism m, Verifier& verifier,
                                                       const ServerOptions& options = {});

}  // namespace mailsim::sasl
