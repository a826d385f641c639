#pragma once
// The RSA key that signs JWT access tokens, published as a JWK (RFC 7517/7518).
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mailsim::oauth {

class SigningKey {
 public:
  // Generates an RSA-2048 key: tens to hundreds of milliseconds.
  SigningKey();
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  // One key per process, generated on first use, so servers start fast.
  static std::shared_ptr<const SigningKey> shared();

  // The RFC 7638 thumbprint of the public key.
  const std::string& key_id() const { return key_id_; }
  // The public key's modulus and exponent, base64url (RFC 7518 6.3.1).
  const std::string& modulus() const { return modulus_; }
  const std::string& exponent() const { return exponent_; }
  // {"kty":"RSA","use":"sig","alg":"RS256","kid":...,"n":...,"e":...}
  nlohmann::json public_jwk() const;

  // RSASSA-PKCS1-v1_5 with SHA-256 over the bytes: the raw signature.
  std::string sign_rs256(std::string_view data) const;

 private:
  struct Key;
  std::unique_ptr<Key> key_;
  std::string key_id_;
  std::string modulus_;
  std::string exponent_;
};

}  // namespace mailsim::oauth
