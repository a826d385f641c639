#pragma once
// Signed JWT access tokens (RFC 7519, JWS compact serialization RFC 7515,
// access-token profile RFC 9068).
#include <nlohmann/json.hpp>
#include <string>

#include "oauthmock/signing_key.hpp"

namespace mailsim::oauth {

// header.payload.signature with header {"alg":"RS256","kid":...,"typ":"at+jwt"}.
std::string sign_access_token_jwt(const SigningKey& key, const nlohmann::json& claims);

// {"keys":[the public JWK]} (RFC 7517 5).
nlohmann::json jwks_document(const SigningKey& key);

}  // namespace mailsim::oauth
