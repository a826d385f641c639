#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kSimpleMessage;
using testing::SessionHarness;

class MockImapSessionMailbox : public ::testing::Test {
 protected:
  void SetUp() override {
    h.store.add_user("alice");  // INBOX gets UIDVALIDITY 1
    h.start();
    h.login();
  }
  SessionHarness h;
};

TEST_F(MockImapSessionMailbox, SelectEmptyInbox) {
  EXPECT_EQ(h.send("a SELECT inbox\r\n"),
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n"
            "* 0 EXISTS\r\n"
            "* 0 RECENT\r\n"
            "* OK [UIDVALIDITY 1] UIDs valid\r\n"
            "* OK [UIDNEXT 1] Predicted next UID\r\n"
            "a OK [READ-WRITE] Select completed.\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::selected);
}

TEST_F(MockImapSessionMailbox, SelectShowsRecentUnseenAndKeywords) {
  h.store.add_message("alice", "INBOX", kSimpleMessage, {"\\Seen"});
  h.store.add_message("alice", "INBOX", kSimpleMessage, {"$Work"});
  EXPECT_EQ(h.send("a SELECT INBOX\r\n"),
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\r\n"
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted.\r\n"
            "* 2 EXISTS\r\n"
            "* 2 RECENT\r\n"
            "* OK [UNSEEN 2] First unseen.\r\n"
            "* OK [UIDVALIDITY 1] UIDs valid\r\n"
            "* OK [UIDNEXT 3] Predicted next UID\r\n"
            "a OK [READ-WRITE] Select completed.\r\n");
  // \Recent belongs to the first session that saw the messages.
  auto other = h.make();
  other->start(false);
  other->take_output();
  SessionHarness::send_to(*other, "x LOGIN alice secret\r\n");
  EXPECT_NE(SessionHarness::send_to(*other, "y SELECT INBOX\r\n").find("* 0 RECENT\r\n"), std::string::npos);
}

TEST_F(MockImapSessionMailbox, ExamineIsReadOnly) {
  h.store.add_message("alice", "INBOX", kSimpleMessage);
  EXPECT_EQ(h.send("a EXAMINE INBOX\r\n"),
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
            "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n"
            "* 1 EXISTS\r\n"
            "* 0 RECENT\r\n"
            "* OK [UNSEEN 1] First unseen.\r\n"
            "* OK [UIDVALIDITY 1] UIDs valid\r\n"
            "* OK [UIDNEXT 2] Predicted next UID\r\n"
            "a OK [READ-ONLY] Examine completed.\r\n");
  EXPECT_EQ(h.send("b STORE 1 +FLAGS (\\Seen)\r\n"), "b NO [READ-ONLY] Mailbox is read-only.\r\n");
  EXPECT_EQ(h.send("c FETCH 1 (BODY[TEXT])\r\n"),
            "* 1 FETCH (BODY[TEXT] {19}\r\nHi Bob,\r\nsee you.\r\n)\r\nc OK Fetch completed.\r\n");
  EXPECT_FALSE(h.store.messages("alice", "INBOX")[0].flags.has(SystemFlag::seen)) << "EXAMINE never sets \\Seen";
  EXPECT_EQ(h.send("d EXPUNGE\r\n"), "d NO [READ-ONLY] Mailbox is read-only.\r\n");
}

TEST_F(MockImapSessionMailbox, SelectMissingMailboxDeselects) {
  h.select();
  EXPECT_EQ(h.send("a SELECT Nope\r\n"), "a NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n");
  EXPECT_EQ(h.session->state(), ImapSession::State::authenticated);
}

TEST_F(MockImapSessionMailbox, CreateListDeleteRename) {
  EXPECT_EQ(h.send("a CREATE Work/2026/\r\n"), "a OK Create completed.\r\n");
  EXPECT_EQ(h.send("b CREATE work/2026\r\n"), "b OK Create completed.\r\n") << "names are case-sensitive";
  EXPECT_EQ(h.send("c CREATE Work\r\n"), "c NO [ALREADYEXISTS] Mailbox already exists\r\n");
  EXPECT_EQ(h.send("d CREATE inbox\r\n"), "d NO [ALREADYEXISTS] Mailbox already exists\r\n");
  EXPECT_EQ(h.send("e CREATE \"a%b\"\r\n"), "e NO [CANNOT] Invalid mailbox name\r\n");
  EXPECT_EQ(h.send("f CREATE \"My Stuff\"\r\n"), "f OK Create completed.\r\n");
  EXPECT_EQ(h.send("g LIST \"\" *\r\n"),
            "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
            "* LIST (\\HasNoChildren) \"/\" \"My Stuff\"\r\n"
            "* LIST (\\HasChildren) \"/\" Work\r\n"
            "* LIST (\\HasNoChildren) \"/\" Work/2026\r\n"
            "* LIST (\\HasChildren) \"/\" work\r\n"
            "* LIST (\\HasNoChildren) \"/\" work/2026\r\n"
            "g OK List completed.\r\n");
  EXPECT_EQ(h.send("h LIST \"\" %\r\n"),
            "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
            "* LIST (\\HasNoChildren) \"/\" \"My Stuff\"\r\n"
            "* LIST (\\HasChildren) \"/\" Work\r\n"
            "* LIST (\\HasChildren) \"/\" work\r\n"
            "h OK List completed.\r\n");
  EXPECT_EQ(h.send("i LIST Work/ %\r\n"), "* LIST (\\HasNoChildren) \"/\" Work/2026\r\ni OK List completed.\r\n");
  EXPECT_EQ(h.send("j LIST \"\" \"\"\r\n"), "* LIST (\\Noselect) \"/\" \"\"\r\nj OK List completed.\r\n");
  EXPECT_EQ(h.send("k LIST \"\" InBoX\r\n"), "* LIST (\\HasNoChildren) \"/\" INBOX\r\nk OK List completed.\r\n");
  EXPECT_EQ(h.send("l DELETE Work\r\n"), "l NO [CANNOT] Mailbox has children, delete them first\r\n");
  EXPECT_EQ(h.send("m DELETE INBOX\r\n"), "m NO [CANNOT] INBOX can't be deleted.\r\n");
  EXPECT_EQ(h.send("n DELETE Nope\r\n"), "n NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n");
  EXPECT_EQ(h.send("o RENAME Work Archive/Work\r\n"), "o OK Rename completed.\r\n");
  EXPECT_EQ(h.send("p LIST Archive *\r\n"),
            "* LIST (\\HasChildren) \"/\" Archive\r\n"
            "* LIST (\\HasChildren) \"/\" Archive/Work\r\n"
            "* LIST (\\HasNoChildren) \"/\" Archive/Work/2026\r\n"
            "p OK List completed.\r\n");
  EXPECT_EQ(h.send("q RENAME Nope X\r\n"), "q NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n");
  EXPECT_EQ(h.send("r RENAME work \"My Stuff\"\r\n"), "r NO [ALREADYEXISTS] Mailbox already exists\r\n");
  EXPECT_EQ(h.send("s DELETE Archive/Work/2026\r\n"), "s OK Delete completed.\r\n");
  EXPECT_EQ(h.send("t LIST \"\" Archive/*\r\n"), "* LIST (\\HasNoChildren) \"/\" Archive/Work\r\nt OK List completed.\r\n");
}

TEST_F(MockImapSessionMailbox, RenameInboxMovesMessages) {
  h.store.add_message("alice", "INBOX", kSimpleMessage);
  EXPECT_EQ(h.send("a RENAME INBOX Old\r\n"), "a OK Rename completed.\r\n");
  EXPECT_EQ(h.store.messages("alice", "INBOX").size(), 0u);
  EXPECT_EQ(h.store.messages("alice", "Old").size(), 1u);
}

TEST_F(MockImapSessionMailbox, SubscribeAndLsub) {
  h.send("a CREATE Lists\r\n");
  EXPECT_EQ(h.send("b LSUB \"\" *\r\n"), "* LSUB (\\HasNoChildren) \"/\" INBOX\r\nb OK Lsub completed.\r\n");
  EXPECT_EQ(h.send("c SUBSCRIBE Lists\r\n"), "c OK Subscribe completed.\r\n");
  EXPECT_EQ(h.send("d SUBSCRIBE Nope\r\n"), "d NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n");
  EXPECT_EQ(h.send("e LSUB \"\" L*\r\n"), "* LSUB (\\HasNoChildren) \"/\" Lists\r\ne OK Lsub completed.\r\n");
  EXPECT_EQ(h.send("f UNSUBSCRIBE Lists\r\n"), "f OK Unsubscribe completed.\r\n");
  EXPECT_EQ(h.send("g LSUB \"\" L*\r\n"), "g OK Lsub completed.\r\n");
}

TEST_F(MockImapSessionMailbox, Status) {
  h.store.add_message("alice", "INBOX", kSimpleMessage, {"\\Seen"});
  h.store.add_message("alice", "INBOX", kSimpleMessage);
  EXPECT_EQ(h.send("a STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)\r\n"),
            "* STATUS INBOX (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY 1 UNSEEN 1)\r\n"
            "a OK Status completed.\r\n");
  EXPECT_EQ(h.send("b STATUS Nope (MESSAGES)\r\n"), "b NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n");
}

TEST_F(MockImapSessionMailbox, AppendSynchronizingAndNonSynchronizing) {
  const std::string msg(kSimpleMessage);
  const std::string n = std::to_string(msg.size());
  EXPECT_EQ(h.send("a APPEND INBOX (\\Seen $Todo) \"14-Feb-2026 08:30:00 -0500\" {" + n + "}\r\n"),
            "+ Ready for literal data\r\n");
  EXPECT_EQ(h.send(msg.substr(0, 10)), "");
  EXPECT_EQ(h.send(msg.substr(10) + "\r\n"), "a OK [APPENDUID 1 1] Append completed.\r\n");
  EXPECT_EQ(h.send("b APPEND INBOX {" + n + "+}\r\n" + msg + "\r\n"), "b OK [APPENDUID 1 2] Append completed.\r\n");
  const auto messages = h.store.messages("alice", "INBOX");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].message->raw(), msg);
  EXPECT_TRUE(messages[0].flags.has("$todo"));
  EXPECT_TRUE(messages[0].flags.has(SystemFlag::seen));
  EXPECT_EQ(format_internal_date(messages[0].message->internal_date()), "14-Feb-2026 08:30:00 -0500");
  EXPECT_EQ(format_internal_date(messages[1].message->internal_date()), "01-Jan-2026 00:00:00 +0000")
      << "the injected clock gives the default date";
  EXPECT_EQ(h.send("c APPEND Nope {1+}\r\nx\r\n"), "c NO [TRYCREATE] Mailbox doesn't exist: Nope\r\n");
  EXPECT_EQ(h.send("d APPEND INBOX {0}\r\n"), "+ Ready for literal data\r\n");
  EXPECT_EQ(h.send("\r\n"), "d NO Can't save a zero byte message.\r\n");
}

