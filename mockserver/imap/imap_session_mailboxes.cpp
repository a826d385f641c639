// Mailbox commands: SELECT/EXAMINE, CREATE, DELETE, RENAME,
// SUBSCRIBE/UNSUBSCRIBE, LIST/LSUB, STATUS, APPEND.
#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/imap_session.hpp"
#include "mockserver/imap/list_pattern.hpp"

namespace mailsim::mock {

using imap::ImapCommand;
using imap::Verb;

namespace {

std::string strip_trailing_delimiter(std::string name) {
  if (name.size() > 1 && name.back() == kHierarchyDelimiter) name.pop_back();
  return name;
}

const char* system_flags() { return "\\Answered \\Flagged \\Deleted \\Seen \\Draft"; }

}  // namespace

void ImapSession::no_for(std::string_view tag, MailboxStore::Result result, std::string_view mailbox) {
  switch (result) {
    case MailboxStore::Result::ok:
      return;
    case MailboxStore::Result::nonexistent:
      tagged(tag, "NO", "[NONEXISTENT] Mailbox doesn't exist: " + imap::printable_text(mailbox));
      return;
    case MailboxStore::Result::already_exists:
      tagged(tag, "NO", "[ALREADYEXISTS] Mailbox already exists");
      return;
    case MailboxStore::Result::invalid_name:
      tagged(tag, "NO", "[CANNOT] Invalid mailbox name");
      return;
    case MailboxStore::Result::has_children:
      tagged(tag, "NO", "[CANNOT] Mailbox has children, delete them first");
      return;
    case MailboxStore::Result::cannot:
      tagged(tag, "NO", "[CANNOT] Operation not allowed on this mailbox");
      return;
  }
}

void ImapSession::cmd_select(const ImapCommand& c) {
  const auto& a = std::get<imap::MailboxArgs>(c.args);
  const bool read_only = c.verb == Verb::examine;
  // RFC 3501 6.3.1: a SELECT deselects first, even when it then fails.
  if (state_ == State::selected) deselect();
  auto box = deps_.store.find(context_.user, a.mailbox);
  if (!box) {
    no_for(c.tag, MailboxStore::Result::nonexistent, a.mailbox);
    return;
  }
  const Selected selected = select_mailbox(std::move(box), read_only);
  std::string flags = system_flags();
  for (const auto& k : selected.keywords) flags += " " + k;
  untagged("FLAGS (" + flags + ")");
  if (read_only) untagged("OK [PERMANENTFLAGS ()] Read-only mailbox.");
  else untagged("OK [PERMANENTFLAGS (" + flags + " \\*)] Flags permitted.");
  untagged(std::to_string(view_.size()) + " EXISTS");
  untagged(std::to_string(recent_.size()) + " RECENT");
  for (std::size_t i = 0; i < view_.size(); ++i) {
    if (!view_[i].flags.has(SystemFlag::seen)) {
      untagged("OK [UNSEEN " + std::to_string(i + 1) + "] First unseen.");
      break;
    }
  }
  untagged("OK [UIDVALIDITY " + std::to_string(mailbox_->uid_validity()) + "] UIDs valid");
  untagged("OK [UIDNEXT " + std::to_string(selected.uid_next) + "] Predicted next UID");
  tagged(c.tag, "OK", read_only ? "[READ-ONLY] Examine completed." : "[READ-WRITE] Select completed.");
}

void ImapSession::cmd_create(const ImapCommand& c) {
  const std::string name = strip_trailing_delimiter(std::get<imap::MailboxArgs>(c.args).mailbox);
  const auto result = deps_.store.create(context_.user, name);
  if (result != MailboxStore::Result::ok) {
    no_for(c.tag, result, name);
    return;
  }
  tagged(c.tag, "OK", "Create completed.");
}

void ImapSession::cmd_delete(const ImapCommand& c) {
  const std::string& name = std::get<imap::MailboxArgs>(c.args).mailbox;
  if (MailboxStore::normalize(name) == "INBOX") {
    tagged(c.tag, "NO", "[CANNOT] INBOX can't be deleted.");
    return;
  }
  if (mailbox_ && deps_.store.find(context_.user, name) == mailbox_) deselect();
  const auto result = deps_.store.remove(context_.user, name);
  if (result != MailboxStore::Result::ok) {
    no_for(c.tag, result, name);
    return;
  }
  tagged(c.tag, "OK", "Delete completed.");
}

void ImapSession::cmd_rename(const ImapCommand& c) {
  const auto& a = std::get<imap::RenameArgs>(c.args);
  const auto result = deps_.store.rename(context_.user, a.from, strip_trailing_delimiter(a.to));
  if (result != MailboxStore::Result::ok) {
    no_for(c.tag, result, a.from);
    return;
  }
  tagged(c.tag, "OK", "Rename completed.");
}

void ImapSession::cmd_subscribe(const ImapCommand& c) {
  const std::string& name = std::get<imap::MailboxArgs>(c.args).mailbox;
  const bool on = c.verb == Verb::subscribe;
  const auto result = deps_.store.subscribe(context_.user, name, on);
  if (result != MailboxStore::Result::ok) {
    no_for(c.tag, result, name);
    return;
  }
  tagged(c.tag, "OK", on ? "Subscribe completed." : "Unsubscribe completed.");
}

void ImapSession::cmd_list(const ImapCommand& c) {
  const auto& a = std::get<imap::ListArgs>(c.args);
  const bool lsub = c.verb == Verb::lsub;
  const char* done = lsub ? "Lsub completed." : "List completed.";
  if (!lsub && a.pattern.empty()) {
    // RFC 3501 6.3.8: the hierarchy delimiter and root name.
    untagged("LIST (\\Noselect) \"/\" \"\"");
    tagged(c.tag, "OK", done);
    return;
  }
  if (a.reference.size() + a.pattern.size() > imap::kMaxListPattern) {
    tagged(c.tag, "NO", "[LIMIT] Pattern too long");
    return;
  }
  const std::string pattern = imap::list_pattern(a.reference, a.pattern);
  const auto listing = deps_.store.list(context_.user);
  auto has_children = [&](const std::string& name) {
    for (const auto& l : listing)
      if (l.name.size() > name.size() + 1 && l.name.compare(0, name.size(), name) == 0 &&
          l.name[name.size()] == kHierarchyDelimiter)
        return true;
    return false;
  };
  auto exists = [&](const std::string& name) {
    for (const auto& l : listing)
      if (l.name == name) return true;
    return false;
  };
  std::vector<std::string> names;
  if (lsub) names = deps_.store.subscriptions(context_.user);
  else
    for (const auto& l : listing) names.push_back(l.name);
  const std::string word = lsub ? "LSUB (" : "LIST (";
  for (const auto& name : names) {
    if (!imap::list_matches(pattern, name)) continue;
    std::string attributes;
    if (!exists(name)) attributes = "\\NonExistent \\Noselect";
    else attributes = has_children(name) ? "\\HasChildren" : "\\HasNoChildren";
    std::string line = word + attributes + ") \"/\" ";
    imap::append_astring(line, name);
    untagged(line);
  }
  tagged(c.tag, "OK", done);
}

void ImapSession::cmd_status(const ImapCommand& c) {
  const auto& a = std::get<imap::StatusArgs>(c.args);
  auto box = deps_.store.find(context_.user, a.mailbox);
  if (!box) {
    no_for(c.tag, MailboxStore::Result::nonexistent, a.mailbox);
    return;
  }
  const auto counts = box->counts();
  std::string line = "STATUS ";
  imap::append_astring(line, a.mailbox);
  line += " (";
  bool first = true;
  for (auto item : a.items) {
    if (!first) line += ' ';
    first = false;
    switch (item) {
      case imap::StatusItem::messages: line += "MESSAGES " + std::to_string(counts.messages); break;
      case imap::StatusItem::recent: line += "RECENT " + std::to_string(counts.recent); break;
      case imap::StatusItem::uidnext: line += "UIDNEXT " + std::to_string(counts.uid_next); break;
      case imap::StatusItem::uidvalidity: line += "UIDVALIDITY " + std::to_string(counts.uid_validity); break;
      case imap::StatusItem::unseen: line += "UNSEEN " + std::to_string(counts.unseen); break;
    }
  }
  line += ')';
  untagged(line);
  tagged(c.tag, "OK", "Status completed.");
}

void ImapSession::cmd_append(const ImapCommand& c) {
  const auto& a = std::get<imap::AppendArgs>(c.args);
  auto box = deps_.store.find(context_.user, a.mailbox);
  if (!box) {
    tagged(c.tag, "NO", "[TRYCREATE] Mailbox doesn't exist: " + imap::printable_text(a.mailbox));
    return;
  }
  if (a.message.empty()) {
    tagged(c.tag, "NO", "Can't save a zero byte message.");
    return;
  }
  MessageFlags flags;
  for (const auto& f : a.flags) flags.add(f);
  const InternalDate date = a.date ? *a.date : InternalDate::from(deps_.clock.now());
  const Uid uid = box->append(make_stored_message(a.message, date), std::move(flags), this);
  tagged(c.tag, "OK",
         "[APPENDUID " + std::to_string(box->uid_validity()) + " " + std::to_string(uid) + "] Append completed.");
}

}  // namespace mailsim::mock
