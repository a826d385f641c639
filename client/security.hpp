#pragma once
// How a client secures its connection; shared by the SMTP and IMAP clients
// and the connection file (security: none | ssl_tls | starttls).
#include <optional>
#include <string_view>

namespace mailsim::client {

enum class Security {
  none,      // plaintext for the whole session
  ssl_tls,   // TLS from the first byte (implicit TLS: 465, 993)
  starttls,  // plaintext greeting, then a mandatory upgrade; never a downgrade
};

inline std::string_view to_string(Security s) {
  switch (s) {
    case Security::none: return "none";
    case Security::ssl_tls: return "ssl_tls";
    case Security::starttls: return "starttls";
  }
  return "unknown";
}

// Exact lower-case names as written in connection files.
inline std::optional<Security> parse_security(std::string_view text) {
  if (text == "none") return Security::none;
  if (text == "ssl_tls") return Security::ssl_tls;
  if (text == "starttls") return Security::starttls;
  return std::nullopt;
}

}  // namespace mailsim::client
