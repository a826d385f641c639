#include "oauthmock/jwt.hpp"

#include "oauthmock/base64url.hpp"

namespace mailsim::oauth {

std::string jwt_signing_input(const SigningKey& key, const nlohmann::json& claims) {
  const nlohmann::json header = {
      {"alg", jws_algorithm_name(key.algorithm())}, {"kid", key.key_id()}, {"typ", "at+jwt"}};
  return base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
}

std::string sign_jwt(const SigningKey& key, std::string_view signing_input) {
  return std::string(signing_input) + "." + base64url_encode(key.sign(signing_input));
}

nlohmann::json jwks_document(const std::vector<const SigningKey*>& keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const SigningKey* key : keys) list.push_back(key->public_jwk());
  return {{"keys", std::move(list)}};
}

}  // namespace mailsim::oauth
