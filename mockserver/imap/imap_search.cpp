#include "mockserver/imap/imap_search.hpp"

#include "common/mime/encoded_words.hpp"
#include "common/mime/header_fields.hpp"
#include "mockserver/imap/imap_format.hpp"

namespace mailsim::mock::imap {
namespace {

using Kind = SearchKey::Kind;

bool header_contains(const StoredMessage& m, std::string_view name, std::string_view needle) {
  for (const auto* field : mime::find_fields(m.parsed().root.headers, name)) {
    if (needle.empty()) return true;
    if (icontains(field->value, needle) || icontains(mime::decode_header_text(field->value), needle)) return true;
  }
  return false;
}

// The headers of an entity and of every part and enclosed message in it:
// those of the parts are in the message's body, which TEXT searches too
// (RFC 3501 6.4.4; Dovecot matches a part's Content-Disposition file name).
bool any_header_contains(const mime::Entity& e, std::string_view raw, std::string_view needle) {
  if (icontains(e.header_bytes(raw), needle)) return true;
  for (const auto& field : e.headers)
    if (icontains(mime::decode_header_text(field.value), needle)) return true;
  for (const auto& child : e.children)
    if (any_header_contains(child, raw, needle)) return true;
  return false;
}

bool text_contains(const StoredMessage& m, std::string_view needle) {
  return any_header_contains(m.parsed().root, m.raw(), needle) || icontains(m.searchable_body(), needle);
}

// The Date: header's day, or the internal date's when there is none.
CivilDate sent_date(const StoredMessage& m) {
  if (const auto* field = mime::find_last_field(m.parsed().root.headers, "Date"))
    if (auto d = parse_rfc5322_date(field->value)) return civil_date(*d);
  return civil_date(m.internal_date());
}

}  // namespace

bool search_matches(const SearchKey& key, const SearchTarget& t) {
  const MessageFlags& flags = *t.flags;
  const StoredMessage& m = *t.message;
  switch (key.kind) {
    case Kind::all: return true;
    case Kind::answered: return flags.has(SystemFlag::answered);
    case Kind::deleted: return flags.has(SystemFlag::deleted);
    case Kind::draft: return flags.has(SystemFlag::draft);
    case Kind::flagged: return flags.has(SystemFlag::flagged);
    case Kind::seen: return flags.has(SystemFlag::seen);
    case Kind::unanswered: return !flags.has(SystemFlag::answered);
    case Kind::undeleted: return !flags.has(SystemFlag::deleted);
    case Kind::undraft: return !flags.has(SystemFlag::draft);
    case Kind::unflagged: return !flags.has(SystemFlag::flagged);
    case Kind::unseen: return !flags.has(SystemFlag::seen);
    case Kind::recent: return t.recent;
    case Kind::new_: return t.recent && !flags.has(SystemFlag::seen);
    case Kind::old: return !t.recent;
    case Kind::keyword: return flags.has(key.text);
    case Kind::unkeyword: return !flags.has(key.text);
    case Kind::larger: return m.size() > key.number;
    case Kind::smaller: return m.size() < key.number;
    case Kind::before: return civil_date(m.internal_date()) < key.date;
    case Kind::on: return civil_date(m.internal_date()) == key.date;
    case Kind::since: return civil_date(m.internal_date()) >= key.date;
    case Kind::sentbefore: return sent_date(m) < key.date;
    case Kind::senton: return sent_date(m) == key.date;
    case Kind::sentsince: return sent_date(m) >= key.date;
    case Kind::bcc: return header_contains(m, "Bcc", key.text);
    case Kind::cc: return header_contains(m, "Cc", key.text);
    case Kind::from: return header_contains(m, "From", key.text);
    case Kind::to: return header_contains(m, "To", key.text);
    case Kind::subject: return header_contains(m, "Subject", key.text);
    case Kind::header: return header_contains(m, key.text, key.value);
    case Kind::body: return icontains(m.searchable_body(), key.text);
    case Kind::text: return text_contains(m, key.text);
    case Kind::uid: return key.set.contains(t.uid, t.max_uid);
    case Kind::sequence: return key.set.contains(t.seq, t.max_seq);
    case Kind::not_: return !search_matches(key.children.front(), t);
    case Kind::or_: return search_matches(key.children[0], t) || search_matches(key.children[1], t);
    case Kind::and_:
      for (const auto& child : key.children)
        if (!search_matches(child, t)) return false;
      return true;
  }
  return false;
}

}  // namespace mailsim::mock::imap
