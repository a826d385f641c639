#pragma once
// What one mail transaction's replies mean for the message: per-recipient
// results, and the failure when no recipient was accepted. Shared by the
// one-message paths and the pipelined batch.
#include <string>
#include <vector>

#include "client/reason.hpp"
#include "client/smtp/reply.hpp"
#include "client/smtp/smtp_result.hpp"

namespace mailsim::client::smtp {

RecipientResult recipient_result(const std::string& address, const SmtpReply& reply);
bool any_accepted(const std::vector<RecipientResult>& recipients);
// recipient_rejected (or what the first refusal means) for "every RCPT refused".
Failure all_refused(const std::vector<RecipientResult>& recipients);

}  // namespace mailsim::client::smtp
