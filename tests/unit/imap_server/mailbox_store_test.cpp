#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <thread>

#include "mockserver/imap/mailbox_seed.hpp"
#include "mockserver/imap/mailbox_store.hpp"

namespace mailsim::mock {
namespace {

constexpr std::string_view kMessage = "Subject: s\r\nDate: Tue, 1 Jul 2003 10:52:37 +0200\r\n\r\nbody\r\n";

TEST(MockImapMailboxStore, UsersInboxAndNames) {
  MailboxStore store(7);
  EXPECT_FALSE(store.has_user("alice"));
  store.add_user("alice");
  store.add_user("alice");
  EXPECT_TRUE(store.has_user("alice"));
  ASSERT_NE(store.find("alice", "inbox"), nullptr);
  EXPECT_EQ(store.find("alice", "InBox"), store.find("alice", "INBOX"));
  EXPECT_EQ(store.find("alice", "INBOX")->uid_validity(), 7u);
  EXPECT_EQ(store.find("bob", "INBOX"), nullptr);
  EXPECT_EQ(MailboxStore::normalize("inbox/Sub"), "INBOX/Sub");
  EXPECT_EQ(MailboxStore::normalize("inboxes"), "inboxes");
  EXPECT_FALSE(MailboxStore::valid_name(""));
  EXPECT_FALSE(MailboxStore::valid_name("/a"));
  EXPECT_FALSE(MailboxStore::valid_name("a//b"));
  EXPECT_FALSE(MailboxStore::valid_name("a*"));
  EXPECT_FALSE(MailboxStore::valid_name("a\r\nb"));
  EXPECT_FALSE(MailboxStore::valid_name(std::string(1025, 'a')));
  EXPECT_TRUE(MailboxStore::valid_name("Sent Items/2026"));
}

TEST(MockImapMailboxStore, CreateRemoveRenameResults) {
  MailboxStore store;
  store.add_user("u");
  using R = MailboxStore::Result;
  EXPECT_EQ(store.create("nobody", "x"), R::nonexistent);
  EXPECT_EQ(store.create("u", "a/b"), R::ok);
  EXPECT_NE(store.find("u", "a"), nullptr) << "parents are made";
  EXPECT_EQ(store.create("u", "a"), R::already_exists);
  EXPECT_EQ(store.remove("u", "a"), R::has_children);
  EXPECT_EQ(store.remove("u", "INBOX"), R::cannot);
  EXPECT_EQ(store.rename("u", "a", "a/b/c"), R::cannot);
  EXPECT_EQ(store.rename("u", "a", "INBOX"), R::already_exists);
  EXPECT_EQ(store.rename("u", "a", "x/y"), R::ok);
  EXPECT_NE(store.find("u", "x/y/b"), nullptr);
  EXPECT_EQ(store.find("u", "a/b"), nullptr);
  const auto old_validity = store.find("u", "x/y/b")->uid_validity();
  EXPECT_EQ(store.remove("u", "x/y/b"), R::ok);
  EXPECT_EQ(store.create("u", "x/y/b"), R::ok);
  EXPECT_NE(store.find("u", "x/y/b")->uid_validity(), old_validity) << "a new mailbox gets a new UIDVALIDITY";
  EXPECT_EQ(store.subscribe("u", "nope", true), R::nonexistent);
  EXPECT_EQ(store.subscribe("u", "x", true), R::ok);
  EXPECT_EQ(store.subscriptions("u"), (std::vector<std::string>{"INBOX", "x"}));
  const auto listing = store.list("u");
  ASSERT_FALSE(listing.empty());
  EXPECT_EQ(listing.front().name, "INBOX");
  EXPECT_THROW(store.add_message("u", "bad*name", kMessage), std::invalid_argument);
}

TEST(MockImapMailbox, UidsAreStableAndIncreasing) {
  MailboxStore store;
  EXPECT_EQ(store.add_message("u", "INBOX", kMessage), 1u);
  EXPECT_EQ(store.add_message("u", "INBOX", kMessage), 2u);
  auto box = store.find("u", "INBOX");
  box->expunge([](const MessageRecord& m) { return m.uid == 2; });
  EXPECT_EQ(store.add_message("u", "INBOX", kMessage), 3u) << "UIDs are never reused";
  EXPECT_EQ(box->uid_next(), 4u);
  const auto counts = box->counts();
  EXPECT_EQ(counts.messages, 2u);
  EXPECT_EQ(counts.unseen, 2u);
}

TEST(MockImapMailbox, WatchesGetEveryChangeInOrder) {
  MailboxStore store;
  store.add_message("u", "INBOX", kMessage);
  auto box = store.find("u", "INBOX");
  int wakes = 0;
  auto opened = box->open([&] { ++wakes; }, true);
  EXPECT_EQ(opened.messages.size(), 1u);
  EXPECT_EQ(opened.recent, (std::vector<Uid>{1}));
  const int origin = 0;
  box->append(make_stored_message(kMessage, {}), {}, &origin);
  box->change_flags({1, 2, 99}, FlagChange::add, {"\\Seen"});
  box->change_flags({1}, FlagChange::add, {"\\Seen"});  // no change, no event
  box->expunge([](const MessageRecord& m) { return m.uid == 1; });
  const auto events = opened.watch->drain();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, MailboxEvent::Kind::appended);
  EXPECT_EQ(events[0].origin, &origin);
  EXPECT_EQ(events[1].kind, MailboxEvent::Kind::flags);
  EXPECT_EQ(events[2].uid, 2u);
  EXPECT_EQ(events[3].kind, MailboxEvent::Kind::expunged);
  EXPECT_EQ(wakes, 4);
  box->close(opened.watch);
  box->append(make_stored_message(kMessage, {}), {});
  EXPECT_TRUE(opened.watch->drain().empty());
}

TEST(MockImapMailbox, RecentGoesToOneSessionOnly) {
  MailboxStore store;
  store.add_message("u", "INBOX", kMessage);
  auto box = store.find("u", "INBOX");
  auto first = box->open({}, true);
  auto second = box->open({}, true);
  EXPECT_EQ(first.recent.size(), 1u);
  EXPECT_TRUE(second.recent.empty());
  const Uid uid = box->append(make_stored_message(kMessage, {}), {});
  EXPECT_TRUE(box->claim_recent(uid));
  EXPECT_FALSE(box->claim_recent(uid));
}

TEST(MockImapMailbox, ConcurrentAppendsKeepUidsUnique) {
  MailboxStore store;
  store.add_user("u");
  auto box = store.find("u", "INBOX");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) box->append(make_stored_message(kMessage, {}), {});
    });
  for (auto& t : threads) t.join();
  const auto all = box->snapshot();
  ASSERT_EQ(all.size(), 800u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].uid, i + 1);
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "imap_seed_XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path write(const std::string& name, std::string_view content) const {
    auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(MockImapMailboxSeed, EmlFileUsesDateHeader) {
  TempDir dir;
  MailboxStore store;
  const auto file = dir.write("one.eml", "Subject: s\nDate: Tue, 1 Jul 2003 10:52:37 +0200\n\nbody\n");
  EXPECT_EQ(seed_eml_file(store, "u", "INBOX", file, {}), 1u);
  const auto m = store.messages("u", "INBOX").at(0);
  EXPECT_EQ(m.message->raw(), kMessage) << "stored with CRLF";
  EXPECT_EQ(format_internal_date(m.message->internal_date()), "01-Jul-2003 10:52:37 +0200");
  EXPECT_THROW(seed_eml_file(store, "u", "INBOX", dir.path() / "missing.eml", {}), std::runtime_error);
}

