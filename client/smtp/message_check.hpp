#pragma once
// Whether a message may be sent on a session with these capabilities, before
// any byte of it goes out: envelope syntax, SMTPUTF8 / 8BITMIME needs, and
// the server's SIZE limit. Sans-I/O.
#include <string_view>
#include <variant>

#include "client/reason.hpp"
#include "client/smtp/capabilities.hpp"
#include "client/smtp/commands.hpp"
#include "client/smtp/smtp_options.hpp"

namespace mailsim::client::smtp {

// The MAIL FROM parameters the message needs, or why it cannot be sent
// (config_invalid, message_rejected, message_too_large; stage command).
std::variant<MailParams, Failure> check_message(const SmtpEnvelope& envelope, std::string_view message,
                                                const EhloCapabilities& capabilities);

}  // namespace mailsim::client::smtp
