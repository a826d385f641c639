#include "client/oauth/aes_gcm.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>
#include <stdexcept>

namespace mailsim::client::oauth {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// EVP lengths are int; a token store is far smaller.
int checked_length(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX / 2)) throw std::runtime_error("aes-gcm: input too large");
  return static_cast<int>(n);
}

CipherContext start(const StoreKey& key, const GcmNonce& nonce, bool encrypt) {
  CipherContext ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw std::runtime_error("aes-gcm: out of memory");
  const int enc = encrypt ? 1 : 0;
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, enc) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.bytes().data(), nonce.data(), enc) != 1) {
    throw std::runtime_error("aes-gcm: cipher setup failed");
  }
  return ctx;
}

}  // namespace

GcmNonce random_nonce() {
  GcmNonce nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    throw std::runtime_error("aes-gcm: the random generator failed");
  }
  return nonce;
}

std::string gcm_seal(const StoreKey& key, const GcmNonce& nonce, std::string_view aad, std::string_view plaintext) {
  auto ctx = start(key, nonce, true);
  int n = 0;
  if (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(aad), checked_length(aad.size())) != 1) {
    throw std::runtime_error("aes-gcm: encryption failed");
  }
  std::string out(plaintext.size() + kGcmTagSize, '\0');
  auto* data = reinterpret_cast<unsigned char*>(out.data());
  int written = 0;
  if (EVP_EncryptUpdate(ctx.get(), data, &written, bytes(plaintext), checked_length(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), data + written, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagSize), data + plaintext.size()) !=
          1) {
    throw std::runtime_error("aes-gcm: encryption failed");
  }
  return out;
}

std::optional<std::string> gcm_open(const StoreKey& key, const GcmNonce& nonce, std::string_view aad,
                                    std::string_view sealed) {
  if (sealed.size() < kGcmTagSize) return std::nullopt;
  const auto ciphertext = sealed.substr(0, sealed.size() - kGcmTagSize);
  std::string tag(sealed.substr(ciphertext.size()));
  auto ctx = start(key, nonce, false);
  int n = 0;
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(aad), checked_length(aad.size())) != 1) {
    return std::nullopt;
  }
  std::string out(ciphertext.size(), '\0');
  auto* data = reinterpret_cast<unsigned char*>(out.data());
  int written = 0;
  if (EVP_DecryptUpdate(ctx.get(), data, &written, bytes(ciphertext), checked_length(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagSize), tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), data + written, &n) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

}  // namespace mailsim::client::oauth
