#pragma once
// OAuth scope strings (RFC 6749 3.3): space-delimited, case-sensitive tokens.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::oauth {

using Scopes = std::vector<std::string>;

// nullopt unless the text is tokens of %x21 / %x23-5B / %x5D-7E separated by
// single spaces. Repeated tokens are kept once. "" is the empty scope.
std::optional<Scopes> parse_scope(std::string_view text);
std::string join_scope(const Scopes& scopes);

bool includes_all(const Scopes& granted, const Scopes& wanted);
bool includes(const Scopes& scopes, std::string_view token);

}  // namespace mailsim::oauth
