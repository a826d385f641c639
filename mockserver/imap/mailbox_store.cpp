#include "mockserver/imap/mailbox_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace mailsim::mock {
namespace {

constexpr std::size_t kMaxNameBytes = 1024;

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

bool is_child_of(std::string_view name, std::string_view parent) {
  return name.size() > parent.size() + 1 && name.substr(0, parent.size()) == parent &&
         name[parent.size()] == kHierarchyDelimiter;
}

}  // namespace

MailboxStore::MailboxStore(std::uint32_t first_uid_validity) : next_uid_validity_(first_uid_validity) {}

std::string MailboxStore::normalize(std::string_view name) {
  if (iequal(name, "INBOX")) return "INBOX";
  if (name.size() > 6 && iequal(name.substr(0, 5), "INBOX") && name[5] == kHierarchyDelimiter)
    return "INBOX" + std::string(name.substr(5));
  return std::string(name);
}

bool MailboxStore::valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  if (name.front() == kHierarchyDelimiter || name.back() == kHierarchyDelimiter) return false;
  if (name.find("//") != std::string_view::npos) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '%' || c == '*') return false;
  }
  return true;
}

std::shared_ptr<Mailbox> MailboxStore::make_mailbox_locked() {
  return std::make_shared<Mailbox>(next_uid_validity_++);
}

MailboxStore::UserData* MailboxStore::user_locked(std::string_view user) {
  auto it = users_.find(user);
  return it == users_.end() ? nullptr : &it->second;
}

const MailboxStore::UserData* MailboxStore::user_locked(std::string_view user) const {
  auto it = users_.find(user);
  return it == users_.end() ? nullptr : &it->second;
}

void MailboxStore::add_user(std::string_view user) {
  std::lock_guard lock(mutex_);
  if (users_.find(user) != users_.end()) return;
  UserData& u = users_[std::string(user)];
  u.mailboxes["INBOX"] = make_mailbox_locked();
  u.subscriptions.insert("INBOX");
}

bool MailboxStore::has_user(std::string_view user) const {
  std::lock_guard lock(mutex_);
  return users_.find(user) != users_.end();
}

void MailboxStore::create_with_parents_locked(UserData& u, const std::string& name) {
  std::size_t pos = 0;
  while ((pos = name.find(kHierarchyDelimiter, pos)) != std::string::npos) {
    const std::string parent = name.substr(0, pos);
    if (!u.mailboxes.count(parent)) u.mailboxes[parent] = make_mailbox_locked();
    ++pos;
  }
  u.mailboxes[name] = make_mailbox_locked();
}

MailboxStore::Result MailboxStore::create(std::string_view user, std::string_view name) {
  if (!valid_name(name)) return Result::invalid_name;
  const std::string n = normalize(name);
  std::lock_guard lock(mutex_);
  UserData* u = user_locked(user);
  if (!u) return Result::nonexistent;
  if (u->mailboxes.count(n)) return Result::already_exists;
  create_with_parents_locked(*u, n);
  return Result::ok;
}

MailboxStore::Result MailboxStore::remove(std::string_view user, std::string_view name) {
  const std::string n = normalize(name);
  std::shared_ptr<Mailbox> gone;
  {
    std::lock_guard lock(mutex_);
    UserData* u = user_locked(user);
    if (!u) return Result::nonexistent;
    if (n == "INBOX") return Result::cannot;
    auto it = u->mailboxes.find(n);
    if (it == u->mailboxes.end()) return Result::nonexistent;
    for (const auto& [other, box] : u->mailboxes)
      if (is_child_of(other, n)) return Result::has_children;
    gone = it->second;
    u->mailboxes.erase(it);
  }
  gone->mark_deleted();
  return Result::ok;
}

