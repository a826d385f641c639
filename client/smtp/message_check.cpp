#include "client/smtp/message_check.hpp"

#include <string>

#include "client/smtp/message_needs.hpp"

namespace mailsim::client::smtp {

namespace {

Failure refused(Reason reason, std::string detail) {
  Failure f;
  f.reason = reason;
  f.stage = Stage::command;
  f.detail = std::move(detail);
  f.hint = std::string(default_hint(reason));
  return f;
}

}  // namespace

std::variant<MailParams, Failure> check_message(const SmtpEnvelope& envelope, std::string_view message,
                                                const EhloCapabilities& caps) {
  if (envelope.recipients.empty()) return refused(Reason::config_invalid, "the message has no recipients");
  if (auto problem = address_problem(envelope.from)) return refused(Reason::config_invalid, "sender: " + *problem);
  for (std::size_t i = 0; i < envelope.recipients.size(); ++i) {
    // The address itself is not echoed: it may hold the very line break refused.
    auto problem = envelope.recipients[i].empty() ? std::optional<std::string>("address is empty")
                                                  : address_problem(envelope.recipients[i]);
    if (problem) return refused(Reason::config_invalid, "recipient " + std::to_string(i + 1) + ": " + *problem);
  }

  const auto needs = message_needs(envelope.from, envelope.recipients, message);
  if (needs.smtputf8 && !caps.smtputf8)
    return refused(Reason::message_rejected,
                   "the message has non-ASCII addresses or headers and the server does not offer SMTPUTF8");
  if (needs.eight_bit && !caps.eight_bit_mime)
    return refused(Reason::message_rejected, "the message has 8-bit bytes and the server does not offer 8BITMIME");
  if (caps.size && caps.max_size != 0 && message.size() > caps.max_size)
    return refused(Reason::message_too_large, "the message is " + std::to_string(message.size()) +
                                                  " bytes; the server accepts at most " +
                                                  std::to_string(caps.max_size) + " (EHLO SIZE)");

  MailParams params;
  if (caps.size) params.size = message.size();
  params.body_8bitmime = needs.eight_bit;
  params.smtputf8 = needs.smtputf8;
  return params;
}

}  // namespace mailsim::client::smtp
