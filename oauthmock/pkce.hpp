#pragma once
// Proof Key for Code Exchange (RFC 7636).
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::oauth {

enum class PkceMethod { plain, s256 };

// "plain" or "S256" (case-sensitive); nullopt for anything else.
std::optional<PkceMethod> parse_pkce_method(std::string_view name);
std::string_view to_string(PkceMethod method);

// 43 to 128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~" (RFC 7636 4.1),
// the shape of a code_verifier and of either kind of code_challenge.
bool is_pkce_value(std::string_view text);

// BASE64URL(SHA256(verifier)).
std::string s256_challenge(std::string_view verifier);

// Compared in constant time.
bool pkce_verifies(PkceMethod method, std::string_view challenge, std::string_view verifier);

}  // namespace mailsim::oauth
