#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kMultipartMessage;
using testing::kSimpleMessage;
using testing::SessionHarness;

// UID 1: simple (Seen, internal 2026-01-05), UID 2: multipart (Flagged,
// internal 2026-01-06 23:30 -0100 = 7 Jan UTC), UID 3: bare message with a
// custom header (Answered Deleted $Work, internal 2025-12-31, no Date:).
class MockImapSessionSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    h.store.add_message("alice", "INBOX", kSimpleMessage, {"\\Seen"}, InternalDate{1767607200, 0});
    h.store.add_message("alice", "INBOX", kMultipartMessage, {"\\Flagged"}, InternalDate{1767746400, -60});
    h.store.add_message("alice", "INBOX",
                        "X-Ticket: ABC-123\r\nSubject: no date here\r\nBcc: secret@example.net\r\n\r\nPlain body "
                        "with Needle.\r\n",
                        {"\\Answered", "\\Deleted", "$Work"}, InternalDate{1767139200, 0});
    h.start();
    h.login();
    h.select();
    h.select();  // \Recent stays with the first SELECT
  }
  std::string search(std::string_view keys) {
    const std::string out = h.send("s SEARCH " + std::string(keys) + "\r\n");
    const auto end = out.find("\r\n");
    EXPECT_EQ(out.substr(end + 2), "s OK Search completed.\r\n") << keys;
    return out.substr(0, end);
  }
  SessionHarness h;
};

TEST_F(MockImapSessionSearch, FlagKeys) {
  EXPECT_EQ(search("ALL"), "* SEARCH 1 2 3");
  EXPECT_EQ(search("SEEN"), "* SEARCH 1");
  EXPECT_EQ(search("UNSEEN"), "* SEARCH 2 3");
  EXPECT_EQ(search("FLAGGED"), "* SEARCH 2");
  EXPECT_EQ(search("UNFLAGGED"), "* SEARCH 1 3");
  EXPECT_EQ(search("ANSWERED"), "* SEARCH 3");
  EXPECT_EQ(search("UNANSWERED"), "* SEARCH 1 2");
  EXPECT_EQ(search("DELETED"), "* SEARCH 3");
  EXPECT_EQ(search("UNDELETED"), "* SEARCH 1 2");
  EXPECT_EQ(search("DRAFT"), "* SEARCH");
  EXPECT_EQ(search("UNDRAFT"), "* SEARCH 1 2 3");
  EXPECT_EQ(search("KEYWORD $work"), "* SEARCH 3");
  EXPECT_EQ(search("UNKEYWORD $Work"), "* SEARCH 1 2");
  EXPECT_EQ(search("RECENT"), "* SEARCH");
  EXPECT_EQ(search("NEW"), "* SEARCH");
  EXPECT_EQ(search("OLD"), "* SEARCH 1 2 3");
}

TEST_F(MockImapSessionSearch, RecentAndNewForTheFirstSession) {
  h.store.add_message("alice", "INBOX", kSimpleMessage);
  EXPECT_EQ(h.send("s SEARCH RECENT\r\n"), "* 4 EXISTS\r\n* 1 RECENT\r\n* SEARCH 4\r\ns OK Search completed.\r\n");
  EXPECT_EQ(search("NEW"), "* SEARCH 4");
  EXPECT_EQ(search("OLD"), "* SEARCH 1 2 3");
}

TEST_F(MockImapSessionSearch, HeaderKeys) {
  EXPECT_EQ(search("FROM alice"), "* SEARCH 1");
  EXPECT_EQ(search("FROM \"CAROL@example\""), "* SEARCH 2");
  EXPECT_EQ(search("TO dan"), "* SEARCH 2");
  EXPECT_EQ(search("CC eve"), "* SEARCH 2");
  EXPECT_EQ(search("BCC secret"), "* SEARCH 3");
  EXPECT_EQ(search("SUBJECT hello"), "* SEARCH 1");
  EXPECT_EQ(search("CHARSET UTF-8 SUBJECT \"caf\xC3\xA9\""), "* SEARCH 2") << "RFC 2047 decoded";
  EXPECT_EQ(search("HEADER X-Ticket abc-1"), "* SEARCH 3");
  EXPECT_EQ(search("HEADER x-ticket \"\""), "* SEARCH 3");
  EXPECT_EQ(search("HEADER Message-ID \"\""), "* SEARCH 1");
}

