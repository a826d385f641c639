#pragma once
// SMTP command lines, each ending in CRLF. Addresses and names are checked
// first (address_problem / domain_problem): a CR or LF inside would let a
// caller's data become a command of its own.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/mechanism.hpp"

namespace mailsim::client::smtp {

// Why an address cannot go into MAIL FROM / RCPT TO, or nullopt when it can.
// Empty is accepted (the null reverse path "<>"; RCPT callers reject it).
// Non-ASCII is accepted here; it needs SMTPUTF8 (see message_needs).
std::optional<std::string> address_problem(std::string_view address);
// Why a name cannot be the EHLO/HELO argument, or nullopt when it can.
std::optional<std::string> domain_problem(std::string_view domain);

struct MailParams {
  std::optional<std::uint64_t> size;  // SIZE= (RFC 1870)
  bool body_8bitmime = false;         // BODY=8BITMIME (RFC 6152)
  bool smtputf8 = false;              // SMTPUTF8 (RFC 6531)
};

// These throw std::invalid_argument for input the checks above refuse.
std::string ehlo_command(std::string_view domain);
std::string helo_command(std::string_view domain);
std::string mail_from_command(std::string_view reverse_path, const MailParams& params);
std::string rcpt_to_command(std::string_view forward_path);
// "AUTH PLAIN <ir>": initial_response is already base64; an empty one is
// sent as "=" (RFC 4954 section 4). nullopt sends no initial response.
std::string auth_command(sasl::Mechanism mechanism, const std::optional<std::string>& initial_response);
// One base64 line answering a 334 challenge.
std::string sasl_response_line(std::string_view base64);

inline constexpr std::string_view kSaslCancel = "*\r\n";
inline constexpr std::string_view kStartTls = "STARTTLS\r\n";
inline constexpr std::string_view kData = "DATA\r\n";
inline constexpr std::string_view kRset = "RSET\r\n";
inline constexpr std::string_view kNoop = "NOOP\r\n";
inline constexpr std::string_view kQuit = "QUIT\r\n";

// RFC 5321 4.5.3.1.3: a path is at most 256 octets including "<>".
inline constexpr std::size_t kMaxAddressLength = 254;
// RFC 5321 4.5.3.1.4 command line limit, used to decide on SASL-IR.
inline constexpr std::size_t kMaxCommandLine = 512;

}  // namespace mailsim::client::smtp