TEST_F(MockImapSessionMailbox, AppendToSelectedMailboxAnnouncesExists) {
  h.select();
  EXPECT_EQ(h.send("a APPEND INBOX {3+}\r\nabc\r\n"),
            "* 1 EXISTS\r\n* 1 RECENT\r\na OK [APPENDUID 1 1] Append completed.\r\n");
}

TEST_F(MockImapSessionMailbox, EightBitAndNulBytesSurviveAppendAndFetch) {
  std::string msg = "Subject: bin\r\n\r\n";
  for (int c = 0; c < 256; ++c)
    if (c != '\r' && c != '\n') msg += static_cast<char>(c);
  msg += "\r\n";
  EXPECT_EQ(h.send("a APPEND INBOX {" + std::to_string(msg.size()) + "+}\r\n" + msg + "\r\n"),
            "a OK [APPENDUID 1 1] Append completed.\r\n");
  h.select();
  EXPECT_EQ(h.send("b FETCH 1 BODY.PEEK[]\r\n"),
            "* 1 FETCH (BODY[] {" + std::to_string(msg.size()) + "}\r\n" + msg + ")\r\nb OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionMailbox, ListPatternLimit) {
  EXPECT_EQ(h.send("a LIST \"\" " + std::string(2000, '%') + "\r\n"), "a NO [LIMIT] Pattern too long\r\n");
}

TEST_F(MockImapSessionMailbox, BareLfMessagesAreStoredWithCrlf) {
  EXPECT_EQ(h.send("a APPEND INBOX {9+}\r\nA: b\n\nhi\n\r\n"), "a OK [APPENDUID 1 1] Append completed.\r\n");
  EXPECT_EQ(h.store.messages("alice", "INBOX")[0].message->raw(), "A: b\r\n\r\nhi\r\n");
}

}  // namespace
}  // namespace mailsim::mock
