#pragma once
// The values the connector's operations produce (connector.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/imap/imap_operations.hpp"
#include "client/reason.hpp"

namespace mailsim::client {

// send(): the server's answer for each recipient, and for the message.
struct RecipientOutcome {
  std::string address;
  bool accepted = false;
  std::string reply;           // the server's words for this RCPT, e.g. "250 2.1.5 Ok"
  Reason reason = Reason::ok;  // recipient_rejected, throttled, ... when refused
};

struct SendReport {
  std::vector<RecipientOutcome> recipients;  // in RCPT order
  std::string message_reply;                 // reply to the end of DATA ("" when DATA was not reached)
  std::string tls_version;                   // "" in plain text
  std::string auth_mechanism;                // "" without AUTH
};

// search(): one line per message found.
struct MessageSummary {
  std::uint32_t uid = 0;
  std::vector<std::string> flags;
  std::uint64_t size = 0;
  std::string date;  // Date: header as sent
  std::string from;  // addresses, ", " separated
  std::string to;
  std::string subject;  // as sent (RFC 2047 words not decoded)
};

// fetch(): which parts of one message to get.
struct FetchParts {
  bool headers = false;      // the header block (BODY.PEEK[HEADER])
  bool structure = false;    // BODYSTRUCTURE
  bool message = false;      // the whole message (BODY.PEEK[])
  bool attachments = false;  // the whole message, its attachments decoded
};

struct MessageAttachment {
  std::string part;          // IMAP part number, e.g. "2"
  std::string filename;      // as the message names it (UTF-8); may be empty
  std::string content_type;  // "application/pdf"
  std::string bytes;         // transfer encoding undone
};

struct FetchedMessage {
  std::uint32_t uid = 0;
  std::vector<std::string> flags;
  std::optional<std::string> headers;
  std::optional<imap::BodyStructure> structure;
  std::optional<std::string> message;  // raw RFC 5322 bytes
  std::vector<MessageAttachment> attachments;
};

// idle(): whether mail arrived before the timeout.
struct IdleReport {
  bool new_messages = false;            // an EXISTS arrived
  bool timed_out = false;               // the timeout passed first
  std::uint32_t exists = 0;             // messages in the folder when idle ended
  std::vector<std::uint32_t> new_uids;  // UIDs of the messages that arrived
};

}  // namespace mailsim::client
