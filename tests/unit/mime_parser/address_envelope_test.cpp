#include <gtest/gtest.h>

#include <string>

#include "common/mime/address.hpp"
#include "common/mime/envelope.hpp"
#include "common/mime/message_parser.hpp"

namespace mailsim::mime {
namespace {

Address addr(std::optional<std::string> name, std::optional<std::string> mailbox,
             std::optional<std::string> host, std::optional<std::string> route = std::nullopt) {
  Address a;
  a.name = std::move(name);
  a.route = std::move(route);
  a.mailbox = std::move(mailbox);
  a.host = std::move(host);
  return a;
}

TEST(MimeAddress, MailboxForms) {
  auto list = parse_address_list(
      "Alice <alice@example.com>, bob@example.com (Bob B),\r\n \"Last, First\" <lf@example.com>, "
      "<bare@example.com>");
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0], addr("Alice", "alice", "example.com"));
  EXPECT_EQ(list[1], addr("Bob B", "bob", "example.com"));  // a trailing comment names it
  EXPECT_EQ(list[2], addr("Last, First", "lf", "example.com"));
  EXPECT_EQ(list[3], addr(std::nullopt, "bare", "example.com"));
  EXPECT_EQ(list[0].addr_spec(), "alice@example.com");
}

TEST(MimeAddress, QuotedLocalPartAndDomainLiteral) {
  auto list = parse_address_list("\"john doe\"@example.com, x@[192.0.2.1]");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], addr(std::nullopt, "john doe", "example.com"));
  EXPECT_EQ(list[1], addr(std::nullopt, "x", "[192.0.2.1]"));
}

TEST(MimeAddress, GroupsAsImapRepresentsThem) {
  auto list = parse_address_list("Team: a@x.com, B <b@y.com>;, c@z.com");
  ASSERT_EQ(list.size(), 5u);
  EXPECT_TRUE(list[0].is_group_start());
  EXPECT_EQ(list[0].mailbox, "Team");
  EXPECT_FALSE(list[0].host.has_value());
  EXPECT_EQ(list[1], addr(std::nullopt, "a", "x.com"));
  EXPECT_EQ(list[2], addr("B", "b", "y.com"));
  EXPECT_TRUE(list[3].is_group_end());
  EXPECT_EQ(list[3], Address{});
  EXPECT_EQ(list[4], addr(std::nullopt, "c", "z.com"));

  auto empty_group = parse_address_list("undisclosed-recipients:;");
  ASSERT_EQ(empty_group.size(), 2u);
  EXPECT_EQ(empty_group[0].mailbox, "undisclosed-recipients");
  EXPECT_TRUE(empty_group[0].is_group_start());
  EXPECT_TRUE(empty_group[1].is_group_end());
}

TEST(MimeAddress, SourceRoute) {
  auto list = parse_address_list("Old <@r1.example,@r2.example:user@host.example>");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], addr("Old", "user", "host.example", "@r1.example,@r2.example"));
}

TEST(MimeAddress, EncodedNamesStayRaw) {
  auto list = parse_address_list("=?utf-8?q?J=C3=B6rg?= <j@example.de>");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "=?utf-8?q?J=C3=B6rg?=");
}

TEST(MimeAddress, JunkGetsPlaceholders) {
  auto list = parse_address_list("foo");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], addr(std::nullopt, "foo", "MISSING_DOMAIN"));

  list = parse_address_list("<>, next@example.com");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], addr(std::nullopt, "MISSING_MAILBOX", "MISSING_DOMAIN"));
  EXPECT_EQ(list[1], addr(std::nullopt, "next", "example.com"));

  list = parse_address_list("Name <user@host");  // unclosed
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], addr("Name", "user", "SYNTAX_ERROR"));

  list = parse_address_list("just some words");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], addr("just some words", "MISSING_MAILBOX", "MISSING_DOMAIN"));

  list = parse_address_list("g: broken <, ok@x.y;");
  ASSERT_EQ(list.size(), 4u);  // a broken member does not end the group
  EXPECT_TRUE(list[0].is_group_start());
  EXPECT_EQ(list[2], addr(std::nullopt, "ok", "x.y"));
  EXPECT_TRUE(list[3].is_group_end());

  list = parse_address_list("@example.com");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], addr(std::nullopt, "MISSING_MAILBOX", "example.com"));

  list = parse_address_list("a@b.c, (unclosed");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1], addr(std::nullopt, "MISSING_MAILBOX", "MISSING_DOMAIN"));

  EXPECT_TRUE(parse_address_list("").empty());
  EXPECT_TRUE(parse_address_list("   (just a comment) ").empty());
}

