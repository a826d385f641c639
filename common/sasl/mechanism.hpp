#pragma once
// SASL mechanism names shared by the client and server sides.
#include <optional>
#include <string_view>

namespace mailsim::sasl {

enum class Mechanism { plain, login, cram_md5, xoauth2, oauthbearer };

// "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER"
std::string_view to_string(Mechanism m);
// Case-insensitive; nullopt for names we do not implement.
std::optional<Mechanism> parse_mechanism(std::string_view name);
// True for XOAUTH2 and OAUTHBEARER.
bool is_oauth(Mechanism m);

}  // namespace mailsim::sasl
