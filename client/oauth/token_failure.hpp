#pragma once
// A token endpoint error as the connector's Failure: reason given by the
// caller (a refresh or generate), hint chosen by what went wrong, the
// server's own words kept, never a token.
#include <string_view>

#include "client/oauth/token_endpoint.hpp"
#include "client/reason.hpp"

namespace mailsim::client::oauth {

// attempts: how many calls were made (mentioned when more than one).
Failure token_failure(const TokenError& error, Reason reason, std::string_view doing, int attempts = 1);

}  // namespace mailsim::client::oauth
