#pragma once
// Sans-I/O parser of one SMTP command line (without its CRLF): the verb, and
// for MAIL/RCPT/BDAT/AUTH/EHLO/HELO their arguments with the ESMTP parameters
// of SIZE (RFC 1870), 8BITMIME/BINARYMIME (RFC 6152, 3030), SMTPUTF8 (RFC
// 6531), AUTH (RFC 4954 5) and DSN (RFC 3461). A known verb with bad
// arguments is a syntax error, distinct from an unknown verb.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::mock {

enum class SmtpVerb {
  helo, ehlo, mail, rcpt, data, bdat, rset, noop, vrfy, help, quit, starttls, auth,
  not_implemented,  // a real SMTP verb this server does not offer (EXPN, ETRN, TURN...)
  unknown,
};

enum class BodyType { unspecified, seven_bit, eight_bit_mime, binary_mime };

struct MailParameters {
  std::optional<std::uint64_t> size;  // SIZE=
  BodyType body = BodyType::unspecified;
  bool smtputf8 = false;
  std::optional<std::string> auth;   // AUTH= mailbox, xtext-decoded ("<>" when unknown)
  std::optional<std::string> ret;    // DSN RET=, upper-cased: FULL or HDRS
  std::optional<std::string> envid;  // DSN ENVID=, xtext-decoded
};

struct RcptParameters {
  std::vector<std::string> notify;   // DSN NOTIFY=, upper-cased: NEVER or SUCCESS/FAILURE/DELAY
  std::optional<std::string> orcpt;  // DSN ORCPT=, "addr-type;address" with the address xtext-decoded
};

struct MailFromArgs {
  std::string reverse_path;  // mailbox without brackets; "" for the null path <>
  bool non_ascii = false;
  MailParameters params;
};

struct RcptToArgs {
  std::string forward_path;
  bool non_ascii = false;
  RcptParameters params;
};

struct BdatArgs {
  std::uint64_t size = 0;
  bool last = false;
};

struct AuthArgs {
  std::string mechanism;                    // upper-cased
  std::optional<std::string> initial_response;  // still base64; "=" means empty
};

struct SmtpSyntaxError {
  enum class Kind {
    syntax,                 // 501 5.5.4, text is the usage ("Syntax: MAIL FROM:<address>")
    bad_sender,             // 501 5.1.7
    bad_recipient,          // 501 5.1.3
    bad_parameter,          // 501 5.5.4, text says which
    unsupported_parameter,  // 555 5.5.4, text is the keyword
  } kind = Kind::syntax;
  std::string text;
};

struct SmtpCommand {
  SmtpVerb verb = SmtpVerb::unknown;
  std::string name;      // the verb as sent, upper-cased
  std::string argument;  // the rest of the line, surrounding spaces removed
  std::optional<SmtpSyntaxError> error;
  // Filled for their verb when error is empty.
  std::string domain;  // HELO/EHLO
  MailFromArgs mail;
  RcptToArgs rcpt;
  BdatArgs bdat;
  AuthArgs auth;
};

SmtpCommand parse_smtp_command(std::string_view line);

}  // namespace mailsim::mock
