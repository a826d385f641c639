#include "mockserver/auth_style.hpp"

namespace mailsim::mock {

std::string_view to_string(AuthStyle style) {
  switch (style) {
    case AuthStyle::rfc: return "rfc";
    case AuthStyle::gmail: return "gmail";
    case AuthStyle::exchange: return "exchange";
  }
  return "rfc";
}

std::optional<AuthStyle> parse_auth_style(std::string_view text) {
  for (const auto style : {AuthStyle::rfc, AuthStyle::gmail, AuthStyle::exchange}) {
    if (text == to_string(style)) return style;
  }
  return std::nullopt;
}

bool sends_oauth_error_challenge(AuthStyle style) { return style != AuthStyle::exchange; }

std::vector<std::string> smtp_auth_refusal(AuthStyle style, std::string_view hostname) {
  switch (style) {
    case AuthStyle::gmail:
      // What smtp.gmail.com sends today for a bad password and a rejected
      // XOAUTH2 token alike (Google's XOAUTH2 page shows an older 5.7.1
      // form); the last word is a per-transaction id there.
      return {"535-5.7.8 Username and Password not accepted. For more information, go to",
              "535 5.7.8  https://support.google.com/mail/?p=BadCredentials mailsim - gsmtp"};
    case AuthStyle::exchange:
      return {"535 5.7.3 Authentication unsuccessful [" + std::string(hostname) + "]"};
    case AuthStyle::rfc:
      break;
  }
  return {"535 5.7.8 Authentication credentials invalid"};
}

std::string smtp_client_auth_disabled_refusal(std::string_view hostname) {
  return "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. "
         "Visit https://aka.ms/smtp_auth_disabled for more information. [" +
         std::string(hostname) + "]";
}

std::string imap_auth_refusal(AuthStyle style, sasl::Failure failure, bool login) {
  switch (style) {
    case AuthStyle::gmail:
      // imap.gmail.com: a refused password, or a SASL exchange that failed
      // (Google's XOAUTH2 error response ends with this line).
      if (login || failure == sasl::Failure::bad_credentials) {
        return "[AUTHENTICATIONFAILED] Invalid credentials (Failure)";
      }
      return "SASL authentication failed";
    case AuthStyle::exchange:
      return login ? "LOGIN failed." : "AUTHENTICATE failed.";
    case AuthStyle::rfc:
      break;
  }
  if (failure == sasl::Failure::malformed) return "[AUTHENTICATIONFAILED] Invalid authentication response.";
  return "[AUTHENTICATIONFAILED] Authentication failed.";
}

}  // namespace mailsim::mock
