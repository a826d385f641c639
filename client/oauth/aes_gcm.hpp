#pragma once
// AES-256-GCM (OpenSSL EVP) for the token store: authenticated encryption
// of the body, with the store header as additional authenticated data.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "client/oauth/store_key.hpp"

namespace mailsim::client::oauth {

inline constexpr std::size_t kGcmNonceSize = 12;
inline constexpr std::size_t kGcmTagSize = 16;
using GcmNonce = std::array<unsigned char, kGcmNonceSize>;

// A fresh random nonce; throws std::runtime_error if the generator fails.
GcmNonce random_nonce();

// The ciphertext followed by the 16-byte tag. Throws std::runtime_error on
// an OpenSSL failure.
std::string gcm_seal(const StoreKey& key, const GcmNonce& nonce, std::string_view aad, std::string_view plaintext);

// The plaintext, or nullopt when the tag does not match (wrong key, or any
// byte of aad, ciphertext or tag changed) or the input is shorter than a tag.
std::optional<std::string> gcm_open(const StoreKey& key, const GcmNonce& nonce, std::string_view aad,
                                    std::string_view sealed);

}  // namespace mailsim::client::oauth
