// The session's view of its selected mailbox: sequence numbers, \Recent,
// and turning other sessions' changes into EXISTS / EXPUNGE / FETCH.
#include <algorithm>

#include "mockserver/imap/imap_session.hpp"

namespace mailsim::mock {

ImapSession::Selected ImapSession::select_mailbox(std::shared_ptr<Mailbox> mailbox, bool read_only) {
  Mailbox::Opened opened = mailbox->open(deps_.wake, !read_only);
  view_.clear();
  view_.reserve(opened.messages.size());
  for (auto& m : opened.messages) view_.push_back({m.uid, std::move(m.flags), std::move(m.message)});
  recent_ = std::set<Uid>(opened.recent.begin(), opened.recent.end());
  mailbox_ = std::move(mailbox);
  watch_ = std::move(opened.watch);
  read_only_ = read_only;
  pending_.clear();
  announced_exists_ = view_.size();
  announced_recent_ = recent_.size();
  known_keywords_ = opened.keywords.size();
  state_ = State::selected;
  return {opened.uid_next, std::move(opened.keywords)};
}

void ImapSession::deselect() {
  if (mailbox_ && watch_) mailbox_->close(watch_);
  mailbox_.reset();
  watch_.reset();
  view_.clear();
  recent_.clear();
  pending_.clear();
  if (state_ == State::selected) state_ = State::authenticated;
}

std::size_t ImapSession::index_of(Uid uid) const {
  auto it = std::lower_bound(view_.begin(), view_.end(), uid, [](const ViewEntry& e, Uid u) { return e.uid < u; });
  if (it == view_.end() || it->uid != uid) return view_.size();
  return static_cast<std::size_t>(it - view_.begin());
}

std::optional<std::vector<std::size_t>> ImapSession::resolve(const imap::SequenceSet& set, bool uid) const {
  std::vector<std::size_t> out;
  if (uid) {
    const Uid largest = view_.empty() ? 0 : view_.back().uid;
    for (std::size_t i = 0; i < view_.size(); ++i)
      if (set.contains(view_[i].uid, largest)) out.push_back(i);
    return out;
  }
  const auto count = static_cast<std::uint32_t>(view_.size());
  if (set.max_explicit() > count) return std::nullopt;
  for (std::uint32_t seq = 1; seq <= count; ++seq)
    if (set.contains(seq, count)) out.push_back(seq - 1);
  return out;
}

std::string ImapSession::flags_list(const ViewEntry& entry) const {
  return "(" + entry.flags.to_string(recent_.count(entry.uid) > 0) + ")";
}

void ImapSession::announce_size() {
  if (view_.size() != announced_exists_) {
    untagged(std::to_string(view_.size()) + " EXISTS");
    announced_exists_ = view_.size();
  }
  if (recent_.size() != announced_recent_) {
    untagged(std::to_string(recent_.size()) + " RECENT");
    announced_recent_ = recent_.size();
  }
}

void ImapSession::announce_keywords() {
  // New keywords widen FLAGS; say so before any FETCH shows them.
  const auto keywords = mailbox_->keywords();
  if (keywords.size() == known_keywords_) return;
  std::string flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const auto& k : keywords) flags += " " + k;
  untagged("FLAGS (" + flags + ")");
  if (read_only_) untagged("OK [PERMANENTFLAGS ()] Read-only mailbox.");
  else untagged("OK [PERMANENTFLAGS (" + flags + " \\*)] Flags permitted.");
  known_keywords_ = keywords.size();
}

void ImapSession::sync_updates(bool allow_expunge) {
  if (!watch_ || !mailbox_) return;
  if (watch_->overflowed()) {
    close_with_bye("Too many mailbox changes to keep up with, please reconnect.");
    return;
  }
  for (auto& e : watch_->drain()) pending_.push_back(std::move(e));
  announce_keywords();
  while (!pending_.empty()) {
    const MailboxEvent& e = pending_.front();
    if (e.kind == MailboxEvent::Kind::deleted) {
      pending_.clear();
      close_with_bye("Selected mailbox was deleted, have to disconnect.");
      return;
    }
    if (e.kind == MailboxEvent::Kind::expunged && !allow_expunge) break;
    const std::size_t index = index_of(e.uid);
    switch (e.kind) {
      case MailboxEvent::Kind::appended:
        if (index == view_.size() && (view_.empty() || view_.back().uid < e.uid)) {
          // Gone already? A later expunged event is then ignored too.
          if (auto record = mailbox_->get(e.uid)) {
            view_.push_back({e.uid, record->flags, record->message});
            if (!read_only_ && mailbox_->claim_recent(e.uid)) recent_.insert(e.uid);
          }
        }
        break;
      case MailboxEvent::Kind::flags:
        if (index < view_.size()) {
          view_[index].flags = e.flags;
          if (e.origin != this) {
            announce_size();
            untagged(std::to_string(index + 1) + " FETCH (UID " + std::to_string(e.uid) + " FLAGS " +
                     flags_list(view_[index]) + ")");
          }
        }
        break;
      case MailboxEvent::Kind::expunged:
        if (index < view_.size()) {
          announce_size();
          untagged(std::to_string(index + 1) + " EXPUNGE");
          view_.erase(view_.begin() + static_cast<std::ptrdiff_t>(index));
          --announced_exists_;
          if (recent_.erase(e.uid) > 0) --announced_recent_;
        }
        break;
      case MailboxEvent::Kind::deleted:
        break;
    }
    pending_.pop_front();
  }
  announce_size();
}

}  // namespace mailsim::mock
