#include <gtest/gtest.h>

#include "client/smtp/dot_stuffing.hpp"
#include "client/smtp/message_needs.hpp"

namespace mailsim::client::smtp {
namespace {

TEST(DotStuffing, PlainMessageGetsOnlyTheEndMark) {
  EXPECT_EQ(dot_stuff("Subject: x\r\n\r\nhello\r\n"), "Subject: x\r\n\r\nhello\r\n.\r\n");
}

TEST(DotStuffing, LinesStartingWithADotGetAnotherDot) {
  EXPECT_EQ(dot_stuff(".first\r\nmid.dle\r\n.\r\n..two\r\n"), "..first\r\nmid.dle\r\n..\r\n...two\r\n.\r\n");
}

TEST(DotStuffing, MissingFinalLineEndIsAdded) {
  EXPECT_EQ(dot_stuff("body"), "body\r\n.\r\n");
  EXPECT_EQ(dot_stuff("body\r\n."), "body\r\n..\r\n.\r\n");
}

TEST(DotStuffing, FinalBareLfGetsItsCr) { EXPECT_EQ(dot_stuff("a\r\nb\n"), "a\r\nb\r\n.\r\n"); }

TEST(DotStuffing, FinalCrAloneGetsAFullCrlf) { EXPECT_EQ(dot_stuff("a\r"), "a\r\r\n.\r\n"); }

TEST(DotStuffing, LoneLfMessage) { EXPECT_EQ(dot_stuff("\n"), "\r\n.\r\n"); }

TEST(DotStuffing, EmptyMessageIsJustTheEndMark) { EXPECT_EQ(dot_stuff(""), ".\r\n"); }

TEST(DotStuffing, InnerBareLfIsKeptAsGiven) { EXPECT_EQ(dot_stuff("a\nb\r\n"), "a\nb\r\n.\r\n"); }

TEST(DotStuffing, DotAfterABareLfIsStuffedSoNoServerSeesAnEnd) {
  // "\n.\r\n" and "\n.\n" would end DATA early on a server that accepts bare LF.
  EXPECT_EQ(dot_stuff("a\n.\r\nMAIL FROM:<x@y>\r\n"), "a\n..\r\nMAIL FROM:<x@y>\r\n.\r\n");
  EXPECT_EQ(dot_stuff("a\n.\nb\r\n"), "a\n..\nb\r\n.\r\n");
}

TEST(DotStuffing, DotAfterABareCrIsNotALineStart) { EXPECT_EQ(dot_stuff("a\r.b\r\n"), "a\r.b\r\n.\r\n"); }

TEST(DotStuffing, OutputNeverContainsTheEndMarkBeforeTheEnd) {
  const std::string nasty = ".\r\n\r\n.\r\n.\n\n.\n.";
  const std::string out = dot_stuff(nasty);
  EXPECT_EQ(out.find("\r\n.\r\n"), out.size() - 5);
  EXPECT_EQ(out.find("\n.\n"), std::string::npos);
  EXPECT_EQ(out.find("\n.\r\n"), out.size() - 4);
  EXPECT_NE(out.rfind(".\r\n", 0), 0u);
}

TEST(MessageNeeds, AsciiNeedsNothing) {
  const auto needs = message_needs("a@b", {"c@d"}, "Subject: hi\r\n\r\nhello\r\n");
  EXPECT_FALSE(needs.eight_bit);
  EXPECT_FALSE(needs.smtputf8);
}

TEST(MessageNeeds, EightBitBodyNeeds8BitMimeOnly) {
  const auto needs = message_needs("a@b", {"c@d"}, "Subject: hi\r\n\r\ncaf\xC3\xA9\r\n");
  EXPECT_TRUE(needs.eight_bit);
  EXPECT_FALSE(needs.smtputf8);
}

TEST(MessageNeeds, Utf8HeaderNeedsSmtputf8) {
  const auto needs = message_needs("a@b", {"c@d"}, "Subject: caf\xC3\xA9\r\n\r\nhello\r\n");
  EXPECT_TRUE(needs.eight_bit);
  EXPECT_TRUE(needs.smtputf8);
}

TEST(MessageNeeds, Utf8HeaderWithBareLfMessage) {
  EXPECT_TRUE(message_needs("a@b", {"c@d"}, "Subject: \xC3\xA9\n\nbody\n").smtputf8);
  EXPECT_FALSE(message_needs("a@b", {"c@d"}, "Subject: e\n\n\xC3\xA9\n").smtputf8);
}

TEST(MessageNeeds, Utf8EnvelopeNeedsSmtputf8) {
  EXPECT_TRUE(message_needs("j\xC3\xB6rg@b", {"c@d"}, "x\r\n").smtputf8);
  EXPECT_TRUE(message_needs("a@b", {"c@d", "\xE7\x94\xA8@d"}, "x\r\n").smtputf8);
}

}  // namespace
}  // namespace mailsim::client::smtp
