// Small value types: dates, flags, sequence sets, LIST patterns, quoting.
#include <gtest/gtest.h>

#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/internal_date.hpp"
#include "mockserver/imap/list_pattern.hpp"
#include "mockserver/imap/message_flags.hpp"
#include "mockserver/imap/sequence_set.hpp"

namespace mailsim::mock {
namespace {

TEST(MockImapInternalDate, FormatAndParseRoundTrip) {
  auto d = parse_imap_date_time("17-Jul-1996 02:44:25 -0700");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, 837596665);
  EXPECT_EQ(d->offset_minutes, -420);
  EXPECT_EQ(format_internal_date(*d), "17-Jul-1996 02:44:25 -0700");
  EXPECT_EQ(format_internal_date(InternalDate{0, 0}), "01-Jan-1970 00:00:00 +0000");
  EXPECT_EQ(format_internal_date(InternalDate::from(VirtualClock::default_start(), 90)), "01-Jan-2026 01:30:00 +0130");
  EXPECT_TRUE(parse_imap_date_time(" 7-Jul-2025 10:11:12 +0000"));
  EXPECT_FALSE(parse_imap_date_time("7-Jul-2025 25:11:12 +0000"));
  EXPECT_FALSE(parse_imap_date_time("29-Feb-2025 10:11:12 +0000"));
  EXPECT_FALSE(parse_imap_date_time("07-Jul-2025 10:11:12 0000"));
  EXPECT_FALSE(parse_imap_date_time("07-Jul-2025"));
}

TEST(MockImapInternalDate, CivilDateUsesTheOwnZone) {
  const InternalDate late{1767744000 - 60, -60};  // 2026-01-06 23:59Z shown at -0100
  EXPECT_EQ(civil_date(late), (CivilDate{2026, 1, 6}));
  const InternalDate early{1767744000 - 60, 60};
  EXPECT_EQ(civil_date(early), (CivilDate{2026, 1, 7}));
  EXPECT_EQ(parse_imap_date("1-feb-1994"), (CivilDate{1994, 2, 1}));
  EXPECT_FALSE(parse_imap_date("1-Feb-94"));
}

TEST(MockImapInternalDate, Rfc5322Dates) {
  auto d = parse_rfc5322_date("Tue, 1 Jul 2003 10:52:37 +0200");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_internal_date(*d), "01-Jul-2003 10:52:37 +0200");
  d = parse_rfc5322_date("1 Jul 03 10:52 EST");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_internal_date(*d), "01-Jul-2003 10:52:00 -0500");
  EXPECT_TRUE(parse_rfc5322_date("Tue,  1 Jul 2003 10:52:37 GMT (comment)"));
  EXPECT_FALSE(parse_rfc5322_date("yesterday"));
  EXPECT_FALSE(parse_rfc5322_date("31 Feb 2003 10:52:37 +0000"));
}

TEST(MockImapMessageFlags, SystemFlagsAndKeywords) {
  MessageFlags f{"\\seen", "$Label", "\\Recent", "\\Bogus", "$label"};
  EXPECT_TRUE(f.has(SystemFlag::seen));
  EXPECT_TRUE(f.has("\\SEEN"));
  EXPECT_TRUE(f.has("$LABEL"));
  EXPECT_EQ(f.keywords().size(), 1u);
  EXPECT_EQ(f.to_string(), "\\Seen $Label");
  f.add("\\Draft");
  f.add("\\Answered");
  EXPECT_EQ(f.to_string(true), "\\Answered \\Seen \\Draft \\Recent $Label");
  f.remove_all(MessageFlags{"\\Answered", "$LABEL"});
  EXPECT_EQ(f.to_string(), "\\Seen \\Draft");
}

TEST(MockImapSequenceSet, ParseAndContains) {
  auto s = imap::parse_sequence_set("1:3,*,10:8");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->contains(2, 100));
  EXPECT_TRUE(s->contains(100, 100));
  EXPECT_TRUE(s->contains(9, 100));
  EXPECT_FALSE(s->contains(5, 100));
  EXPECT_EQ(s->max_explicit(), 10u);
  EXPECT_FALSE(imap::parse_sequence_set(""));
  EXPECT_FALSE(imap::parse_sequence_set("1,"));
  EXPECT_FALSE(imap::parse_sequence_set("01"));
  EXPECT_FALSE(imap::parse_sequence_set("1:2:3"));
}

TEST(MockImapListPattern, Wildcards) {
  using imap::list_matches;
  EXPECT_TRUE(list_matches("*", "a/b/c"));
  EXPECT_TRUE(list_matches("%", "abc"));
  EXPECT_FALSE(list_matches("%", "a/b"));
  EXPECT_TRUE(list_matches("a/%", "a/b"));
  EXPECT_FALSE(list_matches("a/%", "a/b/c"));
  EXPECT_TRUE(list_matches("a*c", "a/b/c"));
  EXPECT_TRUE(list_matches("a%c", "abbc"));
  EXPECT_FALSE(list_matches("a%c", "ab/c"));
  EXPECT_FALSE(list_matches("abc", "ab"));
  EXPECT_EQ(imap::list_pattern("", "inbox"), "INBOX");
  EXPECT_EQ(imap::list_pattern("Inbox/", "%"), "INBOX/%");
  EXPECT_EQ(imap::list_pattern("", "inboxes"), "inboxes");
  // A hostile pattern stays linear.
  EXPECT_FALSE(list_matches(std::string(500, '*') + "x", std::string(1000, 'a')));
}

TEST(MockImapFormat, StringsLikeDovecot) {
  std::string out;
  imap::append_string(out, "plain text");
  EXPECT_EQ(out, "\"plain text\"");
  out.clear();
  imap::append_string(out, "a\"b");
  EXPECT_EQ(out, "{3}\r\na\"b");
  out.clear();
  imap::append_nstring_nolf(out, std::string("a\r\n b"));
  EXPECT_EQ(out, "\"a b\"");
  out.clear();
  imap::append_nstring(out, std::nullopt);
  EXPECT_EQ(out, "NIL");
  out.clear();
  imap::append_astring(out, "INBOX");
  imap::append_astring(out, "nil");
  imap::append_astring(out, "");
  imap::append_astring(out, "a b");
  EXPECT_EQ(out, "INBOX\"nil\"\"\"\"a b\"");
  EXPECT_EQ(imap::printable_text("a\r\nb"), "a??b");
}

}  // namespace
}  // namespace mailsim::mock
