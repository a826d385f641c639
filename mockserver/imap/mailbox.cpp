#include "mockserver/imap/mailbox.hpp"

#include <algorithm>
#include <utility>

namespace mailsim::mock {

std::deque<MailboxEvent> MailboxWatch::drain() {
  std::lock_guard lock(mutex_);
  return std::exchange(events_, {});
}

bool MailboxWatch::overflowed() const {
  std::lock_guard lock(mutex_);
  return overflowed_;
}

bool MailboxWatch::push(const MailboxEvent& e) {
  std::lock_guard lock(mutex_);
  if (overflowed_) return true;
  if (events_.size() >= kMaxPending) {
    overflowed_ = true;
    events_.clear();
    return false;
  }
  events_.push_back(e);
  return true;
}

std::uint32_t Mailbox::uid_validity() const {
  std::lock_guard lock(mutex_);
  return uid_validity_;
}

std::uint32_t Mailbox::uid_next() const {
  std::lock_guard lock(mutex_);
  return uid_next_;
}

Mailbox::Counts Mailbox::counts() const {
  std::lock_guard lock(mutex_);
  Counts c;
  c.messages = static_cast<std::uint32_t>(messages_.size());
  for (const auto& m : messages_) {
    if (m.uid >= recent_floor_) ++c.recent;
    if (!m.flags.has(SystemFlag::seen)) ++c.unseen;
  }
  c.uid_next = uid_next_;
  c.uid_validity = uid_validity_;
  return c;
}

Mailbox::Opened Mailbox::open(std::function<void()> wake, bool claim_recent) {
  std::lock_guard lock(mutex_);
  Opened o;
  o.watch = std::make_shared<MailboxWatch>(std::move(wake));
  o.messages = messages_;
  o.keywords = keywords_;
  o.uid_next = uid_next_;
  if (claim_recent) {
    for (const auto& m : messages_)
      if (m.uid >= recent_floor_) o.recent.push_back(m.uid);
    recent_floor_ = uid_next_;
  }
  std::erase_if(watches_, [](const auto& w) { return w.expired(); });
  watches_.push_back(o.watch);
  return o;
}

void Mailbox::close(const std::shared_ptr<MailboxWatch>& watch) {
  std::lock_guard lock(mutex_);
  std::erase_if(watches_, [&](const auto& w) {
    auto p = w.lock();
    return !p || p == watch;
  });
}

bool Mailbox::claim_recent(Uid uid) {
  std::lock_guard lock(mutex_);
  if (uid < recent_floor_) return false;
  recent_floor_ = uid + 1;
  return true;
}

void Mailbox::notify(const MailboxEvent& e, std::vector<std::function<void()>>& wakes) {
  for (const auto& w : watches_) {
    auto watch = w.lock();
    if (!watch) continue;
    watch->push(e);
    if (watch->wake_) wakes.push_back(watch->wake_);
  }
}

void Mailbox::run(std::vector<std::function<void()>>& wakes) {
  // Duplicates are harmless: a wake only says "look at your queue".
  for (auto& wake : wakes) wake();
}

void Mailbox::note_keywords(const MessageFlags& flags) {
  for (const auto& k : flags.keywords()) {
    const bool known = std::any_of(keywords_.begin(), keywords_.end(), [&](const std::string& have) {
      MessageFlags probe;
      probe.add(have);
      return probe.has(k);
    });
    if (!known) keywords_.push_back(k);
  }
}

Uid Mailbox::append(std::shared_ptr<const StoredMessage> message, MessageFlags flags, const void* origin) {
  MessageRecord record{0, std::move(flags), std::move(message)};
  return append_all({record}, origin).front();
}

std::vector<Uid> Mailbox::append_all(const std::vector<MessageRecord>& records, const void* origin) {
  std::vector<Uid> uids;
  std::vector<std::function<void()>> wakes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& r : records) {
      MessageRecord copy{uid_next_++, r.flags, r.message};
      note_keywords(copy.flags);
      uids.push_back(copy.uid);
      messages_.push_back(copy);
      notify({MailboxEvent::Kind::appended, copy.uid, copy.flags, origin}, wakes);
    }
  }
  run(wakes);
  return uids;
}

std::optional<MessageRecord> Mailbox::get(Uid uid) const {
  std::lock_guard lock(mutex_);
  auto it = std::lower_bound(messages_.begin(), messages_.end(), uid,
                             [](const MessageRecord& m, Uid u) { return m.uid < u; });
  if (it == messages_.end() || it->uid != uid) return std::nullopt;
  return *it;
}

std::vector<MessageRecord> Mailbox::snapshot() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::string> Mailbox::keywords() const {
  std::lock_guard lock(mutex_);
  return keywords_;
}

std::vector<MessageRecord> Mailbox::change_flags(const std::vector<Uid>& uids, FlagChange change,
                                                 const MessageFlags& flags, const void* origin) {
  std::vector<MessageRecord> out;
  std::vector<std::function<void()>> wakes;
  {
    std::lock_guard lock(mutex_);
    if (change != FlagChange::remove) note_keywords(flags);
    for (Uid uid : uids) {
      auto it = std::lower_bound(messages_.begin(), messages_.end(), uid,
                                 [](const MessageRecord& m, Uid u) { return m.uid < u; });
      if (it == messages_.end() || it->uid != uid) continue;
      MessageFlags updated = it->flags;
      switch (change) {
        case FlagChange::replace: updated = flags; break;
        case FlagChange::add: updated.add_all(flags); break;
        case FlagChange::remove: updated.remove_all(flags); break;
      }
      if (!(updated == it->flags)) {
        it->flags = updated;
        notify({MailboxEvent::Kind::flags, uid, updated, origin}, wakes);
      }
      out.push_back(*it);
    }
  }
  run(wakes);
  return out;
}

std::vector<Uid> Mailbox::expunge(const std::function<bool(const MessageRecord&)>& which, const void* origin) {
  std::vector<Uid> removed;
  std::vector<std::function<void()>> wakes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& m : messages_)
      if (which(m)) removed.push_back(m.uid);
    std::erase_if(messages_, [&](const MessageRecord& m) {
      return std::binary_search(removed.begin(), removed.end(), m.uid);
    });
    for (Uid uid : removed) notify({MailboxEvent::Kind::expunged, uid, {}, origin}, wakes);
  }
  run(wakes);
  return removed;
}

void Mailbox::mark_deleted() {
  std::vector<std::function<void()>> wakes;
  {
    std::lock_guard lock(mutex_);
    notify({MailboxEvent::Kind::deleted, 0, {}, nullptr}, wakes);
    messages_.clear();
  }
  run(wakes);
}

}  // namespace mailsim::mock