TEST(MockImapMailboxSeed, MboxSplitsAndUnescapes) {
  TempDir dir;
  MailboxStore store;
  const auto file = dir.write("box.mbox",
                              "From alice@example.com Thu Jan  1 10:00:00 2026\n"
                              "Subject: one\n\n>From the start\n>>From kept once\n\n"
                              "From bob@example.com Fri Jan  2 11:00:00 2026\n"
                              "Subject: two\n\nsecond\n");
  EXPECT_EQ(seed_mbox_file(store, "u", "Archive", file, {}), 2u);
  const auto all = store.messages("u", "Archive");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].message->raw(), "Subject: one\r\n\r\nFrom the start\r\n>From kept once\r\n");
  EXPECT_EQ(all[1].message->raw(), "Subject: two\r\n\r\nsecond\r\n");
  EXPECT_EQ(format_internal_date(all[0].message->internal_date()), "01-Jan-2026 10:00:00 +0000");
  EXPECT_EQ(store.subscriptions("u"), (std::vector<std::string>{"Archive", "INBOX"}));
  const auto bad = dir.write("bad.mbox", "Subject: not mbox\n\n");
  EXPECT_THROW(seed_mbox_file(store, "u", "INBOX", bad, {}), std::runtime_error);
}

TEST(MockImapMailboxSeed, DirectoryInNameOrderSkippingHiddenFiles) {
  TempDir dir;
  dir.write("b.eml", "Subject: b\n\nb\n");
  dir.write("a.eml", "Subject: a\n\na\n");
  dir.write(".hidden", "Subject: h\n\nh\n");
  dir.write("c.mbox", "From x Thu Jan  1 10:00:00 2026\nSubject: c1\n\nc\n\nFrom y Thu Jan  1 10:00:00 2026\nSubject: c2\n\nc\n");
  std::filesystem::create_directory(dir.path() / "sub");
  MailboxStore store;
  const InternalDate fallback{1700000000, 0};
  EXPECT_EQ(seed_directory(store, "u", "INBOX", dir.path(), fallback), 4u);
  const auto all = store.messages("u", "INBOX");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_TRUE(all[0].message->raw().starts_with("Subject: a"));
  EXPECT_TRUE(all[3].message->raw().starts_with("Subject: c2"));
  EXPECT_EQ(all[0].message->internal_date(), fallback) << "no Date: header";
  EXPECT_THROW(seed_directory(store, "u", "INBOX", dir.path() / "nope", fallback), std::runtime_error);
}

}  // namespace
}  // namespace mailsim::mock
