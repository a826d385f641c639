// The client's move() without the MOVE extension: COPY, \Deleted, then UID
// EXPUNGE (UIDPLUS) or a plain EXPUNGE. The mock always speaks MOVE and
// UIDPLUS, so a hook hides them: it strips them from every capability list
// and refuses the commands, as a server without them would.
#include <algorithm>
#include <set>

#include "imap_fixture.hpp"

namespace mailsim::imap_integration {
namespace {

using client::imap::StoreMode;

class WithoutExtensions : public mock::ImapHooks {
 public:
  explicit WithoutExtensions(std::set<std::string> hidden) : hidden_(std::move(hidden)) {}

  mock::HookAction on_command(const mock::ImapHookContext&, const mock::imap::ImapCommand& c) override {
    const bool move = c.verb == mock::imap::Verb::move;
    const bool uid_expunge = c.verb == mock::imap::Verb::expunge && c.uid;
    if ((move && hidden_.contains("MOVE")) || (uid_expunge && hidden_.contains("UIDPLUS")))
      return {mock::HookAction::Kind::reply, "BAD Unknown command " + c.name};
    return {};
  }

  // Only the first line of a response can hold a capability list; message
  // literals further on are left alone.
  void before_response(const mock::ImapHookContext&, std::string& response) override {
    const std::size_t list = response.substr(0, response.find("\r\n")).find("CAPABILITY ");
    if (list == std::string::npos) return;
    for (const auto& name : hidden_) {
      const std::string token = " " + name;
      const std::size_t eol = response.find("\r\n");
      for (std::size_t at = response.find(token, list); at < eol; at = response.find(token, at)) {
        const char after = response[at + token.size()];
        if (after == ' ' || after == ']' || after == '\r') {
          response.erase(at, token.size());
          break;
        }
        at += token.size();
      }
    }
  }

 private:
  std::set<std::string> hidden_;
};

class MoveFallback : public ::testing::Test {
 protected:
  void start(std::set<std::string> hidden) {
    auto config = server_config(mock::Security::none);
    config.hooks = std::make_shared<WithoutExtensions>(std::move(hidden));
    server_ = std::make_unique<mock::ImapServer>(config);
    server_->start();
    client_ = std::make_unique<ImapClient>(client_options(*server_, client::Security::none));
    ASSERT_FALSE(client_->open());
    ASSERT_TRUE(client_->select("INBOX").ok());
    // Another message already marked for deletion shows what each expunge takes.
    ASSERT_FALSE(client_->store_flags({3}, {"\\Deleted"}, StoreMode::add));
  }

  std::vector<mock::Uid> uids(const std::string& mailbox) const {
    std::vector<mock::Uid> out;
    for (const auto& record : server_->store().messages(kUser, mailbox)) out.push_back(record.uid);
    return out;
  }

  std::unique_ptr<mock::ImapServer> server_;
  std::unique_ptr<ImapClient> client_;
};

TEST_F(MoveFallback, WithUidplusCopiesMarksAndExpungesOnlyTheMovedMessage) {
  start({"MOVE"});
  EXPECT_FALSE(client_->session().capabilities.has("MOVE"));
  EXPECT_TRUE(client_->session().capabilities.has("UIDPLUS"));
  const auto moved = client_->move({2}, "Archive");
  ASSERT_TRUE(moved.ok()) << why(moved);
  ASSERT_TRUE(moved.value());
  EXPECT_EQ(moved.value()->source_uids, "2");
  EXPECT_EQ(moved.value()->destination_uids, "1");
  EXPECT_EQ(uids("INBOX"), (std::vector<mock::Uid>{1, 3}));  // UID 3 stays: UID EXPUNGE names only 2
  ASSERT_EQ(server_->store().messages(kUser, "Archive").size(), 1u);
  const auto archived = server_->store().messages(kUser, "Archive")[0];
  EXPECT_EQ(archived.message->raw(), kMeeting);
  EXPECT_FALSE(archived.flags.has(mock::SystemFlag::deleted));  // copied before it was marked
  EXPECT_EQ(client_->selected()->exists, 2u);

  const std::string server_side = all_transcripts(*server_);
  EXPECT_NE(server_side.find(" UID COPY 2 Archive"), std::string::npos) << server_side;
  EXPECT_NE(server_side.find(" UID STORE 2 +FLAGS.SILENT (\\Deleted)"), std::string::npos) << server_side;
  EXPECT_NE(server_side.find(" UID EXPUNGE 2"), std::string::npos) << server_side;
  EXPECT_EQ(server_side.find(" MOVE "), std::string::npos) << server_side;
}

TEST_F(MoveFallback, WithoutUidplusFallsBackToExpungeWhichTakesEveryDeletedMessage) {
  start({"MOVE", "UIDPLUS"});
  EXPECT_FALSE(client_->session().capabilities.has("MOVE"));
  EXPECT_FALSE(client_->session().capabilities.has("UIDPLUS"));
  const auto moved = client_->move({2}, "Archive");
  ASSERT_TRUE(moved.ok()) << why(moved);
  // The documented cost of a server without UIDPLUS: EXPUNGE also removes
  // UID 3, which was already marked \Deleted.
  EXPECT_EQ(uids("INBOX"), (std::vector<mock::Uid>{1}));
  ASSERT_EQ(server_->store().messages(kUser, "Archive").size(), 1u);
  EXPECT_EQ(server_->store().messages(kUser, "Archive")[0].message->raw(), kMeeting);
  EXPECT_EQ(client_->selected()->exists, 1u);

  const std::string server_side = all_transcripts(*server_);
  EXPECT_NE(server_side.find(" UID COPY 2 Archive"), std::string::npos) << server_side;
  EXPECT_EQ(server_side.find(" UID EXPUNGE"), std::string::npos) << server_side;
  EXPECT_NE(server_side.find(" EXPUNGE"), std::string::npos) << server_side;
}

TEST_F(MoveFallback, DeleteWithoutUidplusAlsoUsesExpunge) {
  start({"UIDPLUS"});
  ASSERT_FALSE(client_->delete_messages({1}));
  EXPECT_EQ(uids("INBOX"), (std::vector<mock::Uid>{2}));
  EXPECT_EQ(all_transcripts(*server_).find(" UID EXPUNGE"), std::string::npos);
}

TEST_F(MoveFallback, MissingTargetFailsBeforeAnythingIsMarked) {
  start({"MOVE"});
  const auto moved = client_->move({2}, "Nowhere");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.failure().reason, Reason::mailbox_not_found) << why(moved);
  EXPECT_EQ(uids("INBOX"), (std::vector<mock::Uid>{1, 2, 3}));
  const auto flags = server_->store().messages(kUser, "INBOX")[1].flags;
  EXPECT_FALSE(flags.has(mock::SystemFlag::deleted));
}

}  // namespace
}  // namespace mailsim::imap_integration
