// Commands on the selected mailbox's messages other than FETCH and SEARCH:
// STORE, COPY/MOVE, EXPUNGE/UID EXPUNGE, CLOSE/UNSELECT, CHECK, and IDLE.
#include <algorithm>

#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/imap_session.hpp"

namespace mailsim::mock {

using imap::ImapCommand;
using imap::Verb;

namespace {

// "1:3,7" for ascending UIDs (COPYUID keeps source and target in step).
std::string uid_set_text(const std::vector<Uid>& uids) {
  std::string out;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(uids[i]);
    if (j > i) out += ":" + std::to_string(uids[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace

void ImapSession::cmd_store(const ImapCommand& c) {
  const auto& a = std::get<imap::StoreArgs>(c.args);
  const auto indices = resolve(a.set, c.uid);
  if (!indices) {
    bad(c.tag, "Error in IMAP command " + c.name + ": Invalid messageset");
    return;
  }
  if (read_only_) {
    tagged(c.tag, "NO", "[READ-ONLY] Mailbox is read-only.");
    return;
  }
  MessageFlags flags;
  for (const auto& f : a.flags) flags.add(f);
  std::vector<Uid> uids;
  for (auto i : *indices) uids.push_back(view_[i].uid);
  const FlagChange change = a.mode == imap::StoreArgs::Mode::replace ? FlagChange::replace
                            : a.mode == imap::StoreArgs::Mode::add ? FlagChange::add
                                                                   : FlagChange::remove;
  const auto records = mailbox_->change_flags(uids, change, flags, this);
  announce_keywords();
  for (const auto& record : records) {
    const std::size_t index = index_of(record.uid);
    if (index == view_.size()) continue;
    view_[index].flags = record.flags;
    if (a.silent) continue;
    std::string line = std::to_string(index + 1) + " FETCH (";
    if (c.uid) line += "UID " + std::to_string(record.uid) + " ";
    line += "FLAGS " + flags_list(view_[index]) + ")";
    untagged(line);
  }
  tagged(c.tag, "OK", "Store completed.");
}

void ImapSession::cmd_copy(const ImapCommand& c) {
  const auto& a = std::get<imap::CopyArgs>(c.args);
  const bool move = c.verb == Verb::move;
  const auto indices = resolve(a.set, c.uid);
  if (!indices) {
    bad(c.tag, "Error in IMAP command " + c.name + ": Invalid messageset");
    return;
  }
  if (move && read_only_) {
    tagged(c.tag, "NO", "[READ-ONLY] Mailbox is read-only.");
    return;
  }
  auto target = deps_.store.find(context_.user, a.mailbox);
  if (!target) {
    tagged(c.tag, "NO", "[TRYCREATE] Mailbox doesn't exist: " + imap::printable_text(a.mailbox));
    return;
  }
  if (indices->empty()) {
    tagged(c.tag, "OK", "No messages found.");
    return;
  }
  std::vector<MessageRecord> records;
  std::vector<Uid> source;
  for (auto i : *indices) {
    records.push_back({0, view_[i].flags, view_[i].message});
    source.push_back(view_[i].uid);
  }
  const std::vector<Uid> created = target->append_all(records, this);
  const std::string copyuid = "[COPYUID " + std::to_string(target->uid_validity()) + " " + uid_set_text(source) +
                              " " + uid_set_text(created) + "]";
  if (!move) {
    tagged(c.tag, "OK", copyuid + " Copy completed.");
    return;
  }
  // RFC 6851 4.3: COPYUID in an untagged OK before the EXPUNGEs.
  untagged("OK " + copyuid + " Moved UIDs.");
  mailbox_->expunge([&](const MessageRecord& m) { return std::binary_search(source.begin(), source.end(), m.uid); },
                    this);
  tagged(c.tag, "OK", "Move completed.");
}

void ImapSession::cmd_expunge(const ImapCommand& c) {
  const auto& a = std::get<imap::ExpungeArgs>(c.args);
  if (read_only_) {
    tagged(c.tag, "NO", "[READ-ONLY] Mailbox is read-only.");
    return;
  }
  std::vector<Uid> chosen;
  if (a.set) {
    const auto indices = resolve(*a.set, true);
    for (auto i : *indices) chosen.push_back(view_[i].uid);
  }
  const bool limited = a.set.has_value();
  mailbox_->expunge(
      [&](const MessageRecord& m) {
        if (!m.flags.has(SystemFlag::deleted)) return false;
        return !limited || std::binary_search(chosen.begin(), chosen.end(), m.uid);
      },
      this);
  tagged(c.tag, "OK", "Expunge completed.");
}

void ImapSession::cmd_close(const ImapCommand& c) {
  // CLOSE expunges silently (RFC 3501 6.4.2); UNSELECT does not (RFC 3691).
  if (c.verb == Verb::close && !read_only_)
    mailbox_->expunge([](const MessageRecord& m) { return m.flags.has(SystemFlag::deleted); }, this);
  deselect();
  tagged(c.tag, "OK", c.verb == Verb::close ? "Close completed." : "Unselect completed.");
}

void ImapSession::cmd_check(const ImapCommand& c) { tagged(c.tag, "OK", "Check completed."); }

void ImapSession::cmd_idle(const ImapCommand& c) {
  idle_tag_ = c.tag;
  mode_ = Mode::idle;
  send("+ idling\r\n");
  if (state_ == State::selected) sync_updates(true);
}

void ImapSession::idle_line(std::string_view line) {
  deps_.transcript.client(line);
  mode_ = Mode::command;
  if (imap::iequals_ascii(line, "DONE")) {
    allow_expunge_ = true;
    tagged(idle_tag_, "OK", "Idle completed.");
    return;
  }
  bad(idle_tag_, "Expected DONE.");
}

}  // namespace mailsim::mock
