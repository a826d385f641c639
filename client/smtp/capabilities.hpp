#pragma once
// What a server's EHLO reply offers (RFC 5321 4.1.1.1 and the ESMTP
// extensions the client uses).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/smtp/reply.hpp"
#include "common/sasl/mechanism.hpp"

namespace mailsim::client::smtp {

struct EhloCapabilities {
  std::string server_name;  // the first line of the EHLO reply
  bool pipelining = false;
  bool size = false;
  std::uint64_t max_size = 0;  // with size: 0 means no fixed limit (RFC 1870)
  bool eight_bit_mime = false;
  bool smtputf8 = false;
  bool starttls = false;
  bool enhanced_status_codes = false;
  bool chunking = false;
  bool dsn = false;
  // Upper-case mechanism names, each once, in the order offered; "AUTH x y"
  // and the pre-standard "AUTH=x y" form are merged.
  std::vector<std::string> auth_mechanisms;
  // Every keyword line as sent, for display.
  std::vector<std::string> extensions;

  bool offers_auth(std::string_view mechanism_name) const;
  bool offers_auth(sasl::Mechanism m) const { return offers_auth(sasl::to_string(m)); }
};

// Capabilities from a 250 EHLO reply. Unknown keywords and malformed
// parameters are kept in extensions and otherwise ignored: a server's odd
// extension must not make the session fail.
EhloCapabilities parse_ehlo(const SmtpReply& reply);

}  // namespace mailsim::client::smtp