TEST_F(MockImapSessionSearch, BodyAndText) {
  EXPECT_EQ(search("BODY needle"), "* SEARCH 3");
  EXPECT_EQ(search("CHARSET UTF-8 BODY \"caf\xC3\xA9 budget\""), "* SEARCH 2") << "quoted-printable decoded";
  EXPECT_EQ(search("BODY JVBERi0"), "* SEARCH") << "attachments are not text";
  EXPECT_EQ(search("BODY alice"), "* SEARCH");
  EXPECT_EQ(search("TEXT alice"), "* SEARCH 1 2") << "TEXT covers headers too";
  EXPECT_EQ(search("TEXT needle"), "* SEARCH 3");
}

TEST_F(MockImapSessionSearch, DateKeys) {
  EXPECT_EQ(search("ON 5-Jan-2026"), "* SEARCH 1");
  EXPECT_EQ(search("ON 6-Jan-2026"), "* SEARCH 2") << "the internal date's own zone counts";
  EXPECT_EQ(search("BEFORE 5-Jan-2026"), "* SEARCH 3");
  EXPECT_EQ(search("SINCE 5-Jan-2026"), "* SEARCH 1 2");
  EXPECT_EQ(search("SENTON 5-Jan-2026"), "* SEARCH 1");
  EXPECT_EQ(search("SENTSINCE 6-Jan-2026"), "* SEARCH 2");
  EXPECT_EQ(search("SENTBEFORE 1-Jan-2026"), "* SEARCH 3") << "no Date: falls back to the internal date";
}

TEST_F(MockImapSessionSearch, SizeSetAndLogic) {
  EXPECT_EQ(search("LARGER 165"), "* SEARCH 2");
  EXPECT_EQ(search("LARGER 164"), "* SEARCH 1 2");
  EXPECT_EQ(search("SMALLER 165"), "* SEARCH 3");
  EXPECT_EQ(search("2:*"), "* SEARCH 2 3");
  EXPECT_EQ(search("UID 1,3"), "* SEARCH 1 3");
  EXPECT_EQ(search("NOT SEEN"), "* SEARCH 2 3");
  EXPECT_EQ(search("OR SEEN FLAGGED"), "* SEARCH 1 2");
  EXPECT_EQ(search("OR (SEEN FROM bob) (FLAGGED NOT DELETED)"), "* SEARCH 2");
  EXPECT_EQ(search("UNDELETED 2:3 NOT FROM zed"), "* SEARCH 2");
  EXPECT_EQ(search("*"), "* SEARCH 3");
}

TEST_F(MockImapSessionSearch, UidSearchAnswersUids) {
  h.send("a STORE 1 +FLAGS.SILENT (\\Deleted)\r\nb UID EXPUNGE 1\r\n");
  EXPECT_EQ(h.send("c UID SEARCH ALL\r\n"), "* SEARCH 2 3\r\nc OK Search completed.\r\n");
  EXPECT_EQ(h.send("d SEARCH ALL\r\n"), "* SEARCH 1 2\r\nd OK Search completed.\r\n");
  EXPECT_EQ(h.send("e UID SEARCH UID 3:*\r\n"), "* SEARCH 3\r\ne OK Search completed.\r\n");
}

TEST_F(MockImapSessionSearch, Errors) {
  EXPECT_EQ(h.send("a SEARCH CHARSET KOI8-R ALL\r\n"), "a NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset\r\n");
  EXPECT_EQ(h.send("b SEARCH BOGUS\r\n"), "b BAD Error in IMAP command SEARCH: Unknown search key BOGUS\r\n");
  EXPECT_EQ(h.send("c SEARCH (SEEN\r\n"), "c BAD Error in IMAP command SEARCH: Expected ')'\r\n");
}

TEST_F(MockImapSessionSearch, SearchStringAsLiteral) {
  EXPECT_EQ(h.send("a SEARCH BODY {6}\r\n"), "+ Ready for literal data\r\n");
  EXPECT_EQ(h.send("Needle\r\n"), "* SEARCH 3\r\na OK Search completed.\r\n");
}

}  // namespace
}  // namespace mailsim::mock
