#pragma once
// Which stable reason code (client/reason.hpp) an SMTP failure reply means.
// Throttling is recognised first in every phase: a connection limit or rate
// limit during AUTH is "throttled", never "bad credentials".
#include <optional>
#include <string_view>

#include "client/reason.hpp"
#include "client/smtp/reply.hpp"

namespace mailsim::client::smtp {

// The command a reply answers.
enum class SmtpPhase { greeting, ehlo, helo, starttls, auth, mail, rcpt, data, message, noop, rset };

Stage stage_of(SmtpPhase phase);

// 421; 4.7.x (except to STARTTLS, where 454 4.7.0 means "no TLS now");
// x.4.5 (congestion, sending quota); 4.3.2 (Exchange's connection and
// thread limits); or words such as "throttl", "rate limit", "too many
// connections" / "login attempts".
bool looks_throttled(const SmtpReply& reply, SmtpPhase phase);

// oauth: the AUTH used XOAUTH2 or OAUTHBEARER, so a 535 means the token was
// refused rather than a password.
Reason reason_for_reply(const SmtpReply& reply, SmtpPhase phase, bool oauth = false);

// A Failure for a refusing reply: reason, stage, the server's words and a
// hint (specific where the reply says more than the reason does).
Failure reply_failure(const SmtpReply& reply, SmtpPhase phase, bool oauth = false);

// The server answered XOAUTH2/OAUTHBEARER with an error challenge (RFC 7628
// 3.2.2; Gmail's XOAUTH2 JSON). error_json is the decoded challenge and
// final_reply the server's reply after our dummy response, if one came.
// oauth_token_rejected (or throttled when the final reply says so), with
// the JSON in sasl_error and its status and scope summarised in detail.
Failure oauth_error_failure(std::string_view error_json, const std::optional<SmtpReply>& final_reply);

}  // namespace mailsim::client::smtp