MailboxStore::Result MailboxStore::rename(std::string_view user, std::string_view from, std::string_view to) {
  if (!valid_name(to)) return Result::invalid_name;
  const std::string src = normalize(from);
  const std::string dst = normalize(to);
  std::shared_ptr<Mailbox> inbox_source;
  std::shared_ptr<Mailbox> inbox_target;
  {
    std::lock_guard lock(mutex_);
    UserData* u = user_locked(user);
    if (!u) return Result::nonexistent;
    auto it = u->mailboxes.find(src);
    if (it == u->mailboxes.end()) return Result::nonexistent;
    if (u->mailboxes.count(dst)) return Result::already_exists;
    if (dst == "INBOX" || is_child_of(dst, src)) return Result::cannot;
    if (src == "INBOX") {
      // RFC 3501 6.3.5: INBOX's messages move to the new mailbox; INBOX stays.
      create_with_parents_locked(*u, dst);
      inbox_source = it->second;
      inbox_target = u->mailboxes[dst];
    } else {
      std::vector<std::pair<std::string, std::shared_ptr<Mailbox>>> moved;
      for (auto m = u->mailboxes.begin(); m != u->mailboxes.end();) {
        if (m->first == src || is_child_of(m->first, src)) {
          moved.emplace_back(dst + m->first.substr(src.size()), m->second);
          m = u->mailboxes.erase(m);
        } else {
          ++m;
        }
      }
      const std::size_t slash = dst.rfind(kHierarchyDelimiter);
      if (slash != std::string::npos) {
        const std::string parent = dst.substr(0, slash);
        if (!u->mailboxes.count(parent)) create_with_parents_locked(*u, parent);
      }
      for (auto& [name, box] : moved) u->mailboxes[name] = std::move(box);
    }
  }
  if (inbox_source) {
    inbox_target->append_all(inbox_source->snapshot());
    inbox_source->expunge([](const MessageRecord&) { return true; });
  }
  return Result::ok;
}

MailboxStore::Result MailboxStore::subscribe(std::string_view user, std::string_view name, bool subscribed) {
  if (!valid_name(name)) return Result::invalid_name;
  const std::string n = normalize(name);
  std::lock_guard lock(mutex_);
  UserData* u = user_locked(user);
  if (!u) return Result::nonexistent;
  if (subscribed) {
    if (!u->mailboxes.count(n)) return Result::nonexistent;
    u->subscriptions.insert(n);
  } else {
    if (!u->subscriptions.erase(n)) return Result::nonexistent;
  }
  return Result::ok;
}

std::shared_ptr<Mailbox> MailboxStore::find(std::string_view user, std::string_view name) const {
  const std::string n = normalize(name);
  std::lock_guard lock(mutex_);
  const UserData* u = user_locked(user);
  if (!u) return nullptr;
  auto it = u->mailboxes.find(n);
  return it == u->mailboxes.end() ? nullptr : it->second;
}

std::vector<MailboxStore::Listing> MailboxStore::list(std::string_view user) const {
  std::lock_guard lock(mutex_);
  std::vector<Listing> out;
  const UserData* u = user_locked(user);
  if (!u) return out;
  for (const auto& [name, box] : u->mailboxes) out.push_back({name, u->subscriptions.count(name) > 0});
  std::stable_partition(out.begin(), out.end(), [](const Listing& l) { return l.name == "INBOX"; });
  return out;
}

std::vector<std::string> MailboxStore::subscriptions(std::string_view user) const {
  std::lock_guard lock(mutex_);
  const UserData* u = user_locked(user);
  if (!u) return {};
  return {u->subscriptions.begin(), u->subscriptions.end()};
}

Uid MailboxStore::add_message(std::string_view user, std::string_view mailbox, std::string_view raw,
                              MessageFlags flags, InternalDate internal_date) {
  if (!valid_name(mailbox)) throw std::invalid_argument("invalid mailbox name: " + std::string(mailbox));
  add_user(user);
  const std::string n = normalize(mailbox);
  std::shared_ptr<Mailbox> box;
  {
    std::lock_guard lock(mutex_);
    UserData* u = user_locked(user);
    auto it = u->mailboxes.find(n);
    if (it == u->mailboxes.end()) {
      create_with_parents_locked(*u, n);
      u->subscriptions.insert(n);
      it = u->mailboxes.find(n);
    }
    box = it->second;
  }
  return box->append(make_stored_message(raw, internal_date), std::move(flags));
}

std::vector<MessageRecord> MailboxStore::messages(std::string_view user, std::string_view mailbox) const {
  auto box = find(user, mailbox);
  return box ? box->snapshot() : std::vector<MessageRecord>{};
}

}  // namespace mailsim::mock
