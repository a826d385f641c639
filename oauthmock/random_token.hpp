#pragma once
// Unguessable strings for codes, opaque tokens and token ids.
#include <cstddef>
#include <string>

namespace mailsim::oauth {

// base64url of `bytes` random bytes from OpenSSL's CSPRNG.
std::string random_token(std::size_t bytes = 32);

}  // namespace mailsim::oauth
