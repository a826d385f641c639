#pragma once
// Signed JWT access tokens (RFC 7519, JWS compact serialization RFC 7515,
// access-token profile RFC 9068).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "oauthmock/signing_key.hpp"

namespace mailsim::oauth {

// header.payload, what the signature covers, with header
// {"alg":"RS256" or "ES256","kid":...,"typ":"at+jwt"}.
std::string jwt_signing_input(const SigningKey& key, const nlohmann::json& claims);

// signing_input.signature: the compact JWS.
std::string sign_jwt(const SigningKey& key, std::string_view signing_input);

// {"keys":[the public JWKs]} (RFC 7517 5).
nlohmann::json jwks_document(const std::vector<const SigningKey*>& keys);

}  // namespace mailsim::oauth
