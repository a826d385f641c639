#pragma once
// Builds an RFC 5322 / MIME message from its parts: the bytes an SMTP
// client sends after DATA and an IMAP client APPENDs.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/mime/mailbox.hpp"

namespace mailsim::client::mime {

struct Attachment {
  std::string file_name;     // UTF-8, no control characters; may be empty
  std::string content_type;  // "type/subtype"; empty means application/octet-stream
  std::string bytes;
};

struct OutgoingMessage {
  Mailbox from;
  std::vector<Mailbox> to;
  std::vector<Mailbox> cc;
  std::vector<Mailbox> bcc;         // envelope only, never in a header
  std::string subject;              // UTF-8
  std::optional<std::string> text;  // UTF-8 text/plain body
  std::optional<std::string> html;  // UTF-8 text/html body
  std::vector<Attachment> attachments;
  // Further unstructured fields (e.g. X-Mailer, Reply-To). Their names may
  // not be ones the builder writes itself.
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

struct BuildOptions {
  std::chrono::system_clock::time_point date;  // the caller's "now"
  std::chrono::minutes utc_offset{0};
  // Unique ids for the Message-ID and the multipart boundaries, each as
  // is_valid_unique_id() requires; random_unique_id() when empty.
  std::function<std::string()> unique_id;
};

// The message with CRLF line ends, ending in CRLF:
// - text and html together become multipart/alternative (text first);
// - attachments (base64) wrap the body in multipart/mixed; with no body the
//   message is the attachments alone;
// - text is 7bit or quoted-printable, charset=utf-8;
// - Subject, display names and extra values beyond ASCII become RFC 2047
//   words; CR/LF inside them become spaces; header lines are folded.
// Throws std::invalid_argument naming the field for input it cannot use: no
// or an invalid address, invalid UTF-8, a bad content type or header name.
std::string build_message(const OutgoingMessage& message, const BuildOptions& options);

// To, Cc and Bcc addresses in that order, each once: the RCPT TO list.
std::vector<std::string> envelope_recipients(const OutgoingMessage& message);

}  // namespace mailsim::client::mime
