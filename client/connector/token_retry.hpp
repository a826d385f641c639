#pragma once
// The connector's OAuth rule: present the current token; when the server
// rejects it, ask for a refreshed one and try exactly once more.
#include <functional>
#include <optional>

#include "client/connection/connection_config.hpp"
#include "client/connector/access_token_provider.hpp"
#include "client/connector/side.hpp"
#include "client/connector/side_credentials.hpp"
#include "client/reason.hpp"

namespace mailsim::client {

// One try of a session with these credentials; its failure or nullopt.
using CredentialedAttempt = std::function<std::optional<Failure>(const SideCredentials&)>;

// Runs attempt with the side's credentials. When the side uses OAuth and the
// attempt fails with oauth_token_rejected while authenticating, runs it once
// more with a token got with force_refresh; if none can be had, the result
// is oauth_refresh_failed carrying the server's words of the rejection.
// before_retry (may be empty) is told before the second try.
std::optional<Failure> run_with_credentials(const ConnectionConfig& config, Side side, AccessTokenProvider* tokens,
                                            const CredentialedAttempt& attempt,
                                            const std::function<void()>& before_retry = {});

// True when the server ended a session because the token it logged in with
// expired meanwhile (Exchange Online: "* BYE Session invalidated -
// AccessTokenExpired"). Such a server answers the command it ends the
// session on with the BYE instead of carrying it out.
bool session_token_expired(const Failure& failure);

// run_with_credentials; then, when an OAuth session was ended by
// session_token_expired, a refreshed token and the attempt once more on a
// new connection (before_reconnect is told first, so the caller can drop
// what the first try gathered). A second such end right after is reported
// as oauth_token_rejected and not retried again.
std::optional<Failure> run_with_reconnect(const ConnectionConfig& config, Side side, AccessTokenProvider* tokens,
                                          const CredentialedAttempt& attempt, const std::function<void()>& before_retry,
                                          const std::function<void()>& before_reconnect);

}  // namespace mailsim::client
