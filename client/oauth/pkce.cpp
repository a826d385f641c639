#include "client/oauth/pkce.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <string>

#include "common/base64.hpp"

namespace mailsim::client::oauth {

std::string base64url_encode(std::string_view bytes) {
  std::string out = base64_encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string random_url_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("the random generator failed");
  }
  return base64url_encode(raw);
}

std::string pkce_challenge_s256(std::string_view verifier) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(verifier.data(), verifier.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is unavailable");
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

Pkce make_pkce() {
  Pkce pkce;
  pkce.verifier = random_url_token(32);
  pkce.challenge = pkce_challenge_s256(pkce.verifier);
  return pkce;
}

}  // namespace mailsim::client::oauth
