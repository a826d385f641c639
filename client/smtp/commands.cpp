#include "client/smtp/commands.hpp"

#include <stdexcept>

namespace mailsim::client::smtp {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string checked_address(std::string_view address) {
  if (auto problem = address_problem(address)) throw std::invalid_argument(*problem);
  return std::string(address);
}

std::string checked_domain(std::string_view domain) {
  if (auto problem = domain_problem(domain)) throw std::invalid_argument(*problem);
  return std::string(domain);
}

}  // namespace

std::optional<std::string> address_problem(std::string_view address) {
  if (address.size() > kMaxAddressLength)
    return "address longer than " + std::to_string(kMaxAddressLength) + " bytes";
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    const auto c = static_cast<unsigned char>(address[i]);
    if (c == '\r' || c == '\n') return std::string("address contains a line break");
    if (is_control(c)) return std::string("address contains a control character");
    if (c == '"') quoted = !quoted;
    else if (quoted && c == '\\') ++i;  // quoted-pair: the next character is literal
    else if (!quoted && (c == '<' || c == '>')) return std::string("address contains '<' or '>'");
    else if (!quoted && c == ' ') return std::string("address contains a space outside quotes");
  }
  if (quoted) return std::string("address has an unclosed quote");
  return std::nullopt;
}

std::optional<std::string> domain_problem(std::string_view domain) {
  if (domain.empty()) return std::string("EHLO name is empty");
  if (domain.size() > 255) return std::string("EHLO name longer than 255 bytes");
  for (const char ch : domain) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_control(c) || c == ' ' || c >= 0x80) return std::string("EHLO name contains a space or a non-ASCII/control byte");
  }
  return std::nullopt;
}

std::string ehlo_command(std::string_view domain) { return "EHLO " + checked_domain(domain) + "\r\n"; }

std::string helo_command(std::string_view domain) { return "HELO " + checked_domain(domain) + "\r\n"; }

std::string mail_from_command(std::string_view reverse_path, const MailParams& params) {
  std::string line = "MAIL FROM:<" + checked_address(reverse_path) + ">";
  if (params.size) line += " SIZE=" + std::to_string(*params.size);
  if (params.body_8bitmime) line += " BODY=8BITMIME";
  if (params.smtputf8) line += " SMTPUTF8";
  return line + "\r\n";
}

std::string rcpt_to_command(std::string_view forward_path) {
  if (forward_path.empty()) throw std::invalid_argument("recipient address is empty");
  return "RCPT TO:<" + checked_address(forward_path) + ">\r\n";
}

std::string auth_command(sasl::Mechanism mechanism, const std::optional<std::string>& initial_response) {
  std::string line = "AUTH " + std::string(sasl::to_string(mechanism));
  if (initial_response) line += " " + (initial_response->empty() ? std::string("=") : *initial_response);
  return line + "\r\n";
}

std::string sasl_response_line(std::string_view base64) { return std::string(base64) + "\r\n"; }

}  // namespace mailsim::client::smtp
