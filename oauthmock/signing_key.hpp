#pragma once
// The keys that sign JWT access tokens (RS256 or ES256, RFC 7518 3.3/3.4),
// published as JWKs (RFC 7517/7518 6).
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "oauthmock/jws_algorithm.hpp"

namespace mailsim::oauth {

class SigningKey {
 public:
  // Generates a key: RSA-2048 takes tens to hundreds of milliseconds,
  // P-256 well under one.
  explicit SigningKey(JwsAlgorithm algorithm);
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  // One key per algorithm and process, generated on first use, so servers
  // start fast.
  static std::shared_ptr<const SigningKey> shared(JwsAlgorithm algorithm);

  JwsAlgorithm algorithm() const { return algorithm_; }
  // The RFC 7638 thumbprint of the public key.
  const std::string& key_id() const { return key_id_; }
  // {"kty":"RSA","use":"sig","alg":"RS256","kid":...,"n":...,"e":...} or
  // {"kty":"EC","use":"sig","alg":"ES256","kid":...,"crv":"P-256","x":...,"y":...}
  const nlohmann::json& public_jwk() const { return jwk_; }

  // The JWS signature over the bytes: the raw RSASSA-PKCS1-v1_5 signature,
  // or for ES256 R || S, 32 bytes each (RFC 7518 3.4; not DER).
  // Thread-safe: worker threads sign with one key at the same time.
  std::string sign(std::string_view data) const;

 private:
  struct Key;
  std::unique_ptr<Key> key_;
  JwsAlgorithm algorithm_;
  std::string key_id_;
  nlohmann::json jwk_;
};

}  // namespace mailsim::oauth
