#include "client/smtp/transaction_result.hpp"

#include <algorithm>

#include "client/smtp/reply_reason.hpp"

namespace mailsim::client::smtp {

RecipientResult recipient_result(const std::string& address, const SmtpReply& reply) {
  RecipientResult r;
  r.address = address;
  r.reply = reply;
  r.accepted = reply.positive();
  r.reason = r.accepted ? Reason::ok : reason_for_reply(reply, SmtpPhase::rcpt);
  return r;
}

bool any_accepted(const std::vector<RecipientResult>& recipients) {
  return std::any_of(recipients.begin(), recipients.end(), [](const RecipientResult& r) { return r.accepted; });
}

Failure all_refused(const std::vector<RecipientResult>& recipients) {
  Failure f = reply_failure(recipients.front().reply, SmtpPhase::rcpt);
  f.detail = recipients.size() == 1 ? "the only recipient was refused"
                                    : "all " + std::to_string(recipients.size()) + " recipients were refused";
  return f;
}

}  // namespace mailsim::client::smtp
