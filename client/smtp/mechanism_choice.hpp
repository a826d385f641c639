#pragma once
// Which SASL mechanism to use for AUTH, from what the server offers and what
// the credentials hold.
//
// Preference, strongest first: OAUTHBEARER, XOAUTH2 (with an access token;
// OAUTHBEARER is the standard, RFC 7628, so it wins when both are offered),
// then CRAM-MD5, PLAIN, LOGIN (with a password; CRAM-MD5 never sends the
// password itself). A token is preferred over a password when both are set.
#include <optional>
#include <variant>
#include <vector>

#include "client/reason.hpp"
#include "client/smtp/capabilities.hpp"
#include "common/sasl/sasl_client.hpp"

namespace mailsim::client::smtp {

inline constexpr sasl::Mechanism kMechanismPreference[] = {
    sasl::Mechanism::oauthbearer, sasl::Mechanism::xoauth2, sasl::Mechanism::cram_md5,
    sasl::Mechanism::plain,       sasl::Mechanism::login,
};

// The mechanism, or a Failure at Stage::authenticate:
// auth_mechanism_unsupported when the server offers no AUTH or nothing the
// credentials can use (or not the forced one); config_invalid when a forced
// mechanism needs what the credentials lack.
std::variant<sasl::Mechanism, Failure> choose_mechanism(const EhloCapabilities& caps,
                                                        const sasl::ClientCredentials& credentials,
                                                        std::optional<sasl::Mechanism> forced);

}  // namespace mailsim::client::smtp
