#pragma once
// One IMAP mailbox: messages by UID with their flags, UIDVALIDITY/UIDNEXT,
// and the sessions watching it. Thread-safe. Every change is queued, in
// order, to every watch (the sessions that have it selected), whose wake
// callback then runs outside the lock so the session can send EXISTS,
// EXPUNGE or FETCH FLAGS.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mockserver/imap/message_flags.hpp"
#include "mockserver/imap/stored_message.hpp"

namespace mailsim::mock {

using Uid = std::uint32_t;

struct MessageRecord {
  Uid uid = 0;
  MessageFlags flags;
  std::shared_ptr<const StoredMessage> message;
};

struct MailboxEvent {
  enum class Kind { appended, expunged, flags, deleted };
  Kind kind = Kind::appended;
  Uid uid = 0;
  MessageFlags flags;            // Kind::flags: the new flags
  const void* origin = nullptr;  // who made the change (a session), or null
};

// A session's queue of changes to the mailbox it has selected.
class MailboxWatch {
 public:
  explicit MailboxWatch(std::function<void()> wake) : wake_(std::move(wake)) {}
  // Everything queued so far, oldest first.
  std::deque<MailboxEvent> drain();
  // True when the session fell so far behind that events were dropped; it
  // must then disconnect, as its view can no longer be kept in step.
  bool overflowed() const;

 private:
  friend class Mailbox;
  static constexpr std::size_t kMaxPending = 100'000;
  bool push(const MailboxEvent& e);  // false when newly overflowed
  mutable std::mutex mutex_;
  std::deque<MailboxEvent> events_;
  bool overflowed_ = false;
  std::function<void()> wake_;
};

enum class FlagChange { replace, add, remove };

class Mailbox {
 public:
  explicit Mailbox(std::uint32_t uid_validity) : uid_validity_(uid_validity) {}

  std::uint32_t uid_validity() const;
  std::uint32_t uid_next() const;

  struct Counts {
    std::uint32_t messages = 0, recent = 0, unseen = 0, uid_next = 1, uid_validity = 0;
  };
  Counts counts() const;

  // SELECT/EXAMINE: the messages as they are now plus a watch that receives
  // every later change, taken atomically. With claim_recent (read-write
  // SELECT) this session becomes the one that sees the not yet seen
  // messages as \Recent.
  struct Opened {
    std::shared_ptr<MailboxWatch> watch;
    std::vector<MessageRecord> messages;
    std::vector<Uid> recent;
    std::vector<std::string> keywords;
    std::uint32_t uid_next = 1;
  };
  Opened open(std::function<void()> wake, bool claim_recent);
  void close(const std::shared_ptr<MailboxWatch>& watch);
  // For an appended message seen by a session: true when this session is
  // the first to see it (it shows as \Recent there only).
  bool claim_recent(Uid uid);

  Uid append(std::shared_ptr<const StoredMessage> message, MessageFlags flags, const void* origin = nullptr);
  // Adds several messages with consecutive UIDs (COPY, MOVE).
  std::vector<Uid> append_all(const std::vector<MessageRecord>& records, const void* origin = nullptr);

  std::optional<MessageRecord> get(Uid uid) const;
  std::vector<MessageRecord> snapshot() const;
  // Keywords ever used here, for the FLAGS response.
  std::vector<std::string> keywords() const;

  // Changes flags of the given UIDs that still exist; returns their records
  // after the change (unchanged ones included). Watches other than origin
  // get a flags event for each message whose flags changed.
  std::vector<MessageRecord> change_flags(const std::vector<Uid>& uids, FlagChange change,
                                          const MessageFlags& flags, const void* origin = nullptr);
  // Removes the messages `which` selects; returns their UIDs, ascending.
  std::vector<Uid> expunge(const std::function<bool(const MessageRecord&)>& which,
                           const void* origin = nullptr);
  // Tells the watches the mailbox is gone (DELETE).
  void mark_deleted();

 private:
  void notify(const MailboxEvent& e, std::vector<std::function<void()>>& wakes);
  void note_keywords(const MessageFlags& flags);
  static void run(std::vector<std::function<void()>>& wakes);

  mutable std::mutex mutex_;
  std::uint32_t uid_validity_;
  std::uint32_t uid_next_ = 1;
  Uid recent_floor_ = 1;  // UIDs at or above are not yet \Recent anywhere
  std::vector<MessageRecord> messages_;  // ascending UID
  std::vector<std::string> keywords_;
  std::vector<std::weak_ptr<MailboxWatch>> watches_;
};

}  // namespace mailsim::mock
