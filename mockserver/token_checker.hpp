#pragma once
// How a mock mail listener decides about an OAuth access token presented
// with XOAUTH2 or OAUTHBEARER (mockserver/oauth_link wires it to the OAuth mock).
#include <functional>
#include <string_view>

#include "common/sasl/sasl_server.hpp"

namespace mailsim::mock {

using TokenChecker = std::function<sasl::TokenVerdict(std::string_view user, std::string_view token)>;

}  // namespace mailsim::mock
