#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kSimpleMessage;
using testing::SessionHarness;

// INBOX with UIDs 1..4 (UIDVALIDITY 1), Archive empty (UIDVALIDITY 2).
class MockImapSessionMessages : public ::testing::Test {
 protected:
  void SetUp() override {
    h.store.add_user("alice");
    for (int i = 0; i < 4; ++i) h.store.add_message("alice", "INBOX", kSimpleMessage, {"\\Seen"});
    h.store.create("alice", "Archive");
    h.start();
    h.login();
    h.send("s SELECT INBOX\r\n");
    h.send("s SELECT INBOX\r\n");  // \Recent went to the first SELECT: no noise in FLAGS
  }
  SessionHarness h;
};

TEST_F(MockImapSessionMessages, StoreForms) {
  EXPECT_EQ(h.send("a STORE 1 +FLAGS (\\Flagged $Work)\r\n"),
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\r\n"
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted.\r\n"
            "* 1 FETCH (FLAGS (\\Flagged \\Seen $Work))\r\n"
            "a OK Store completed.\r\n");
  EXPECT_EQ(h.send("b STORE 1:2 -FLAGS (\\Seen)\r\n"),
            "* 1 FETCH (FLAGS (\\Flagged $Work))\r\n* 2 FETCH (FLAGS ())\r\nb OK Store completed.\r\n");
  EXPECT_EQ(h.send("c STORE 2 FLAGS.SILENT (\\Answered)\r\n"), "c OK Store completed.\r\n");
  EXPECT_EQ(h.send("d UID STORE 2:3 FLAGS \\Draft\r\n"),
            "* 2 FETCH (UID 2 FLAGS (\\Draft))\r\n* 3 FETCH (UID 3 FLAGS (\\Draft))\r\nd OK Store completed.\r\n");
  EXPECT_EQ(h.send("e UID STORE 99 +FLAGS (\\Seen)\r\n"), "e OK Store completed.\r\n");
  EXPECT_EQ(h.send("f STORE 9 +FLAGS (\\Seen)\r\n"), "f BAD Error in IMAP command STORE: Invalid messageset\r\n");
  const auto messages = h.store.messages("alice", "INBOX");
  EXPECT_TRUE(messages[0].flags.has("$work"));
  EXPECT_EQ(messages[1].flags.to_string(), "\\Draft");
}

TEST_F(MockImapSessionMessages, ExpungeReportsShiftingSequenceNumbers) {
  h.send("a STORE 2:3 +FLAGS.SILENT (\\Deleted)\r\n");
  EXPECT_EQ(h.send("b EXPUNGE\r\n"), "* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nb OK Expunge completed.\r\n");
  EXPECT_EQ(h.send("c UID SEARCH ALL\r\n"), "* SEARCH 1 4\r\nc OK Search completed.\r\n");
  EXPECT_EQ(h.send("d FETCH 2 UID\r\n"), "* 2 FETCH (UID 4)\r\nd OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionMessages, UidExpungeOnlyTouchesTheGivenUids) {
  h.send("a STORE 1:4 +FLAGS.SILENT (\\Deleted)\r\n");
  EXPECT_EQ(h.send("b UID EXPUNGE 2,4:9\r\n"), "* 2 EXPUNGE\r\n* 3 EXPUNGE\r\nb OK Expunge completed.\r\n");
  EXPECT_EQ(h.send("c UID SEARCH ALL\r\n"), "* SEARCH 1 3\r\nc OK Search completed.\r\n");
}

TEST_F(MockImapSessionMessages, CopyGivesCopyUid) {
  h.send("a STORE 2 +FLAGS.SILENT (\\Flagged)\r\n");
  EXPECT_EQ(h.send("b COPY 2:3 Archive\r\n"), "b OK [COPYUID 2 2:3 1:2] Copy completed.\r\n");
  EXPECT_EQ(h.send("c UID COPY 1,4 Archive\r\n"), "c OK [COPYUID 2 1,4 3:4] Copy completed.\r\n");
  EXPECT_EQ(h.send("d UID COPY 50:60 Archive\r\n"), "d OK No messages found.\r\n");
  EXPECT_EQ(h.send("e COPY 1 Nowhere\r\n"), "e NO [TRYCREATE] Mailbox doesn't exist: Nowhere\r\n");
  const auto archived = h.store.messages("alice", "Archive");
  ASSERT_EQ(archived.size(), 4u);
  EXPECT_TRUE(archived[0].flags.has(SystemFlag::flagged)) << "flags travel with the copy";
  EXPECT_EQ(archived[0].message, h.store.messages("alice", "INBOX")[1].message) << "bytes are shared, not copied";
  EXPECT_EQ(h.store.messages("alice", "INBOX").size(), 4u);
}

TEST_F(MockImapSessionMessages, MoveGivesCopyUidThenExpunges) {
  EXPECT_EQ(h.send("a MOVE 2:3 Archive\r\n"),
            "* OK [COPYUID 2 2:3 1:2] Moved UIDs.\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\na OK Move completed.\r\n");
  EXPECT_EQ(h.send("b UID MOVE 4 Archive\r\n"),
            "* OK [COPYUID 2 4 3] Moved UIDs.\r\n* 2 EXPUNGE\r\nb OK Move completed.\r\n");
  EXPECT_EQ(h.store.messages("alice", "INBOX").size(), 1u);
  EXPECT_EQ(h.store.messages("alice", "Archive").size(), 3u);
}

TEST_F(MockImapSessionMessages, MoveIntoTheSelectedMailbox) {
  EXPECT_EQ(h.send("a MOVE 1 INBOX\r\n"),
            "* OK [COPYUID 1 1 5] Moved UIDs.\r\n* 5 EXISTS\r\n* 1 RECENT\r\n* 1 EXPUNGE\r\na OK Move completed.\r\n");
}

TEST_F(MockImapSessionMessages, CloseExpungesSilentlyUnselectDoesNot) {
  h.send("a STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
  EXPECT_EQ(h.send("b UNSELECT\r\n"), "b OK Unselect completed.\r\n");
  EXPECT_EQ(h.store.messages("alice", "INBOX").size(), 4u);
  h.send("c SELECT INBOX\r\n");
  EXPECT_EQ(h.send("d CLOSE\r\n"), "d OK Close completed.\r\n");
  EXPECT_EQ(h.store.messages("alice", "INBOX").size(), 3u);
  EXPECT_EQ(h.session->state(), ImapSession::State::authenticated);
  EXPECT_EQ(h.send("e CHECK\r\n"), "e BAD No mailbox selected.\r\n");
}

TEST_F(MockImapSessionMessages, CheckAndNoop) {
  EXPECT_EQ(h.send("a CHECK\r\n"), "a OK Check completed.\r\n");
}

}  // namespace
}  // namespace mailsim::mock
