#include "client/smtp/message_needs.hpp"

#include <algorithm>

namespace mailsim::client::smtp {
namespace {

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Up to the first empty line (CRLF CRLF or LF LF), or all of it.
std::string_view header_section(std::string_view message) {
  const auto crlf = message.find("\r\n\r\n");
  const auto lf = message.find("\n\n");
  const auto end = std::min(crlf, lf);
  return end == std::string_view::npos ? message : message.substr(0, end);
}

}  // namespace

MessageNeeds message_needs(std::string_view from, const std::vector<std::string>& recipients,
                           std::string_view message) {
  MessageNeeds needs;
  needs.eight_bit = has_non_ascii(message);
  needs.smtputf8 = has_non_ascii(from) || has_non_ascii(header_section(message)) ||
                   std::any_of(recipients.begin(), recipients.end(),
                               [](const std::string& r) { return has_non_ascii(r); });
  return needs;
}

}  // namespace mailsim::client::smtp
