#pragma once
// The JWS algorithms the mock signs JWT access tokens with (RFC 7518 3.1).
#include <string_view>

namespace mailsim::oauth {

enum class JwsAlgorithm {
  rs256,  // RSASSA-PKCS1-v1_5 with SHA-256, RSA-2048: about 1 ms or more per signature
  es256,  // ECDSA on P-256 with SHA-256: tens of microseconds per signature
};

// "RS256" or "ES256", as the JWS "alg" header and a JWK's "alg" name them.
inline std::string_view jws_algorithm_name(JwsAlgorithm algorithm) {
  return algorithm == JwsAlgorithm::es256 ? "ES256" : "RS256";
}

}  // namespace mailsim::oauth
