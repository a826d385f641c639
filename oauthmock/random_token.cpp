#include "oauthmock/random_token.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "oauthmock/base64url.hpp"

namespace mailsim::oauth {

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    throw std::runtime_error("random token: RAND_bytes failed");
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

}  // namespace mailsim::oauth
