// Command serialisation: atoms, quoting, literals (synchronizing and
// LITERAL+), mailbox names, lists and transcript redaction.
#include <gtest/gtest.h>

#include "client/imap/imap_command.hpp"

namespace mailsim::client::imap {
namespace {

TEST(ImapCommandBuilder, ChoosesAtomQuotedOrLiteral) {
  CommandBuilder b("A1", false);
  b.atom("LOGIN").astring("alice").astring("two words").astring("quote\"back\\slash").astring("").astring("NIL");
  const Command c = b.finish();
  ASSERT_EQ(c.segments.size(), 1u);
  EXPECT_EQ(c.segments[0], "A1 LOGIN alice \"two words\" \"quote\\\"back\\\\slash\" \"\" \"NIL\"\r\n");
  EXPECT_EQ(c.tag, "A1");
}

TEST(ImapCommandBuilder, SynchronizingLiteralSplitsTheCommand) {
  CommandBuilder b("A2", false);
  b.atom("LOGIN").astring("user").astring("p\xc3\xa4ss", true);
  const Command c = b.finish();
  ASSERT_EQ(c.segments.size(), 2u);
  EXPECT_EQ(c.segments[0], "A2 LOGIN user {5}\r\n");
  EXPECT_EQ(c.segments[1], "p\xc3\xa4ss\r\n");
  EXPECT_EQ(c.transcript, "A2 LOGIN user <redacted>");
}

TEST(ImapCommandBuilder, LiteralPlusKeepsOneSegment) {
  CommandBuilder b("A3", true);
  b.atom("APPEND").mailbox("INBOX").literal("line\r\nCR\rLF\n");
  const Command c = b.finish();
  ASSERT_EQ(c.segments.size(), 1u);
  EXPECT_EQ(c.segments[0], "A3 APPEND INBOX {12+}\r\nline\r\nCR\rLF\n\r\n");
  EXPECT_EQ(c.transcript, "A3 APPEND INBOX {12+}<12 bytes>");
}

TEST(ImapCommandBuilder, ControlCharactersAndLongStringsBecomeLiterals) {
  CommandBuilder b("A4", true);
  b.string(std::string("a\0b", 3)).string(std::string(2000, 'x')).string("line\nbreak");
  const Command c = b.finish();
  EXPECT_NE(c.segments[0].find("{3+}\r\n"), std::string::npos);
  EXPECT_NE(c.segments[0].find("{2000+}\r\n"), std::string::npos);
  EXPECT_NE(c.segments[0].find("{10+}\r\n"), std::string::npos);
}

TEST(ImapCommandBuilder, SecretQuotedStringIsRedacted) {
  CommandBuilder b("A5", false);
  b.atom("LOGIN").astring("bob").astring("pass word", true);
  const Command c = b.finish();
  EXPECT_EQ(c.segments[0], "A5 LOGIN bob \"pass word\"\r\n");
  EXPECT_EQ(c.transcript, "A5 LOGIN bob <redacted>");
}

TEST(ImapCommandBuilder, MailboxNamesAreEncodedAndInboxIsCanonical) {
  CommandBuilder b("A6", false);
  b.atom("COPY").mailbox("Entw\xc3\xbcrfe").mailbox("inbox").mailbox("Sent Items").mailbox("R&D");
  EXPECT_EQ(b.finish().segments[0], "A6 COPY Entw&APw-rfe INBOX \"Sent Items\" R&-D\r\n");
  CommandBuilder bad("A7", false);
  EXPECT_THROW(bad.mailbox("\xff"), std::invalid_argument);
}

TEST(ImapCommandBuilder, ListsHaveNoInnerPadding) {
  CommandBuilder b("A8", false);
  b.atom("STORE").atom("1").atom("+FLAGS").open_list().atom("\\Seen").atom("\\Flagged").close_list();
  b.open_list().close_list();
  EXPECT_EQ(b.finish().segments[0], "A8 STORE 1 +FLAGS (\\Seen \\Flagged) ()\r\n");
}

TEST(ImapCommandBuilder, AstringAtomRules) {
  EXPECT_TRUE(is_astring_atom("INBOX.Sent]"));
  EXPECT_FALSE(is_astring_atom("a b"));
  EXPECT_FALSE(is_astring_atom("a*"));
  EXPECT_FALSE(is_astring_atom("a%"));
  EXPECT_FALSE(is_astring_atom("(a"));
  EXPECT_FALSE(is_astring_atom("{1}"));
  EXPECT_FALSE(is_astring_atom("nil"));
  EXPECT_FALSE(is_astring_atom("caf\xc3\xa9"));
  EXPECT_TRUE(is_quotable("a \"b\""));
  EXPECT_FALSE(is_quotable("caf\xc3\xa9"));
}

}  // namespace
}  // namespace mailsim::client::imap
