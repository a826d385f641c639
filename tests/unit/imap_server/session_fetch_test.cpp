#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kMultipartMessage;
using testing::kSimpleMessage;
using testing::SessionHarness;

class MockImapSessionFetch : public ::testing::Test {
 protected:
  void SetUp() override {
    h.store.add_message("alice", "INBOX", kSimpleMessage, {}, InternalDate{1767607200, 60});  // 2026-01-05 10:00Z
    h.store.add_message("alice", "INBOX", kMultipartMessage, {"\\Flagged"});
    h.start();
    h.login();
    h.select();
  }
  SessionHarness h;
};

TEST_F(MockImapSessionFetch, FlagsUidSizeDate) {
  EXPECT_EQ(h.send("a FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE)\r\n"),
            "* 1 FETCH (FLAGS (\\Recent) UID 1 RFC822.SIZE 165 INTERNALDATE \"05-Jan-2026 11:00:00 +0100\")\r\n"
            "* 2 FETCH (FLAGS (\\Flagged \\Recent) UID 2 RFC822.SIZE 560 INTERNALDATE \"01-Jan-1970 00:00:00 +0000\")\r\n"
            "a OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, UidFetchAddsUidAndIgnoresMissing) {
  EXPECT_EQ(h.send("a UID FETCH 2:9 FLAGS\r\n"), "* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\na OK Fetch completed.\r\n");
  EXPECT_EQ(h.send("b UID FETCH 7 FLAGS\r\n"), "b OK Fetch completed.\r\n");
  EXPECT_EQ(h.send("c UID FETCH 5:* UID\r\n"), "* 2 FETCH (UID 2)\r\nc OK Fetch completed.\r\n")
      << "n:* always includes the last message";
}

TEST_F(MockImapSessionFetch, SequenceOutOfRangeIsBad) {
  EXPECT_EQ(h.send("a FETCH 3 FLAGS\r\n"), "a BAD Error in IMAP command FETCH: Invalid messageset\r\n");
  EXPECT_EQ(h.send("b FETCH 2:1 UID\r\n"), "* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\nb OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, EnvelopeAndStructureOfSimpleMessage) {
  EXPECT_EQ(h.send("a FETCH 1 (ENVELOPE BODYSTRUCTURE BODY)\r\n"),
            "* 1 FETCH (ENVELOPE (\"Mon, 05 Jan 2026 10:00:00 +0000\" \"Hello\" "
            "((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Alice\" NIL \"alice\" \"example.com\")) "
            "((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Bob\" NIL \"bob\" \"example.com\")) NIL NIL NIL "
            "\"<1@example.com>\") "
            "BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 19 2 NIL NIL NIL NIL) "
            "BODY (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 19 2))\r\n"
            "a OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, EnvelopeAndStructureOfMultipart) {
  EXPECT_EQ(h.send("a FETCH 2 (ENVELOPE BODYSTRUCTURE)\r\n"),
            "* 2 FETCH (ENVELOPE (\"Tue, 06 Jan 2026 12:30:00 +0100\" \"=?UTF-8?Q?Caf=C3=A9_report?=\" "
            "((\"Carol\" NIL \"carol\" \"example.org\")) ((\"Carol\" NIL \"carol\" \"example.org\")) "
            "((\"Carol\" NIL \"carol\" \"example.org\")) "
            "((NIL NIL \"alice\" \"example.com\")(\"Dan D.\" NIL \"dan\" \"example.org\")) "
            "((NIL NIL \"team\" NIL)(NIL NIL \"eve\" \"example.org\")(NIL NIL NIL NIL)) NIL NIL NIL) "
            "BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 32 0 NIL NIL NIL NIL)"
            "(\"application\" \"pdf\" (\"name\" \"r.pdf\") NIL NIL \"base64\" 12 NIL (\"attachment\" (\"filename\" "
            "\"r.pdf\")) NIL NIL) \"mixed\" (\"boundary\" \"XYZ\") NIL NIL NIL))\r\n"
            "a OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, SectionsByteExact) {
  EXPECT_EQ(h.send("a FETCH 2 (BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[HEADER.FIELDS (Subject from)] BODY.PEEK[3])\r\n"),
            "* 2 FETCH (BODY[1] {32}\r\nNumbers are in: caf=C3=A9 budget "
            "BODY[2.MIME] {133}\r\nContent-Type: application/pdf; name=\"r.pdf\"\r\n"
            "Content-Disposition: attachment; filename=\"r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n "
            "BODY[HEADER.FIELDS (SUBJECT FROM)] {74}\r\nFrom: Carol <carol@example.org>\r\n"
            "Subject: =?UTF-8?Q?Caf=C3=A9_report?=\r\n\r\n "
            "BODY[3] {0}\r\n)\r\n"
            "a OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, PartialFetches) {
  EXPECT_EQ(h.send("a FETCH 1 (BODY.PEEK[TEXT]<3.4> BODY.PEEK[]<160.100> BODY.PEEK[]<500.10>)\r\n"),
            "* 1 FETCH (BODY[TEXT]<3> {4}\r\nBob, BODY[]<160> {5}\r\nou.\r\n BODY[]<500> {0}\r\n)\r\n"
            "a OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, Rfc822Items) {
  const std::string msg(kSimpleMessage);
  const std::string header = msg.substr(0, msg.find("\r\n\r\n") + 4);
  EXPECT_EQ(h.send("a FETCH 1 (RFC822.HEADER)\r\n"),
            "* 1 FETCH (RFC822.HEADER {" + std::to_string(header.size()) + "}\r\n" + header + ")\r\na OK Fetch completed.\r\n");
  EXPECT_FALSE(h.store.messages("alice", "INBOX")[0].flags.has(SystemFlag::seen));
  EXPECT_EQ(h.send("b FETCH 1 RFC822\r\n"),
            "* 1 FETCH (RFC822 {165}\r\n" + msg + " FLAGS (\\Seen \\Recent))\r\nb OK Fetch completed.\r\n");
  EXPECT_EQ(h.send("c FETCH 1 (RFC822.TEXT FLAGS)\r\n"),
            "* 1 FETCH (RFC822.TEXT {19}\r\nHi Bob,\r\nsee you.\r\n FLAGS (\\Seen \\Recent))\r\nc OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, NonPeekBodySetsSeenOnce) {
  EXPECT_EQ(h.send("a FETCH 1 (BODY.PEEK[TEXT])\r\n"),
            "* 1 FETCH (BODY[TEXT] {19}\r\nHi Bob,\r\nsee you.\r\n)\r\na OK Fetch completed.\r\n");
  EXPECT_FALSE(h.store.messages("alice", "INBOX")[0].flags.has(SystemFlag::seen));
  EXPECT_EQ(h.send("b FETCH 1 (BODY[TEXT])\r\n"),
            "* 1 FETCH (BODY[TEXT] {19}\r\nHi Bob,\r\nsee you.\r\n FLAGS (\\Seen \\Recent))\r\nb OK Fetch completed.\r\n");
  EXPECT_TRUE(h.store.messages("alice", "INBOX")[0].flags.has(SystemFlag::seen));
  EXPECT_EQ(h.send("c FETCH 1 (BODY[TEXT])\r\n"),
            "* 1 FETCH (BODY[TEXT] {19}\r\nHi Bob,\r\nsee you.\r\n)\r\nc OK Fetch completed.\r\n");
}

TEST_F(MockImapSessionFetch, MacrosExpand) {
  const std::string out = h.send("a FETCH 1 FAST\r\n");
  EXPECT_EQ(out, "* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"05-Jan-2026 11:00:00 +0100\" RFC822.SIZE 165)\r\n"
                 "a OK Fetch completed.\r\n");
  EXPECT_NE(h.send("b FETCH 1 FULL\r\n").find("ENVELOPE (\"Mon, 05 Jan 2026 10:00:00 +0000\" \"Hello\""), std::string::npos);
}

TEST_F(MockImapSessionFetch, QuotingFollowsDovecot) {
  h.store.add_message("alice", "INBOX",
                      "Subject: say \"hi\" \\ there\r\nFrom: \"J\xC3\xB6rg\" <j@x.org>\r\n\r\nx\r\n");
  const std::string out = h.send("a FETCH 3 ENVELOPE\r\n");
  EXPECT_NE(out.find("(NIL {16}\r\nsay \"hi\" \\ there (("), std::string::npos) << out;
  EXPECT_NE(out.find("(({5}\r\nJ\xC3\xB6rg NIL \"j\" \"x.org\"))"), std::string::npos) << out;
}

}  // namespace
}  // namespace mailsim::mock

namespace mailsim::mock {
namespace {

TEST(MockImapSessionBackpressure, PipelinedFetchesPauseUntilOutputIsTaken) {
  SessionHarness h;
  const std::string big = "Subject: big\r\n\r\n" + std::string(100 * 1024, 'x') + "\r\n";
  h.store.add_message("alice", "INBOX", big);
  h.start();
  h.login();
  h.select();
  std::string pipelined;
  for (int i = 0; i < 5; ++i) pipelined += "f" + std::to_string(i) + " FETCH 1 BODY.PEEK[]\r\n";
  std::string out = h.send(pipelined);
  EXPECT_TRUE(h.session->input_paused());
  EXPECT_NE(out.find("f2 OK"), std::string::npos);
  EXPECT_EQ(out.find("f3 OK"), std::string::npos) << "answers wait until the output is taken";
  h.session->resume();
  out = h.session->take_output();
  EXPECT_FALSE(h.session->input_paused());
  EXPECT_NE(out.find("f3 OK"), std::string::npos);
  EXPECT_NE(out.find("f4 OK"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::mock
