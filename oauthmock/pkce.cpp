#include "oauthmock/pkce.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

#include "oauthmock/base64url.hpp"

namespace mailsim::oauth {

std::optional<PkceMethod> parse_pkce_method(std::string_view name) {
  if (name == "plain") return PkceMethod::plain;
  if (name == "S256") return PkceMethod::s256;
  return std::nullopt;
}

std::string_view to_string(PkceMethod method) { return method == PkceMethod::s256 ? "S256" : "plain"; }

bool is_pkce_value(std::string_view text) {
  if (text.size() < 43 || text.size() > 128) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
  });
}

std::string s256_challenge(std::string_view verifier) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(verifier.data(), verifier.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("pkce: SHA-256 failed");
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

bool pkce_verifies(PkceMethod method, std::string_view challenge, std::string_view verifier) {
  const std::string expected = method == PkceMethod::s256 ? s256_challenge(verifier) : std::string(verifier);
  return expected.size() == challenge.size() && CRYPTO_memcmp(expected.data(), challenge.data(), challenge.size()) == 0;
}

}  // namespace mailsim::oauth