TEST(MimeAddress, CountIsBounded) {
  std::string many;
  for (int i = 0; i < 100; ++i) many += "u" + std::to_string(i) + "@x.com, ";
  EXPECT_EQ(parse_address_list(many, 10).size(), 10u);
  EXPECT_EQ(parse_address_list(many).size(), 100u);
}

TEST(MimeEnvelope, AllFieldsRawAndDefaults) {
  std::string raw =
      "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
      "From: Fred Foobar <foobar@Blurdybloop.example>\r\n"
      "Subject: =?iso-8859-1?q?caf=E9?=\r\n"
      " folded\r\n"
      "To: mooch@owatagu.example, Team: a@x.example;\r\n"
      "Cc: cc@example.com\r\n"
      "Bcc: hidden@example.com\r\n"
      "Message-Id: <B27397-0100000@Blurdybloop.example>\r\n"
      "In-Reply-To: <parent@example.com>\r\n"
      "\r\n"
      "body\r\n";
  ParsedMessage m = parse_message(raw);
  Envelope env = envelope_of(m.root.headers);
  EXPECT_EQ(env.date, "Mon, 7 Feb 1994 21:52:25 -0800 (PST)");
  EXPECT_EQ(env.subject, "=?iso-8859-1?q?caf=E9?= folded");  // raw and unfolded, not decoded
  ASSERT_EQ(env.from.size(), 1u);
  EXPECT_EQ(env.from[0], addr("Fred Foobar", "foobar", "Blurdybloop.example"));
  EXPECT_EQ(env.sender, env.from);  // RFC 3501: defaults to From
  EXPECT_EQ(env.reply_to, env.from);
  ASSERT_EQ(env.to.size(), 4u);
  EXPECT_TRUE(env.to[1].is_group_start());
  EXPECT_EQ(env.cc.size(), 1u);
  EXPECT_EQ(env.bcc.size(), 1u);
  EXPECT_EQ(env.message_id, "<B27397-0100000@Blurdybloop.example>");
  EXPECT_EQ(env.in_reply_to, "<parent@example.com>");
}

TEST(MimeEnvelope, MissingHeadersAreNil) {
  Envelope env = envelope_of({});
  EXPECT_FALSE(env.date.has_value());
  EXPECT_FALSE(env.subject.has_value());
  EXPECT_TRUE(env.from.empty());
  EXPECT_TRUE(env.sender.empty());
  EXPECT_TRUE(env.reply_to.empty());
  EXPECT_TRUE(env.to.empty());
  EXPECT_FALSE(env.message_id.has_value());
  EXPECT_FALSE(env.in_reply_to.has_value());

  ParsedMessage m = parse_message("Subject:\r\nReply-To: r@example.com\r\nFrom: f@example.com\r\n\r\n");
  env = envelope_of(m.root.headers);
  EXPECT_EQ(env.subject, "");  // present but empty is "", not NIL
  EXPECT_EQ(env.reply_to[0].mailbox, "r");
  EXPECT_EQ(env.sender[0].mailbox, "f");
}

TEST(MimeEnvelope, SubjectAndNamesAreCleanedForHumans) {
  ParsedMessage m = parse_message(
      "Date:  Mon,\t7 Feb  1994 \r\n"
      "From: \"  Spaced\t  Name  \" <a@b.c>\r\n"
      "Subject: \tSub\tject  with \r\n   runs  \r\n"
      "Message-ID:   <a  b@c>  \r\n"
      "\r\n");
  Envelope env = envelope_of(m.root.headers);
  EXPECT_EQ(env.subject, "Sub ject with runs");
  EXPECT_EQ(env.from[0].name, "Spaced Name");
  EXPECT_EQ(env.date, "Mon,\t7 Feb  1994 ");  // ids and dates stay as written
  EXPECT_EQ(env.message_id, "<a  b@c>  ");
}

TEST(MimeEnvelope, NulBytesReadAsReplacementCharacter) {
  std::string raw = std::string("Subject: a\0b\r\n\r\n", 17);
  ParsedMessage m = parse_message(raw);
  EXPECT_EQ(envelope_of(m.root.headers).subject, "a\xEF\xBF\xBD" "b");
}

TEST(MimeEnvelope, LastFieldOfANameCounts) {
  ParsedMessage m = parse_message("Subject: first\r\nSubject: second\r\n\r\n");
  EXPECT_EQ(envelope_of(m.root.headers).subject, "second");
}

}  // namespace
}  // namespace mailsim::mime
