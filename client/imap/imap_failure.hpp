#pragma once
// How a server's NO, BAD or BYE becomes a reason code (product.md), keeping
// the server's words. Sans-I/O, so every rule is unit-tested.
#include <optional>
#include <string>
#include <string_view>

#include "client/imap/imap_response.hpp"
#include "client/reason.hpp"

namespace mailsim::client::imap {

// A failure of our own finding (no server words), with the default hint.
Failure make_failure(Reason reason, Stage stage, std::string detail);

// The server says it is limiting this client: [THROTTLED], [UNAVAILABLE],
// or words such as "Too many simultaneous connections", "rate limit".
bool says_throttled(const StatusResponse& response);

// A failed command, greeting or authentication. oauth marks an exchange that
// presented an access token (a refusal then means the token was rejected).
Failure failure_from_response(const StatusResponse& response, Stage stage, bool oauth = false);

// An OAuth SASL exchange the server ended with a JSON error challenge
// (RFC 7628 3.2.2, Google XOAUTH2): oauth_token_rejected with the decoded
// JSON in sasl_error, or throttled when the final words say so.
Failure oauth_failure(std::string_view error_json, const std::optional<StatusResponse>& final_response);

}  // namespace mailsim::client::imap
