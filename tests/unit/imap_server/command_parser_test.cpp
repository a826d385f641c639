#include <gtest/gtest.h>

#include "mockserver/imap/imap_command_parser.hpp"

namespace mailsim::mock::imap {
namespace {

using Status = ImapCommandParser::Status;

ImapCommand parse_ok(std::string_view text) {
  auto r = parse_command(text);
  EXPECT_TRUE(r.command) << text << " -> " << r.error;
  return r.command ? *r.command : ImapCommand{};
}

std::string parse_error(std::string_view text) {
  auto r = parse_command(text);
  EXPECT_FALSE(r.command) << text;
  return r.error;
}

TEST(MockImapCommandParse, SimpleCommandsAndTag) {
  auto c = parse_ok("a001 capability");
  EXPECT_EQ(c.tag, "a001");
  EXPECT_EQ(c.verb, Verb::capability);
  EXPECT_EQ(c.name, "CAPABILITY");
  EXPECT_EQ(parse_ok("x NOOP").verb, Verb::noop);
  EXPECT_EQ(parse_ok("x Logout").verb, Verb::logout);
}

TEST(MockImapCommandParse, UnknownCommandAndBadTagAreErrors) {
  auto r = parse_command("t1 FROBNICATE");
  EXPECT_FALSE(r.command);
  EXPECT_EQ(r.tag, "t1");
  EXPECT_NE(r.error.find("Unknown command"), std::string::npos);
  r = parse_command("+ NOOP");
  EXPECT_FALSE(r.command);
  EXPECT_EQ(r.tag, "*");
  EXPECT_NE(parse_error("t1").find("missing command"), std::string::npos);
  EXPECT_NE(parse_error("t1 UID LOGIN a b").find("Unknown command"), std::string::npos);
}

TEST(MockImapCommandParse, LoginWithAtomsQuotedAndEscapes) {
  auto c = parse_ok(R"(a LOGIN "joe \"q\" x" "pa\\ss")");
  const auto& a = std::get<LoginArgs>(c.args);
  EXPECT_EQ(a.user, "joe \"q\" x");
  EXPECT_EQ(a.password, "pa\\ss");
  EXPECT_FALSE(parse_command(R"(a LOGIN "bad\escape" x)").command);
  EXPECT_FALSE(parse_command(R"(a LOGIN "unterminated x)").command);
  EXPECT_FALSE(parse_command("a LOGIN onlyuser").command);
  EXPECT_NE(parse_error("a LOGIN u p extra").find("Extra arguments"), std::string::npos);
  EXPECT_FALSE(parse_command("a LOGIN  u p").command) << "two spaces";
}

TEST(MockImapCommandParse, LiteralsInlineInAssembledText) {
  auto c = parse_ok("a LOGIN {3}\r\nbob {4+}\r\n\xC3\xA9x\x01");
  const auto& a = std::get<LoginArgs>(c.args);
  EXPECT_EQ(a.user, "bob");
  EXPECT_EQ(a.password, "\xC3\xA9x\x01");
}

TEST(MockImapCommandParse, Authenticate) {
  auto c = parse_ok("a AUTHENTICATE plain dGVzdAB0ZXN0AHRlc3Q=");
  const auto& a = std::get<AuthenticateArgs>(c.args);
  EXPECT_EQ(a.mechanism, "PLAIN");
  EXPECT_EQ(a.initial_response, "dGVzdAB0ZXN0AHRlc3Q=");
  EXPECT_FALSE(std::get<AuthenticateArgs>(parse_ok("a AUTHENTICATE XOAUTH2").args).initial_response);
  EXPECT_EQ(std::get<AuthenticateArgs>(parse_ok("a AUTHENTICATE PLAIN =").args).initial_response, "=");
}

TEST(MockImapCommandParse, SequenceSets) {
  auto c = parse_ok("a FETCH 1,3:5,9:*,* FLAGS");
  const auto& set = std::get<FetchArgs>(c.args).set;
  ASSERT_EQ(set.ranges.size(), 4u);
  EXPECT_TRUE(set.contains(1, 20));
  EXPECT_FALSE(set.contains(2, 20));
  EXPECT_TRUE(set.contains(4, 20));
  EXPECT_TRUE(set.contains(15, 20));
  EXPECT_TRUE(set.contains(20, 20));
  auto reversed = std::get<FetchArgs>(parse_ok("a FETCH 7:3 FLAGS").args).set;
  EXPECT_TRUE(reversed.contains(5, 10));
  EXPECT_FALSE(reversed.contains(8, 10));
  auto star_first = std::get<FetchArgs>(parse_ok("a FETCH *:4 FLAGS").args).set;
  EXPECT_TRUE(star_first.contains(6, 6));
  EXPECT_FALSE(star_first.contains(3, 6));
  EXPECT_FALSE(parse_command("a FETCH 0 FLAGS").command);
  EXPECT_FALSE(parse_command("a FETCH 1,,2 FLAGS").command);
  EXPECT_FALSE(parse_command("a FETCH 1: FLAGS").command);
  EXPECT_FALSE(parse_command("a FETCH 4294967296 FLAGS").command);
  EXPECT_TRUE(parse_command("a FETCH 4294967295 FLAGS").command);
}

TEST(MockImapCommandParse, FetchMacrosAndAttributes) {
  auto items = std::get<FetchArgs>(parse_ok("a FETCH 1 ALL").args).items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[3].kind, FetchItem::Kind::envelope);
  EXPECT_EQ(std::get<FetchArgs>(parse_ok("a FETCH 1 fast").args).items.size(), 3u);
  items = std::get<FetchArgs>(parse_ok("a FETCH 1 FULL").args).items;
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[4].kind, FetchItem::Kind::body);
  items = std::get<FetchArgs>(
              parse_ok("a UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE RFC822.HEADER RFC822.TEXT RFC822 "
                       "BODYSTRUCTURE BODY ENVELOPE)")
                  .args)
              .items;
  ASSERT_EQ(items.size(), 10u);
  EXPECT_EQ(items[4].kind, FetchItem::Kind::rfc822_header);
  EXPECT_EQ(items[7].kind, FetchItem::Kind::body_structure);
  EXPECT_EQ(items[8].kind, FetchItem::Kind::body);
  EXPECT_NE(parse_error("a FETCH 1 (FLAGS BOGUS)").find("BOGUS"), std::string::npos);
  EXPECT_FALSE(parse_command("a FETCH 1 (FLAGS").command);
  EXPECT_FALSE(parse_command("a FETCH 1 FLAGS)").command);
  EXPECT_FALSE(parse_command("a FETCH 1 ()").command);
}

TEST(MockImapCommandParse, BodySectionsAndPartials) {
  auto items = std::get<FetchArgs>(
                   parse_ok("a FETCH 1 (BODY[] BODY.PEEK[1.2.MIME] BODY[HEADER.FIELDS (From \"To\")]<10.20> "
                            "body.peek[TEXT]<0.1>)")
                       .args)
                   .items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, FetchItem::Kind::body_section);
  EXPECT_FALSE(items[0].peek);
  EXPECT_TRUE(items[0].section.part.empty());
  EXPECT_TRUE(items[1].peek);
  EXPECT_EQ(items[1].section.part, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(items[1].section.text, mime::SectionSpec::Text::mime);
  EXPECT_EQ(items[2].section.text, mime::SectionSpec::Text::header_fields);
  EXPECT_EQ(items[2].section.fields, (std::vector<std::string>{"From", "To"}));
  ASSERT_TRUE(items[2].partial_origin);
  EXPECT_EQ(*items[2].partial_origin, 10u);
  EXPECT_EQ(items[2].partial_length, 20u);
  EXPECT_TRUE(items[3].peek);
  EXPECT_EQ(items[3].section.text, mime::SectionSpec::Text::text);
  EXPECT_FALSE(parse_command("a FETCH 1 BODY[HEADER").command);
  EXPECT_FALSE(parse_command("a FETCH 1 BODY[BOGUS]").command);
  EXPECT_FALSE(parse_command("a FETCH 1 BODY[]<1>").command);
  EXPECT_FALSE(parse_command("a FETCH 1 BODY[]<1.0>").command);
  EXPECT_FALSE(parse_command("a FETCH 1 BODY.PEEK").command);
}

TEST(MockImapCommandParse, StoreVariants) {
  auto a = std::get<StoreArgs>(parse_ok("a STORE 1:2 +FLAGS.SILENT (\\Seen $Label)").args);
  EXPECT_EQ(a.mode, StoreArgs::Mode::add);
  EXPECT_TRUE(a.silent);
  EXPECT_EQ(a.flags, (std::vector<std::string>{"\\Seen", "$Label"}));
  a = std::get<StoreArgs>(parse_ok("a UID STORE 5 -flags \\Deleted \\Flagged").args);
  EXPECT_EQ(a.mode, StoreArgs::Mode::remove);
  EXPECT_FALSE(a.silent);
  EXPECT_EQ(a.flags.size(), 2u);
  a = std::get<StoreArgs>(parse_ok("a STORE 1 FLAGS ()").args);
  EXPECT_EQ(a.mode, StoreArgs::Mode::replace);
  EXPECT_TRUE(a.flags.empty());
  EXPECT_NE(parse_error("a STORE 1 +FLAGS (\\Recent)").find("\\RECENT"), std::string::npos);
  EXPECT_FALSE(parse_command("a STORE 1 +FLAGS (\\Bogus)").command);
  EXPECT_FALSE(parse_command("a STORE 1 XFLAGS (\\Seen)").command);
  EXPECT_FALSE(parse_command("a STORE 1 +FLAGS (\\Seen").command);
}

TEST(MockImapCommandParse, SearchKeys) {
  auto a = std::get<SearchArgs>(
      parse_ok("a SEARCH CHARSET UTF-8 OR FROM alice (SUBJECT \"hi there\" NOT SEEN) 2:4 UID 7:* "
               "HEADER X-Tag \"\" SINCE 1-Feb-1994 BEFORE \"05-Mar-2026\" LARGER 100 KEYWORD $x")
          .args);
  EXPECT_EQ(a.charset, "UTF-8");
  ASSERT_EQ(a.key.kind, SearchKey::Kind::and_);
  ASSERT_EQ(a.key.children.size(), 8u);
  const auto& orr = a.key.children[0];
  EXPECT_EQ(orr.kind, SearchKey::Kind::or_);
  EXPECT_EQ(orr.children[0].kind, SearchKey::Kind::from);
  EXPECT_EQ(orr.children[0].text, "alice");
  EXPECT_EQ(orr.children[1].kind, SearchKey::Kind::and_);
  EXPECT_EQ(orr.children[1].children[1].kind, SearchKey::Kind::not_);
  EXPECT_EQ(a.key.children[1].kind, SearchKey::Kind::sequence);
  EXPECT_EQ(a.key.children[2].kind, SearchKey::Kind::uid);
  EXPECT_EQ(a.key.children[3].kind, SearchKey::Kind::header);
  EXPECT_EQ(a.key.children[3].text, "X-Tag");
  EXPECT_EQ(a.key.children[3].value, "");
  EXPECT_EQ(a.key.children[4].date, (CivilDate{1994, 2, 1}));
  EXPECT_EQ(a.key.children[5].date, (CivilDate{2026, 3, 5}));
  EXPECT_EQ(a.key.children[6].number, 100u);
  EXPECT_EQ(a.key.children[7].text, "$x");
}

TEST(MockImapCommandParse, SearchErrors) {
  EXPECT_NE(parse_error("a SEARCH FOO").find("Unknown search key FOO"), std::string::npos);
  EXPECT_FALSE(parse_command("a SEARCH").command);
  EXPECT_FALSE(parse_command("a SEARCH (SEEN").command);
  EXPECT_FALSE(parse_command("a SEARCH SEEN)").command);
  EXPECT_FALSE(parse_command("a SEARCH OR SEEN").command);
  EXPECT_FALSE(parse_command("a SEARCH SINCE 32-Jan-2020").command);
  EXPECT_FALSE(parse_command("a SEARCH SINCE 1-Foo-2020").command);
  EXPECT_FALSE(parse_command("a SEARCH LARGER x").command);
  std::string deep = "a SEARCH ";
  for (int i = 0; i < 200; ++i) deep += "NOT ";
  deep += "SEEN";
  EXPECT_NE(parse_error(deep).find("nested too deeply"), std::string::npos);
  std::string parens = "a SEARCH " + std::string(10000, '(') + "SEEN" + std::string(10000, ')');
  EXPECT_FALSE(parse_command(parens).command);
}

TEST(MockImapCommandParse, MailboxCommands) {
  EXPECT_EQ(std::get<MailboxArgs>(parse_ok("a SELECT inbox").args).mailbox, "inbox");
  EXPECT_EQ(std::get<MailboxArgs>(parse_ok("a EXAMINE \"My Box\"").args).mailbox, "My Box");
  EXPECT_FALSE(parse_command("a SELECT INBOX (CONDSTORE)").command);
  auto l = std::get<ListArgs>(parse_ok("a LIST \"\" %/*]").args);
  EXPECT_EQ(l.reference, "");
  EXPECT_EQ(l.pattern, "%/*]");
  auto r = std::get<RenameArgs>(parse_ok("a RENAME a b").args);
  EXPECT_EQ(r.from, "a");
  EXPECT_EQ(r.to, "b");
  auto s = std::get<StatusArgs>(parse_ok("a STATUS INBOX (MESSAGES UIDNEXT unseen)").args);
  EXPECT_EQ(s.items.size(), 3u);
  EXPECT_FALSE(parse_command("a STATUS INBOX (MESSAGES BOGUS)").command);
  EXPECT_FALSE(parse_command("a STATUS INBOX ()").command);
  auto cp = std::get<CopyArgs>(parse_ok("a UID MOVE 1:3 Archive").args);
  EXPECT_EQ(cp.mailbox, "Archive");
  auto c = parse_ok("a UID EXPUNGE 4:5");
  EXPECT_TRUE(c.uid);
  EXPECT_TRUE(std::get<ExpungeArgs>(c.args).set);
  EXPECT_FALSE(std::get<ExpungeArgs>(parse_ok("a EXPUNGE").args).set);
  EXPECT_FALSE(parse_command("a UID EXPUNGE").command);
}

TEST(MockImapCommandParse, AppendVariants) {
  auto a = std::get<AppendArgs>(
      parse_ok("a APPEND Drafts (\\Draft $x) \" 7-Jul-2025 10:11:12 +0200\" {5}\r\nhello").args);
  EXPECT_EQ(a.mailbox, "Drafts");
  EXPECT_EQ(a.flags, (std::vector<std::string>{"\\Draft", "$x"}));
  ASSERT_TRUE(a.date);
  EXPECT_EQ(a.date->offset_minutes, 120);
  EXPECT_EQ(format_internal_date(*a.date), "07-Jul-2025 10:11:12 +0200");
  EXPECT_EQ(a.message, "hello");
  a = std::get<AppendArgs>(parse_ok("a APPEND INBOX {2+}\r\nhi").args);
  EXPECT_TRUE(a.flags.empty());
  EXPECT_FALSE(a.date);
  EXPECT_FALSE(parse_command("a APPEND INBOX \"hello\"").command);
  EXPECT_FALSE(parse_command("a APPEND INBOX \"99-Jul-2025 10:11:12 +0200\" {2}\r\nhi").command);
  EXPECT_FALSE(parse_command("a APPEND INBOX {2}\r\nhi {2}\r\nho").command);
}

TEST(MockImapCommandParse, IdAndEnable) {
  auto id = std::get<IdArgs>(parse_ok("a ID (\"name\" \"x\" \"version\" NIL)").args);
  ASSERT_TRUE(id.fields);
  EXPECT_EQ(id.fields->size(), 2u);
  EXPECT_FALSE((*id.fields)[1].second);
  EXPECT_FALSE(std::get<IdArgs>(parse_ok("a ID NIL").args).fields);
  EXPECT_FALSE(parse_command("a ID (\"name\")").command);
  auto e = std::get<EnableArgs>(parse_ok("a ENABLE condstore UTF8=ACCEPT").args);
  EXPECT_EQ(e.capabilities, (std::vector<std::string>{"CONDSTORE", "UTF8=ACCEPT"}));
  EXPECT_FALSE(parse_command("a ENABLE").command);
}

// --- incremental assembly -------------------------------------------------

TEST(MockImapCommandParser, CompleteSingleLine) {
  ImapCommandParser p;
  EXPECT_EQ(p.add_line("a NOOP"), Status::complete);
  auto r = p.take();
  ASSERT_TRUE(r.command);
  EXPECT_EQ(r.command->verb, Verb::noop);
  EXPECT_FALSE(p.in_command());
}

TEST(MockImapCommandParser, SynchronizingLiteralSplitAcrossReads) {
  ImapCommandParser p;
  EXPECT_EQ(p.add_line("a LOGIN {5}"), Status::need_literal);
  EXPECT_TRUE(p.literal_synchronizing());
  EXPECT_EQ(p.literal_remaining(), 5u);
  EXPECT_EQ(p.tag(), "a");
  EXPECT_EQ(p.verb(), "LOGIN");
  EXPECT_EQ(p.add_literal("al"), Status::need_literal);
  EXPECT_EQ(p.literal_remaining(), 3u);
  EXPECT_EQ(p.add_literal("ice"), Status::need_line);
  EXPECT_EQ(p.add_line(" {7+}"), Status::need_literal);
  EXPECT_FALSE(p.literal_synchronizing());
  EXPECT_EQ(p.add_literal("s\r\n\"}{\xff"), Status::need_line);
  EXPECT_EQ(p.add_line(""), Status::complete);
  auto r = p.take();
  ASSERT_TRUE(r.command) << r.error;
  const auto& a = std::get<LoginArgs>(r.command->args);
  EXPECT_EQ(a.user, "alice");
  EXPECT_EQ(a.password, "s\r\n\"}{\xff");
}

TEST(MockImapCommandParser, ZeroLengthLiteral) {
  ImapCommandParser p;
  EXPECT_EQ(p.add_line("a LOGIN {0}"), Status::need_literal);
  EXPECT_EQ(p.literal_remaining(), 0u);
  EXPECT_EQ(p.add_literal(""), Status::need_line);
  EXPECT_EQ(p.add_line(" x"), Status::complete);
  auto r = p.take();
  ASSERT_TRUE(r.command) << r.error;
  EXPECT_EQ(std::get<LoginArgs>(r.command->args).user, "");
}

TEST(MockImapCommandParser, BraceInsideQuotedStringIsNotALiteral) {
  ImapCommandParser p;
  EXPECT_EQ(p.add_line("a LOGIN x \"{5}\""), Status::complete);
  auto r = p.take();
  ASSERT_TRUE(r.command);
  EXPECT_EQ(std::get<LoginArgs>(r.command->args).password, "{5}");
  EXPECT_EQ(p.add_line("a LOGIN \"x\\\"\" {2}"), Status::need_literal);
}

TEST(MockImapCommandParser, HugeLiteralAnnouncementsAreRefusedWithoutBuffering) {
  ImapCommandParser p({1024, 1000});
  EXPECT_EQ(p.add_line("a1 APPEND INBOX {1001}"), Status::literal_too_large);
  EXPECT_TRUE(p.literal_synchronizing());
  EXPECT_EQ(p.tag(), "a1");
  EXPECT_FALSE(p.in_command());
  EXPECT_EQ(p.add_line("a2 APPEND INBOX {4294967296+}"), Status::literal_too_large);
  EXPECT_FALSE(p.literal_synchronizing());
  EXPECT_EQ(p.add_line("a3 APPEND INBOX {99999999999999999999999999}"), Status::literal_too_large);
  // Several literals share one budget.
  EXPECT_EQ(p.add_line("a4 LOGIN {600}"), Status::need_literal);
  EXPECT_EQ(p.add_literal(std::string(600, 'x')), Status::need_line);
  EXPECT_EQ(p.add_line(" {401}"), Status::literal_too_large);
  EXPECT_EQ(p.tag(), "a4");
  // The parser is usable again.
  EXPECT_EQ(p.add_line("a5 NOOP"), Status::complete);
  EXPECT_TRUE(p.take().command);
}

TEST(MockImapCommandParser, CommandTextOverLimit) {
  ImapCommandParser p({20, 1000});
  EXPECT_EQ(p.add_line("a LOGIN {3}"), Status::need_literal);
  p.add_literal("abc");
  EXPECT_EQ(p.add_line(" 0123456789012345"), Status::command_too_long);
  EXPECT_EQ(p.add_line("b NOOP"), Status::complete);
  EXPECT_EQ(p.take().tag, "b");
}

TEST(MockImapCommandParser, UnbalancedParenthesesGiveBad) {
  ImapCommandParser p;
  EXPECT_EQ(p.add_line("t FETCH 1 (FLAGS (UID)"), Status::complete);
  auto r = p.take();
  EXPECT_FALSE(r.command);
  EXPECT_EQ(r.tag, "t");
  EXPECT_EQ(p.add_line("t SEARCH ((SEEN)"), Status::complete);
  EXPECT_FALSE(p.take().command);
}

TEST(MockImapCommandParser, EightBitInQuotedStringsAccepted) {
  auto r = parse_command("a SEARCH CHARSET UTF-8 SUBJECT \"caf\xC3\xA9\"");
  ASSERT_TRUE(r.command) << r.error;
  EXPECT_EQ(std::get<SearchArgs>(r.command->args).key.children[0].text, "caf\xC3\xA9");
  EXPECT_FALSE(parse_command("a SELECT caf\xC3\xA9").command) << "8-bit atoms are not atoms";
}

}  // namespace
}  // namespace mailsim::mock::imap
