#pragma once
// Values the IMAP client's operations take and return.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/imap/imap_capabilities.hpp"
#include "client/imap/imap_response.hpp"

namespace mailsim::client::imap {

struct Folder {
  std::string name;       // UTF-8 (the wire name when it is not valid modified UTF-7)
  std::string wire_name;  // as the server sent it
  std::optional<char> delimiter;
  std::vector<std::string> attributes;  // "\Noselect", "\HasChildren", "\Sent", ...
  bool selectable() const;              // neither \Noselect nor \NonExistent
};

// What SELECT / EXAMINE reported, kept current by EXISTS and EXPUNGE.
struct MailboxInfo {
  std::string name;  // UTF-8, as the caller gave it
  bool read_only = false;
  std::uint32_t exists = 0;
  std::uint32_t recent = 0;
  std::optional<std::uint32_t> uid_validity;
  std::optional<std::uint32_t> uid_next;
  std::optional<std::uint32_t> first_unseen;  // sequence number
  std::optional<std::uint64_t> highest_modseq;
  std::vector<std::string> flags;
  std::vector<std::string> permanent_flags;
};

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// BODY[section]<offset.length>: "" is the whole message, "HEADER", "TEXT",
// "1.2", "1.2.MIME", "HEADER.FIELDS (SUBJECT FROM)".
struct SectionRequest {
  std::string section;
  std::optional<ByteRange> range;  // partial fetch of a large body
};

struct FetchRequest {
  bool flags = true;
  bool envelope = false;
  bool body_structure = false;
  bool size = false;           // RFC822.SIZE
  bool internal_date = false;
  std::vector<SectionRequest> sections;
  bool mark_seen = false;      // BODY[] sets \Seen; the default BODY.PEEK[] does not
};

// How fetch_each() splits a large fetch: batch UIDs per UID FETCH command
// (short command lines, bounded memory), and up to depth of those commands
// sent before the first is answered, so the server never waits for us.
struct FetchBatching {
  std::size_t batch = 500;
  std::size_t depth = 2;
};

enum class StoreMode { add, remove, replace };  // +FLAGS, -FLAGS, FLAGS

struct IdleOutcome {
  bool new_messages = false;      // an EXISTS arrived
  bool timed_out = false;         // the timeout passed first
  std::vector<Response> updates;  // untagged responses seen while idling (the latest, if a flood)
};

// Session state worth reporting (Test Connection, -v).
struct ImapSessionInfo {
  std::string greeting;  // the server's words
  bool preauthenticated = false;
  Capabilities capabilities;  // the latest (after TLS and after login)
  std::string tls_version;    // "TLSv1.3", empty in plaintext
  std::string tls_cipher;
  std::optional<std::string> auth_mechanism;  // "LOGIN", "PLAIN", "XOAUTH2", ...
};

}  // namespace mailsim::client::imap
