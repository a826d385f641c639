#pragma once
// What an SMTP session learned and did: on success and, as far as it got,
// on failure.
#include <optional>
#include <string>
#include <vector>

#include "client/reason.hpp"
#include "client/smtp/capabilities.hpp"
#include "client/smtp/reply.hpp"
#include "common/sasl/mechanism.hpp"

namespace mailsim::client::smtp {

struct SessionInfo {
  std::string greeting;              // the server's 220 reply
  bool used_helo = false;            // EHLO was refused; no extensions
  EhloCapabilities capabilities;     // from the last EHLO (after TLS when TLS is up)
  std::string tls_version;           // "TLSv1.3", empty in plaintext
  std::string tls_cipher;
  std::optional<sasl::Mechanism> auth_mechanism;  // set once AUTH succeeded
};

struct RecipientResult {
  std::string address;
  bool accepted = false;
  SmtpReply reply;
  Reason reason = Reason::ok;  // recipient_rejected, throttled, ... when refused
};

// One message's result on an open session (SmtpConnection::send, send_batch).
struct SendOutcome {
  std::optional<Failure> failure;
  std::vector<RecipientResult> recipients;
  std::optional<SmtpReply> message_reply;
};

struct SmtpResult {
  std::optional<Failure> failure;  // nullopt: everything asked for succeeded
  SessionInfo session;
  // send(): one entry per recipient whose RCPT got a reply, in order. Some
  // may be refused while the message is still delivered to the others.
  std::vector<RecipientResult> recipients;
  std::optional<SmtpReply> message_reply;  // the reply to the end of DATA
  std::vector<std::string> transcript;     // ClientTranscript::lines()

  bool ok() const { return !failure; }
};

// SmtpClient::send_batch: the session's failure (open() refused: no message
// was sent) or one outcome per message, in the order given.
struct SmtpBatchResult {
  std::optional<Failure> failure;
  SessionInfo session;
  std::vector<SendOutcome> messages;
  std::vector<std::string> transcript;

  // The session opened and every message was accepted.
  bool ok() const;
};

}  // namespace mailsim::client::smtp
