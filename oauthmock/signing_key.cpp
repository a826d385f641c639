#include "oauthmock/signing_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <stdexcept>
#include <vector>

#include "oauthmock/base64url.hpp"

namespace mailsim::oauth {
namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("signing key: ") + what + " failed");
}

std::string big_number_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  check(EVP_PKEY_get_bn_param(key, name, &bn) == 1, "reading the public key");
  std::vector<unsigned char> bytes(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, bytes.data());
  BN_free(bn);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  check(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) == 1, "SHA-256");
  return std::string(reinterpret_cast<const char*>(digest), size);
}

}  // namespace

struct SigningKey::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

SigningKey::SigningKey() : key_(std::make_unique<Key>()) {
  key_->pkey = EVP_RSA_gen(2048);
  check(key_->pkey != nullptr, "RSA key generation");
  modulus_ = big_number_param(key_->pkey, OSSL_PKEY_PARAM_RSA_N);
  exponent_ = big_number_param(key_->pkey, OSSL_PKEY_PARAM_RSA_E);
  // RFC 7638 3: the required members only, in lexicographic order, no spaces.
  key_id_ = base64url_encode(sha256(R"({"e":")" + exponent_ + R"(","kty":"RSA","n":")" + modulus_ + R"("})"));
}

SigningKey::~SigningKey() = default;

std::shared_ptr<const SigningKey> SigningKey::shared() {
  static const auto key = std::make_shared<const SigningKey>();
  return key;
}

nlohmann::json SigningKey::public_jwk() const {
  return {{"kty", "RSA"}, {"use", "sig"}, {"alg", "RS256"}, {"kid", key_id_}, {"n", modulus_}, {"e", exponent_}};
}

std::string SigningKey::sign_rs256(std::string_view data) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  check(ctx != nullptr, "allocating a digest context");
  std::string signature;
  std::size_t size = 0;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &size, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  if (ok) {
    signature.resize(size);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
                        reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    signature.resize(size);
  }
  EVP_MD_CTX_free(ctx);
  check(ok, "RS256 signing");
  return signature;
}

}  // namespace mailsim::oauth
