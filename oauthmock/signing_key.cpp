#include "oauthmock/signing_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <stdexcept>
#include <vector>

#include "oauthmock/base64url.hpp"

namespace mailsim::oauth {
namespace {

// P-256 coordinates and ECDSA R and S are 32 bytes each (RFC 7518 3.4, 6.2.1.2).
constexpr int kP256Bytes = 32;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("signing key: ") + what + " failed");
}

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

// A public key parameter, big-endian, left-padded with zeros to `width`
// bytes (0: its own length), base64url.
std::string big_number_param(EVP_PKEY* key, const char* name, int width = 0) {
  BIGNUM* raw = nullptr;
  check(EVP_PKEY_get_bn_param(key, name, &raw) == 1, "reading the public key");
  const Bn bn(raw);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(width > 0 ? width : BN_num_bytes(bn.get())));
  check(BN_bn2binpad(bn.get(), bytes.data(), static_cast<int>(bytes.size())) >= 0, "encoding the public key");
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  check(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) == 1, "SHA-256");
  return std::string(reinterpret_cast<const char*>(digest), size);
}

// ECDSA gives DER (SEQUENCE of two INTEGERs); JWS wants R || S.
std::string jose_from_der(const unsigned char* der, std::size_t size) {
  const unsigned char* in = der;
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(size));
  check(sig != nullptr, "decoding the ECDSA signature");
  std::string out(2 * kP256Bytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  const bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), bytes, kP256Bytes) == kP256Bytes &&
                  BN_bn2binpad(ECDSA_SIG_get0_s(sig), bytes + kP256Bytes, kP256Bytes) == kP256Bytes;
  ECDSA_SIG_free(sig);
  check(ok, "encoding the ECDSA signature");
  return out;
}

}  // namespace

// The key, the SHA-256 implementation fetched once, and a signing context
// set up once: each signature duplicates it rather than looking up the
// algorithm again, which in OpenSSL 3 takes locks shared by all threads.
struct SigningKey::Key {
  EVP_PKEY* pkey = nullptr;
  EVP_MD* md = nullptr;
  EVP_PKEY_CTX* prepared = nullptr;
  ~Key() {
    EVP_PKEY_CTX_free(prepared);
    EVP_MD_free(md);
    EVP_PKEY_free(pkey);
  }
};

SigningKey::SigningKey(JwsAlgorithm algorithm) : key_(std::make_unique<Key>()), algorithm_(algorithm) {
  const bool ec = algorithm == JwsAlgorithm::es256;
  key_->pkey = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
  check(key_->pkey != nullptr, ec ? "P-256 key generation" : "RSA key generation");
  key_->md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  check(key_->md != nullptr, "fetching SHA-256");
  key_->prepared = EVP_PKEY_CTX_new_from_pkey(nullptr, key_->pkey, nullptr);
  check(key_->prepared != nullptr && EVP_PKEY_sign_init(key_->prepared) == 1 &&
            EVP_PKEY_CTX_set_signature_md(key_->prepared, key_->md) == 1,
        "preparing the signing context");
  if (!ec) check(EVP_PKEY_CTX_set_rsa_padding(key_->prepared, RSA_PKCS1_PADDING) == 1, "setting RSA padding");

  // RFC 7638 3: the thumbprint hashes the required members only, in
  // lexicographic order, without spaces.
  std::string thumbprint_input;
  if (ec) {
    const auto x = big_number_param(key_->pkey, OSSL_PKEY_PARAM_EC_PUB_X, kP256Bytes);
    const auto y = big_number_param(key_->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, kP256Bytes);
    thumbprint_input = R"({"crv":"P-256","kty":"EC","x":")" + x + R"(","y":")" + y + R"("})";
    key_id_ = base64url_encode(sha256(thumbprint_input));
    jwk_ = {{"kty", "EC"}, {"use", "sig"}, {"alg", "ES256"}, {"kid", key_id_}, {"crv", "P-256"}, {"x", x}, {"y", y}};
  } else {
    const auto n = big_number_param(key_->pkey, OSSL_PKEY_PARAM_RSA_N);
    const auto e = big_number_param(key_->pkey, OSSL_PKEY_PARAM_RSA_E);
    thumbprint_input = R"({"e":")" + e + R"(","kty":"RSA","n":")" + n + R"("})";
    key_id_ = base64url_encode(sha256(thumbprint_input));
    jwk_ = {{"kty", "RSA"}, {"use", "sig"}, {"alg", "RS256"}, {"kid", key_id_}, {"n", n}, {"e", e}};
  }
}

SigningKey::~SigningKey() = default;

std::shared_ptr<const SigningKey> SigningKey::shared(JwsAlgorithm algorithm) {
  if (algorithm == JwsAlgorithm::es256) {
    static const auto ec = std::make_shared<const SigningKey>(JwsAlgorithm::es256);
    return ec;
  }
  static const auto rsa = std::make_shared<const SigningKey>(JwsAlgorithm::rs256);
  return rsa;
}

std::string SigningKey::sign(std::string_view data) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  check(EVP_Digest(data.data(), data.size(), digest, &digest_size, key_->md, nullptr) == 1, "SHA-256");
  // A context serves one thread at a time; the prepared one is only copied.
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_dup(key_->prepared);
  check(ctx != nullptr, "copying the signing context");
  std::vector<unsigned char> signature(static_cast<std::size_t>(EVP_PKEY_get_size(key_->pkey)));
  std::size_t size = signature.size();
  const bool ok = EVP_PKEY_sign(ctx, signature.data(), &size, digest, digest_size) == 1;
  EVP_PKEY_CTX_free(ctx);
  check(ok, algorithm_ == JwsAlgorithm::es256 ? "ES256 signing" : "RS256 signing");
  if (algorithm_ == JwsAlgorithm::es256) return jose_from_der(signature.data(), size);
  return std::string(reinterpret_cast<const char*>(signature.data()), size);
}

}  // namespace mailsim::oauth
