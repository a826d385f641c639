#pragma once
// Typed server responses (RFC 3501 section 7), as the response parser
// yields them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/imap/imap_body_structure.hpp"
#include "client/imap/imap_envelope.hpp"
#include "client/imap/imap_value.hpp"

namespace mailsim::client::imap {

// [COPYUID uidvalidity source-uids destination-uids] (RFC 4315). The sets
// are kept as sent; see imap_sequence_set.hpp to expand them.
struct CopyUid {
  std::uint32_t uid_validity = 0;
  std::string source_uids;
  std::string destination_uids;
  bool operator==(const CopyUid&) const = default;
};

// [APPENDUID uidvalidity uid-set] (RFC 4315).
struct AppendUid {
  std::uint32_t uid_validity = 0;
  std::string uids;
  bool operator==(const AppendUid&) const = default;
};

// The bracketed code of a status response, e.g. [UIDNEXT 4392].
struct ResponseCode {
  std::string name;       // upper-cased: "ALERT", "CAPABILITY", "UIDVALIDITY", ...
  std::string arguments;  // raw text after the name, up to the closing bracket
  // Parsed arguments of the codes clients act on.
  std::vector<std::string> list;        // CAPABILITY, PERMANENTFLAGS, BADCHARSET
  std::optional<std::uint64_t> number;  // UIDVALIDITY, UIDNEXT, UNSEEN, HIGHESTMODSEQ
  std::optional<CopyUid> copy_uid;
  std::optional<AppendUid> append_uid;
  bool operator==(const ResponseCode&) const = default;
};

enum class Status { ok, no, bad, preauth, bye };
std::string_view to_string(Status s);  // "OK", "NO", ...

// Tagged completion (tag set) or untagged status (* OK/NO/BAD/PREAUTH/BYE).
struct StatusResponse {
  std::string tag;  // empty when untagged
  Status status = Status::ok;
  std::optional<ResponseCode> code;
  std::string text;

  bool tagged() const { return !tag.empty(); }
  bool has_code(std::string_view name) const { return code && code->name == name; }
  // The server's words without the tag: "NO [TRYCREATE] No such mailbox".
  std::string words() const;
};

// "+ text": go on with a literal, a SASL challenge (base64) or IDLE.
struct Continuation {
  std::string text;
};

struct CapabilityData {
  std::vector<std::string> capabilities;  // as sent, e.g. "IMAP4rev1", "AUTH=PLAIN"
};

struct ListData {
  bool lsub = false;
  std::vector<std::string> attributes;  // "\HasNoChildren", "\Noselect", "\Sent", ...
  std::optional<char> delimiter;        // NIL for a flat namespace
  std::string mailbox;                  // as sent (modified UTF-7)
};

struct StatusData {
  std::string mailbox;  // as sent (modified UTF-7)
  std::optional<std::uint32_t> messages;
  std::optional<std::uint32_t> recent;
  std::optional<std::uint32_t> uid_next;
  std::optional<std::uint32_t> uid_validity;
  std::optional<std::uint32_t> unseen;
  std::optional<std::uint64_t> highest_modseq;
};

struct SearchData {
  std::vector<std::uint32_t> numbers;  // sequence numbers, or UIDs for UID SEARCH
};

struct FlagsData {
  std::vector<std::string> flags;
};

struct ExistsData {
  std::uint32_t count = 0;
};

struct RecentData {
  std::uint32_t count = 0;
};

struct ExpungeData {
  std::uint32_t sequence = 0;
};

// BODY[section]<origin> data. RFC822, RFC822.HEADER and RFC822.TEXT arrive as
// sections "", "HEADER" and "TEXT".
struct SectionData {
  std::string section;  // between the brackets, as sent: "", "1.2", "HEADER.FIELDS (SUBJECT)"
  std::optional<std::uint64_t> origin;  // set for partial fetches
  std::optional<std::string> data;      // NIL is nullopt
};

struct FetchData {
  std::uint32_t sequence = 0;
  std::optional<std::uint32_t> uid;
  std::optional<std::vector<std::string>> flags;
  std::optional<std::string> internal_date;
  std::optional<std::uint64_t> rfc822_size;
  std::optional<Envelope> envelope;
  std::optional<BodyStructure> body_structure;  // BODYSTRUCTURE, or BODY without a section
  std::vector<SectionData> sections;
  std::optional<std::uint64_t> modseq;
  std::vector<std::pair<std::string, Value>> other;  // items we have no field for

  const SectionData* section(std::string_view name) const;
};

// Any untagged response we have no type for (ENABLED, NAMESPACE, ID, ...).
struct OtherData {
  std::string keyword;  // upper-cased
  std::string text;     // everything after the keyword, literals inline
};

using Response = std::variant<StatusResponse, Continuation, CapabilityData, ListData, StatusData, SearchData,
                              FlagsData, ExistsData, RecentData, ExpungeData, FetchData, OtherData>;

}  // namespace mailsim::client::imap
