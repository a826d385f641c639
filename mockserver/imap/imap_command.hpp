#pragma once
// A parsed IMAP command (RFC 3501 section 6 and the extensions the mock
// speaks): the tag, the verb, and typed arguments. Produced by
// ImapCommandParser; consumed by ImapSession.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/mime/section.hpp"
#include "mockserver/imap/internal_date.hpp"
#include "mockserver/imap/sequence_set.hpp"

namespace mailsim::mock::imap {

enum class Verb {
  capability, noop, logout,                                  // any state
  starttls, authenticate, login,                             // not authenticated
  id, enable, namespace_, select, examine, create, delete_,  // authenticated
  rename, subscribe, unsubscribe, list, lsub, status, append, idle,
  check, close, unselect, expunge, search, fetch, store, copy, move,  // selected
};

struct SearchKey {
  enum class Kind {
    all, answered, bcc, before, body, cc, deleted, draft, flagged, from, header, keyword, larger, new_,
    not_, old, on, or_, recent, seen, sentbefore, senton, sentsince, since, smaller, subject, text, to,
    uid, unanswered, undeleted, undraft, unflagged, unkeyword, unseen,
    sequence,  // a bare sequence set
    and_,      // a parenthesized group (and the top level)
  };
  Kind kind = Kind::all;
  std::string text;         // string argument; the field name for HEADER
  std::string value;        // HEADER's search string
  std::uint32_t number = 0;  // LARGER / SMALLER
  CivilDate date;           // BEFORE / ON / SINCE / SENT*
  SequenceSet set;          // UID / sequence
  std::vector<SearchKey> children;  // NOT: 1, OR: 2, and_: any
};

struct FetchItem {
  enum class Kind {
    envelope, flags, internal_date, rfc822, rfc822_header, rfc822_size, rfc822_text,
    body,            // BODY without section: the non-extensible structure
    body_structure,  // BODYSTRUCTURE
    uid,
    body_section,    // BODY[...] / BODY.PEEK[...]
  };
  Kind kind = Kind::flags;
  mime::SectionSpec section;
  bool peek = false;
  std::optional<std::uint32_t> partial_origin;
  std::uint32_t partial_length = 0;
};

enum class StatusItem { messages, recent, uidnext, uidvalidity, unseen };

struct NoArgs {};
struct LoginArgs {
  std::string user, password;
};
struct AuthenticateArgs {
  std::string mechanism;
  std::optional<std::string> initial_response;  // base64 as sent ("=" for empty)
};
struct MailboxArgs {  // SELECT EXAMINE CREATE DELETE SUBSCRIBE UNSUBSCRIBE
  std::string mailbox;
};
struct RenameArgs {
  std::string from, to;
};
struct ListArgs {  // LIST and LSUB
  std::string reference, pattern;
};
struct StatusArgs {
  std::string mailbox;
  std::vector<StatusItem> items;
};
struct AppendArgs {
  std::string mailbox;
  std::vector<std::string> flags;
  std::optional<InternalDate> date;
  std::string message;
};
struct SearchArgs {
  std::optional<std::string> charset;
  SearchKey key;  // Kind::and_ of the top-level keys
};
struct FetchArgs {
  SequenceSet set;
  std::vector<FetchItem> items;
};
struct StoreArgs {
  enum class Mode { replace, add, remove };
  SequenceSet set;
  Mode mode = Mode::replace;
  bool silent = false;
  std::vector<std::string> flags;
};
struct CopyArgs {  // COPY and MOVE
  SequenceSet set;
  std::string mailbox;
};
struct ExpungeArgs {  // UID EXPUNGE carries a set
  std::optional<SequenceSet> set;
};
struct IdArgs {  // nullopt for "ID NIL"
  std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> fields;
};
struct EnableArgs {
  std::vector<std::string> capabilities;
};

using CommandArgs = std::variant<NoArgs, LoginArgs, AuthenticateArgs, MailboxArgs, RenameArgs, ListArgs,
                                 StatusArgs, AppendArgs, SearchArgs, FetchArgs, StoreArgs, CopyArgs,
                                 ExpungeArgs, IdArgs, EnableArgs>;

struct ImapCommand {
  std::string tag;
  Verb verb = Verb::noop;
  bool uid = false;   // "UID FETCH" and friends
  std::string name;   // upper case as it names the command in replies, e.g. "UID FETCH"
  CommandArgs args;
};

}  // namespace mailsim::mock::imap
