#pragma once
// How a mock mail server words a refused login, byte for byte like the
// provider it imitates. Real clients and connectors key off these words
// (and off whether an OAuth error challenge comes first), so scenarios pick
// the style per listener.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sasl/sasl_server.hpp"

namespace mailsim::mock {

enum class AuthStyle {
  rfc,       // RFC 4954 / RFC 3501 wording with enhanced status codes (Postfix, Dovecot)
  gmail,     // smtp.gmail.com / imap.gmail.com
  exchange,  // Exchange Online (outlook.office365.com): no OAuth error challenge
};

std::string_view to_string(AuthStyle style);
std::optional<AuthStyle> parse_auth_style(std::string_view text);  // "rfc" | "gmail" | "exchange"

// Whether a rejected XOAUTH2/OAUTHBEARER token first gets the base64 JSON
// error challenge (RFC 7628 3.2.2, Google's XOAUTH2) or the final refusal
// straight away, as Exchange Online does.
bool sends_oauth_error_challenge(AuthStyle style);

// The SMTP reply lines (without CRLF) refusing an AUTH. `hostname` is the
// server's own name, which Exchange puts in brackets at the end. Every
// style words bad passwords, rejected tokens and malformed responses alike.
std::vector<std::string> smtp_auth_refusal(AuthStyle style, std::string_view hostname);

// Exchange Online's reply when the tenant (or mailbox) has SMTP AUTH turned
// off: every AUTH is refused, whatever the credentials.
std::string smtp_client_auth_disabled_refusal(std::string_view hostname);

// The text after "<tag> NO " refusing IMAP LOGIN (login=true) or AUTHENTICATE.
std::string imap_auth_refusal(AuthStyle style, sasl::Failure failure, bool login);

}  // namespace mailsim::mock
