// CRAM-MD5 (RFC 2195): the server sends a unique challenge, the client
// answers "user " + lowercase hex HMAC-MD5(password, challenge).
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>
#include <string>

#include "common/sasl/mechanisms.hpp"
#include "common/sasl/server_base.hpp"
#include "common/sasl/utf8.hpp"

namespace mailsim::sasl {
namespace {

constexpr std::size_t kDigestHexLength = 32;

std::string hmac_md5_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, 16> digest{};
  std::size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "MD5", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), digest.size(),
                &length) == nullptr ||
      length != digest.size()) {
    throw std::runtime_error("HMAC-MD5 is not available from OpenSSL");
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(kDigestHexLength);
  for (const unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0F];
  }
  return hex;
}

class CramMd5Client final : public ClientMechanism {
 public:
  explicit CramMd5Client(const ClientCredentials& c) : user_(c.user), password_(c.password) {}

  Mechanism mechanism() const override { return Mechanism::cram_md5; }
  std::optional<std::string> initial_response() override { return std::nullopt; }

  ClientStep step(std::string_view challenge) override {
    if (answered_ || challenge.empty()) return client_protocol_error();
    answered_ = true;
    return client_response(user_ + ' ' + hmac_md5_hex(password_, challenge));
  }

 private:
  std::string user_;
  std::string password_;
  bool answered_ = false;
};

class CramMd5Server final : public ServerBase {
 public:
  CramMd5Server(Verifier& verifier, std::string challenge) : verifier_(verifier), challenge_(std::move(challenge)) {}
  Mechanism mechanism() const override { return Mechanism::cram_md5; }

 protected:
  ServerStep begin() override { return challenge(challenge_); }

  // The client cannot answer a challenge it has not seen yet.
  ServerStep initial(std::string_view) override { return failure(Failure::malformed); }

  ServerStep receive(std::string_view response) override {
    // The user name may itself hold spaces; the digest is after the last one.
    const auto space = response.rfind(' ');
    if (space == std::string_view::npos || space == 0) return failure(Failure::malformed);
    const auto user_part = response.substr(0, space);
    std::string digest(response.substr(space + 1));
    if (digest.size() != kDigestHexLength || !is_valid_utf8(user_part) ||
        user_part.find('\0') != std::string_view::npos) {
      return failure(Failure::malformed);
    }
    for (char& c : digest) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return failure(Failure::malformed);
    }
    std::string user(user_part);
    const auto password = verifier_.password_of(user);
    if (!password) return failure(Failure::bad_credentials, std::move(user));
    const std::string expected = hmac_md5_hex(*password, challenge_);
    if (CRYPTO_memcmp(expected.data(), digest.data(), kDigestHexLength) != 0) {
      return failure(Failure::bad_credentials, std::move(user));
    }
    return success(std::move(user));
  }

 private:
  Verifier& verifier_;
  std::string challenge_;
};

}  // namespace

std::unique_ptr<ClientMechanism> make_cram_md5_client(const ClientCredentials& credentials) {
  return std::make_unique<CramMd5Client>(credentials);
}

std::unique_ptr<ServerMechanism> make_cram_md5_server(Verifier& verifier, std::string challenge) {
  if (challenge.empty()) throw std::invalid_argument("CRAM-MD5 needs ServerOptions::cram_md5_challenge");
  return std::make_unique<CramMd5Server>(verifier, std::move(challenge));
}

}  // namespace mailsim::sasl
