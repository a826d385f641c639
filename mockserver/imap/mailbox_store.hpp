#pragma once
// Mailboxes of every user of a mock IMAP server (and whoever else delivers
// into them, e.g. the SMTP mock or a test). Names use "/" as hierarchy
// delimiter; "INBOX" is case-insensitive and always exists for a user.
// Thread-safe; the Mailbox objects it hands out stay valid after a DELETE
// (sessions holding one are told through their watch).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/imap/mailbox.hpp"

namespace mailsim::mock {

inline constexpr char kHierarchyDelimiter = '/';

class MailboxStore {
 public:
  // UIDVALIDITY of the first mailbox made; each new mailbox gets the next.
  explicit MailboxStore(std::uint32_t first_uid_validity = 1);

  // Idempotent; makes the user's INBOX (subscribed).
  void add_user(std::string_view user);
  bool has_user(std::string_view user) const;

  enum class Result { ok, nonexistent, already_exists, invalid_name, has_children, cannot };

  // CREATE also makes missing parents ("a/b/c" makes "a" and "a/b").
  Result create(std::string_view user, std::string_view name);
  // INBOX cannot be deleted; a mailbox with children cannot either.
  Result remove(std::string_view user, std::string_view name);
  // Children move along; renaming INBOX moves its messages and leaves it empty.
  Result rename(std::string_view user, std::string_view from, std::string_view to);
  Result subscribe(std::string_view user, std::string_view name, bool subscribed);

  // nullptr when the user or mailbox does not exist.
  std::shared_ptr<Mailbox> find(std::string_view user, std::string_view name) const;

  struct Listing {
    std::string name;
    bool subscribed = false;
  };
  // Existing mailboxes, sorted, INBOX first.
  std::vector<Listing> list(std::string_view user) const;
  // Subscribed names, which may name mailboxes that no longer exist.
  std::vector<std::string> subscriptions(std::string_view user) const;

  // Seeding and inspection: the user and mailbox (subscribed) are made when
  // missing. Returns the new UID; throws std::invalid_argument for an
  // invalid mailbox name.
  Uid add_message(std::string_view user, std::string_view mailbox, std::string_view raw,
                  MessageFlags flags = {}, InternalDate internal_date = {});
  std::vector<MessageRecord> messages(std::string_view user, std::string_view mailbox) const;

  // "inbox" -> "INBOX", "Inbox/x" -> "INBOX/x"; other names unchanged.
  static std::string normalize(std::string_view name);
  // Non-empty, no wildcards or control bytes, no empty hierarchy levels.
  static bool valid_name(std::string_view name);

 private:
  struct UserData {
    std::map<std::string, std::shared_ptr<Mailbox>> mailboxes;
    std::set<std::string> subscriptions;
  };
  UserData* user_locked(std::string_view user);
  const UserData* user_locked(std::string_view user) const;
  std::shared_ptr<Mailbox> make_mailbox_locked();
  void create_with_parents_locked(UserData& u, const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, UserData, std::less<>> users_;
  std::uint32_t next_uid_validity_;
};

}  // namespace mailsim::mock
