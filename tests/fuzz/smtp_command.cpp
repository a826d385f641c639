// The mock SMTP server's command parser (mockserver/smtp/smtp_command_parser)
// over every line of the input, and a round trip: a MAIL FROM / RCPT TO line
// the client writes (client/smtp/commands) for the input's first line as an
// address must, when the server accepts it, give back that address and the
// parameters sent.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "client/smtp/commands.hpp"
#include "mockserver/smtp/smtp_address.hpp"
#include "mockserver/smtp/smtp_command_parser.hpp"
#include "support/check.hpp"

namespace {

using mailsim::mock::SmtpVerb;
namespace client = mailsim::client::smtp;

std::string_view without_crlf(std::string_view line) {
  if (line.ends_with("\r\n")) line.remove_suffix(2);
  return line;
}

void check_mail_round_trip(std::string_view address, std::uint64_t size) {
  if (client::address_problem(address) || address.starts_with('@')) return;  // a source route is dropped
  const auto line = client::mail_from_command(address, {.size = size, .body_8bitmime = true, .smtputf8 = true});
  const auto command = mailsim::mock::parse_smtp_command(without_crlf(line));
  FUZZ_CHECK(command.verb == SmtpVerb::mail);
  if (command.error) return;  // the server is stricter than the client
  FUZZ_CHECK(command.mail.reverse_path == address);
  FUZZ_CHECK(command.mail.params.size == size);
  FUZZ_CHECK(command.mail.params.body == mailsim::mock::BodyType::eight_bit_mime);
  FUZZ_CHECK(command.mail.params.smtputf8);
}

void check_rcpt_round_trip(std::string_view address) {
  if (address.empty() || client::address_problem(address) || address.starts_with('@')) return;
  const auto command = mailsim::mock::parse_smtp_command(without_crlf(client::rcpt_to_command(address)));
  FUZZ_CHECK(command.verb == SmtpVerb::rcpt);
  if (!command.error) FUZZ_CHECK(command.rcpt.forward_path == address);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view rest = input;
  while (!rest.empty()) {
    const std::size_t lf = rest.find('\n');
    std::string_view line = rest.substr(0, lf);
    rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    const auto command = mailsim::mock::parse_smtp_command(line);
    FUZZ_CHECK(command.argument.size() <= line.size());
    mailsim::mock::parse_smtp_path(line, {.allow_null = true, .allow_postmaster = true});
    std::string decoded;
    if (mailsim::mock::decode_xtext(line, decoded)) FUZZ_CHECK(decoded.size() <= line.size());
  }
  const std::string_view first = input.substr(0, input.find('\n'));
  check_mail_round_trip(first, size);
  check_rcpt_round_trip(first);
  return 0;
}
