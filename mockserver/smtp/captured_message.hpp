#pragma once
// One message the mock SMTP server accepted, with everything a test may want
// to assert on: the envelope, the exact bytes, and how the session was secured.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "mockserver/smtp/smtp_command_parser.hpp"

namespace mailsim::mock {

struct CapturedRecipient {
  std::string address;  // forward path without brackets
  RcptParameters params;
};

struct CapturedMessage {
  std::string session_id;
  std::string queue_id;         // as given in "250 2.0.0 Ok: queued as <queue_id>"
  std::string helo;             // the EHLO/HELO argument
  bool esmtp = false;           // EHLO (true) or HELO (false)
  std::string mail_from;        // reverse path without brackets; "" for <>
  MailParameters mail_params;
  std::vector<CapturedRecipient> recipients;
  // The content exactly as received: after dot-unstuffing for DATA (the final
  // CRLF before "." belongs to the content), the chunks joined for BDAT.
  std::string raw;
  bool chunked = false;         // sent with BDAT rather than DATA
  std::size_t bare_lf_count = 0;  // LFs not preceded by CR in the content
  std::size_t longest_line = 0;   // octets, without the line ending
  bool tls = false;
  std::string tls_version;      // "TLSv1.3", or "" without TLS
  std::string authenticated_user;  // "" when the session did not authenticate
  std::chrono::system_clock::time_point received_at;  // from the server's Clock

  std::vector<std::string> rcpt_to() const {
    std::vector<std::string> out;
    for (const auto& r : recipients) out.push_back(r.address);
    return out;
  }
};

}  // namespace mailsim::mock
