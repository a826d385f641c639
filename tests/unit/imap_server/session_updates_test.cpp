#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kSimpleMessage;
using testing::SessionHarness;

// Two sessions of alice on INBOX (UIDs 1..3), driven in turns.
class MockImapSessionUpdates : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) h.store.add_message("alice", "INBOX", kSimpleMessage, {"\\Seen"});
    h.start();
    h.login();
    h.select();
    other = h.make();
    other->start(false);
    other->take_output();
    SessionHarness::send_to(*other, "o1 LOGIN alice secret\r\n");
    SessionHarness::send_to(*other, "o2 SELECT INBOX\r\n");
    h.wakes = 0;
  }
  std::string other_send(std::string_view bytes) { return SessionHarness::send_to(*other, bytes); }
  SessionHarness h;
  std::unique_ptr<ImapSession> other;
};

TEST_F(MockImapSessionUpdates, ChangesArriveWithTheNextCommand) {
  other_send("x STORE 2 +FLAGS (\\Flagged)\r\n");
  EXPECT_GT(h.wakes.load(), 0) << "the watching session was woken";
  other_send("y APPEND INBOX {3+}\r\nabc\r\n");
  // The appending session saw the new message first, so it is \Recent there.
  EXPECT_EQ(h.send("a NOOP\r\n"),
            "* 2 FETCH (UID 2 FLAGS (\\Flagged \\Seen \\Recent))\r\n* 4 EXISTS\r\na OK NOOP completed.\r\n");
  EXPECT_EQ(h.send("b NOOP\r\n"), "b OK NOOP completed.\r\n") << "each change is told once";
}

TEST_F(MockImapSessionUpdates, OwnStoreIsNotEchoedTwice) {
  EXPECT_EQ(h.send("a STORE 1 +FLAGS (\\Answered)\r\n"),
            "* 1 FETCH (FLAGS (\\Answered \\Seen \\Recent))\r\na OK Store completed.\r\n");
  EXPECT_EQ(other_send("b NOOP\r\n"), "* 1 FETCH (UID 1 FLAGS (\\Answered \\Seen))\r\nb OK NOOP completed.\r\n");
}

TEST_F(MockImapSessionUpdates, ExpungeWaitsDuringFetchStoreAndSearch) {
  other_send("x STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
  other_send("y EXPUNGE\r\n");
  // Sequence numbers must not shift under a non-UID FETCH/STORE/SEARCH.
  EXPECT_EQ(h.send("a FETCH 1 UID\r\n"),
            "* 1 FETCH (UID 1 FLAGS (\\Deleted \\Seen \\Recent))\r\n* 1 FETCH (UID 1)\r\na OK Fetch completed.\r\n");
  EXPECT_EQ(h.send("b SEARCH ALL\r\n"), "* SEARCH 1 2 3\r\nb OK Search completed.\r\n");
  EXPECT_EQ(h.send("c STORE 3 +FLAGS.SILENT (\\Flagged)\r\n"), "c OK Store completed.\r\n");
  // A UID command may shift them.
  EXPECT_EQ(h.send("d UID SEARCH ALL\r\n"), "* 1 EXPUNGE\r\n* SEARCH 2 3\r\nd OK Search completed.\r\n");
  EXPECT_EQ(h.send("e FETCH 1 UID\r\n"), "* 1 FETCH (UID 2)\r\ne OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionUpdates, FetchOfAMessageExpungedElsewhereStillAnswers) {
  other_send("x STORE 2 +FLAGS.SILENT (\\Deleted)\r\n");
  other_send("y EXPUNGE\r\n");
  const std::string out = h.send("a FETCH 2 (BODY.PEEK[TEXT])\r\n");
  EXPECT_NE(out.find("* 2 FETCH (BODY[TEXT] {19}\r\nHi Bob,\r\nsee you.\r\n)\r\n"), std::string::npos) << out;
  EXPECT_EQ(h.send("b NOOP\r\n"), "* 2 EXPUNGE\r\nb OK NOOP completed.\r\n");
}

TEST_F(MockImapSessionUpdates, IdleDeliversAtOnceAndDoneEndsIt) {
  EXPECT_EQ(h.send("i IDLE\r\n"), "+ idling\r\n");
  EXPECT_TRUE(h.session->idling());
  other_send("x STORE 3 -FLAGS (\\Seen)\r\n");
  h.session->deliver_updates();
  EXPECT_EQ(h.session->take_output(), "* 3 FETCH (UID 3 FLAGS (\\Recent))\r\n");
  h.store.add_message("alice", "INBOX", kSimpleMessage);
  h.session->deliver_updates();
  EXPECT_EQ(h.session->take_output(), "* 4 EXISTS\r\n* 4 RECENT\r\n");
  other_send("y STORE 1 +FLAGS.SILENT (\\Deleted)\r\ny2 EXPUNGE\r\n");
  h.session->deliver_updates();
  EXPECT_EQ(h.session->take_output(), "* 1 FETCH (UID 1 FLAGS (\\Deleted \\Seen \\Recent))\r\n* 1 EXPUNGE\r\n")
      << ".SILENT only quiets the session that stored";
  EXPECT_EQ(h.send("done\r\n"), "i OK Idle completed.\r\n");
  EXPECT_FALSE(h.session->idling());
}

TEST_F(MockImapSessionUpdates, IdleWithoutDoneIsBad) {
  h.send("i IDLE\r\n");
  EXPECT_EQ(h.send("a NOOP\r\n"), "i BAD Expected DONE.\r\n");
  EXPECT_EQ(h.send("b NOOP\r\n"), "b OK NOOP completed.\r\n");
}

TEST_F(MockImapSessionUpdates, DeletingTheSelectedMailboxDisconnectsOthers) {
  h.store.create("alice", "Tmp");
  h.send("a SELECT Tmp\r\n");
  other_send("x DELETE Tmp\r\n");
  EXPECT_EQ(h.send("b NOOP\r\n"), "* BYE Selected mailbox was deleted, have to disconnect.\r\nb OK NOOP completed.\r\n");
  EXPECT_TRUE(h.session->wants_close());
}

TEST_F(MockImapSessionUpdates, DeletingOwnSelectedMailboxJustDeselects) {
  h.store.create("alice", "Tmp");
  h.send("a SELECT Tmp\r\n");
  EXPECT_EQ(h.send("b DELETE Tmp\r\n"), "b OK Delete completed.\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::authenticated);
}

TEST_F(MockImapSessionUpdates, SessionsOfOtherUsersAreIsolated) {
  auto bob = h.make();
  bob->start(false);
  bob->take_output();
  SessionHarness::send_to(*bob, "b1 LOGIN bob builder\r\n");
  EXPECT_NE(SessionHarness::send_to(*bob, "b2 SELECT INBOX\r\n").find("* 0 EXISTS"), std::string::npos);
  SessionHarness::send_to(*bob, "b3 APPEND INBOX {3+}\r\nabc\r\n");
  EXPECT_EQ(h.send("a NOOP\r\n"), "a OK NOOP completed.\r\n");
}

}  // namespace
}  // namespace mailsim::mock
