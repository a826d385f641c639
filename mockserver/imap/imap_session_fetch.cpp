// FETCH and UID FETCH: message data items, byte-exact sections and
// partials, \Seen set by non-PEEK body fetches.
#include <algorithm>
#include <optional>

#include "common/mime/envelope.hpp"
#include "common/mime/section.hpp"
#include "mockserver/imap/imap_body_structure.hpp"
#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/imap_session.hpp"

namespace mailsim::mock {

using imap::FetchItem;
using imap::ImapCommand;

namespace {

bool sets_seen(const FetchItem& item) {
  return (item.kind == FetchItem::Kind::body_section && !item.peek) || item.kind == FetchItem::Kind::rfc822 ||
         item.kind == FetchItem::Kind::rfc822_text;
}

// The section as the reply names it: normalized like Dovecot, field
// names upper-cased ("1.HEADER.FIELDS (FROM TO)").
std::string section_name(const mime::SectionSpec& spec) {
  std::string out;
  for (std::size_t i = 0; i < spec.part.size(); ++i) {
    if (i > 0) out += '.';
    out += std::to_string(spec.part[i]);
  }
  const char* text = nullptr;
  switch (spec.text) {
    case mime::SectionSpec::Text::none: return out;
    case mime::SectionSpec::Text::header: text = "HEADER"; break;
    case mime::SectionSpec::Text::header_fields: text = "HEADER.FIELDS"; break;
    case mime::SectionSpec::Text::header_fields_not: text = "HEADER.FIELDS.NOT"; break;
    case mime::SectionSpec::Text::text: text = "TEXT"; break;
    case mime::SectionSpec::Text::mime: text = "MIME"; break;
  }
  if (!out.empty()) out += '.';
  out += text;
  if (spec.text == mime::SectionSpec::Text::header_fields || spec.text == mime::SectionSpec::Text::header_fields_not) {
    out += " (";
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
      if (i > 0) out += ' ';
      imap::append_astring(out, imap::upper_ascii(spec.fields[i]));
    }
    out += ')';
  }
  return out;
}

bool whole_message(const mime::SectionSpec& spec) {
  return spec.part.empty() && spec.text == mime::SectionSpec::Text::none;
}

void append_section(std::string& out, const FetchItem& item, const StoredMessage& message) {
  out += "BODY[";
  out += section_name(item.section);
  out += ']';
  const std::string_view raw = message.raw();
  // BODY[] needs no MIME structure: a first FETCH of it skips the parse.
  // `content` may hold built bytes that `bytes` points into.
  std::optional<mime::SectionContent> content;
  std::string_view bytes = raw;
  if (!whole_message(item.section)) {
    content = mime::resolve_section(message.parsed(), raw, item.section);
    bytes = content ? content->bytes(raw) : std::string_view();
  }
  if (item.partial_origin) {
    out += '<';
    out += std::to_string(*item.partial_origin);
    out += '>';
    const std::size_t origin = std::min<std::size_t>(*item.partial_origin, bytes.size());
    bytes = bytes.substr(origin, item.partial_length);
  }
  out += ' ';
  imap::append_literal(out, bytes);
}

}  // namespace

void ImapSession::cmd_fetch(const ImapCommand& c) {
  const auto& a = std::get<imap::FetchArgs>(c.args);
  // Other sessions' flag changes show before this command's data.
  sync_updates(allow_expunge_);
  auto indices = resolve(a.set, c.uid);
  if (!indices) {
    bad(c.tag, "Error in IMAP command " + c.name + ": Invalid messageset");
    return;
  }
  fetch_ = std::make_unique<FetchInProgress>(FetchInProgress{c.tag, a.items, std::move(*indices), 0, c.uid});
}

void ImapSession::continue_fetch() {
  FetchInProgress& f = *fetch_;
  while (f.next < f.indices.size() && out_.size() < kOutputPause) fetch_one(f.indices[f.next++], f.items, f.uid);
  if (f.next < f.indices.size()) return;
  const std::string tag = std::move(f.tag);
  fetch_.reset();
  tagged(tag, "OK", "Fetch completed.");
}

void ImapSession::fetch_one(std::size_t index, const std::vector<FetchItem>& items, bool uid_command) {
  if (hooks_inspect_) {
    std::string response;
    append_fetch_response(response, index, items, uid_command);
    send(std::move(response));
    return;
  }
  // Straight into the output: the message bytes are copied once.
  const std::size_t start = out_.size();
  append_fetch_response(out_, index, items, uid_command);
  log_response(std::string_view(out_).substr(start));
}

void ImapSession::append_fetch_response(std::string& out, std::size_t index, const std::vector<FetchItem>& items,
                                        bool uid_command) {
  ViewEntry& entry = view_[index];
  bool flags_changed = false;
  if (!read_only_ && !entry.flags.has(SystemFlag::seen) && std::any_of(items.begin(), items.end(), sets_seen)) {
    MessageFlags seen;
    seen.add(SystemFlag::seen);
    const auto records = mailbox_->change_flags({entry.uid}, FlagChange::add, seen, this);
    if (!records.empty()) {
      entry.flags = records.front().flags;
      flags_changed = true;
    }
  }
  const StoredMessage& message = *entry.message;
  out += "* ";
  out += std::to_string(index + 1);
  out += " FETCH (";
  bool first = true;
  auto next = [&] {
    if (!first) out += ' ';
    first = false;
  };
  const bool uid_requested =
      std::any_of(items.begin(), items.end(), [](const FetchItem& i) { return i.kind == FetchItem::Kind::uid; });
  bool flags_requested = false;
  if (uid_command && !uid_requested) {
    next();
    out += "UID " + std::to_string(entry.uid);
  }
  for (const auto& item : items) {
    next();
    switch (item.kind) {
      case FetchItem::Kind::uid:
        out += "UID " + std::to_string(entry.uid);
        break;
      case FetchItem::Kind::flags:
        flags_requested = true;
        out += "FLAGS " + flags_list(entry);
        break;
      case FetchItem::Kind::internal_date:
        out += "INTERNALDATE \"" + format_internal_date(message.internal_date()) + "\"";
        break;
      case FetchItem::Kind::rfc822_size:
        out += "RFC822.SIZE " + std::to_string(message.size());
        break;
      case FetchItem::Kind::envelope:
        out += "ENVELOPE ";
        imap::append_envelope(out, mime::envelope_of(message.parsed().root.headers));
        break;
      case FetchItem::Kind::body:
        out += "BODY ";
        imap::append_body_structure(out, message.parsed().root, false);
        break;
      case FetchItem::Kind::body_structure:
        out += "BODYSTRUCTURE ";
        imap::append_body_structure(out, message.parsed().root, true);
        break;
      case FetchItem::Kind::rfc822:
        out += "RFC822 ";
        imap::append_literal(out, message.raw());
        break;
      case FetchItem::Kind::rfc822_header:
        out += "RFC822.HEADER ";
        imap::append_literal(out, message.parsed().root.header_bytes(message.raw()));
        break;
      case FetchItem::Kind::rfc822_text:
        out += "RFC822.TEXT ";
        imap::append_literal(out, message.parsed().root.body_bytes(message.raw()));
        break;
      case FetchItem::Kind::body_section:
        append_section(out, item, message);
        break;
    }
  }
  if (flags_changed && !flags_requested) {
    next();
    out += "FLAGS " + flags_list(entry);
  }
  out += ")\r\n";
}

}  // namespace mailsim::mock
