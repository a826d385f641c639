#pragma once
// PKCE (RFC 7636) and the state value of an authorization request: random
// URL-safe strings and the S256 challenge.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim::client::oauth {

// base64url without padding (RFC 4648 section 5, RFC 7636 Appendix A).
std::string base64url_encode(std::string_view bytes);
// base64url of `bytes` random bytes: 32 give 43 characters, within the
// verifier's 43..128 (RFC 7636 4.1). Throws std::runtime_error if the
// random generator fails.
std::string random_url_token(std::size_t bytes = 32);
// BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 4.2).
std::string pkce_challenge_s256(std::string_view verifier);

struct Pkce {
  std::string verifier;   // secret until the code exchange
  std::string challenge;  // sent in the authorization URL
};
Pkce make_pkce();

}  // namespace mailsim::client::oauth
