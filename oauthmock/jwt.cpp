#include "oauthmock/jwt.hpp"

#include "oauthmock/base64url.hpp"

namespace mailsim::oauth {

std::string sign_access_token_jwt(const SigningKey& key, const nlohmann::json& claims) {
  const nlohmann::json header = {{"alg", "RS256"}, {"kid", key.key_id()}, {"typ", "at+jwt"}};
  std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  const std::string signature = key.sign_rs256(signing_input);
  return signing_input + "." + base64url_encode(signature);
}

nlohmann::json jwks_document(const SigningKey& key) { return {{"keys", nlohmann::json::array({key.public_jwk()})}}; }

}  // namespace mailsim::oauth
