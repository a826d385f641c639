// The response parser on byte strings: framing (literals, limits, splits),
// the grammar of every response type, and malformed input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/imap/imap_response_parser.hpp"

namespace mailsim::client::imap {
namespace {

using Kind = ParseResult::Kind;
using namespace std::string_literals;

std::vector<ParseResult> drain(ResponseParser& parser) {
  std::vector<ParseResult> out;
  while (true) {
    ParseResult r = parser.next();
    if (r.kind == Kind::need_more) return out;
    const bool fatal = r.fatal;
    out.push_back(std::move(r));
    if (fatal) return out;
  }
}

std::vector<ParseResult> parse_all(std::string_view bytes, ParserLimits limits = {}) {
  ResponseParser parser(limits);
  parser.feed(bytes);
  return drain(parser);
}

template <class T>
T parse_one(std::string_view bytes) {
  auto results = parse_all(bytes);
  if (results.size() != 1) throw std::runtime_error("expected one result, got " + std::to_string(results.size()));
  if (results[0].kind != Kind::response) throw std::runtime_error("parse error: " + results[0].error);
  if (!std::holds_alternative<T>(results[0].response)) throw std::runtime_error("unexpected response type");
  return std::get<T>(std::move(results[0].response));
}

TEST(ImapResponseParser, TaggedOkWithCodeAndText) {
  const auto r = parse_one<StatusResponse>("a001 OK [READ-WRITE] SELECT completed\r\n");
  EXPECT_EQ(r.tag, "a001");
  EXPECT_EQ(r.status, Status::ok);
  ASSERT_TRUE(r.code);
  EXPECT_EQ(r.code->name, "READ-WRITE");
  EXPECT_EQ(r.text, "SELECT completed");
  EXPECT_EQ(r.words(), "OK [READ-WRITE] SELECT completed");
}

TEST(ImapResponseParser, TaggedNoWithAuthenticationFailed) {
  const auto r = parse_one<StatusResponse>("A2 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n");
  EXPECT_EQ(r.status, Status::no);
  EXPECT_TRUE(r.has_code("AUTHENTICATIONFAILED"));
  EXPECT_EQ(r.text, "Invalid credentials (Failure)");
}

TEST(ImapResponseParser, TaggedBadWithoutCodeAndLowerCaseStatus) {
  const auto r = parse_one<StatusResponse>("x bad Unknown command\r\n");
  EXPECT_EQ(r.status, Status::bad);
  EXPECT_FALSE(r.code);
  EXPECT_EQ(r.text, "Unknown command");
}

TEST(ImapResponseParser, TaggedPreauthIsAnError) {
  const auto results = parse_all("a1 PREAUTH hello\r\n");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].kind, Kind::error);
  EXPECT_FALSE(results[0].fatal);
}

TEST(ImapResponseParser, GreetingsOkPreauthBye) {
  const auto ok = parse_one<StatusResponse>("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r\n");
  EXPECT_FALSE(ok.tagged());
  ASSERT_TRUE(ok.code);
  EXPECT_EQ(ok.code->list, (std::vector<std::string>{"IMAP4rev1", "STARTTLS", "LOGINDISABLED"}));
  const auto preauth = parse_one<StatusResponse>("* PREAUTH IMAP4rev1 server logged in as Smith\r\n");
  EXPECT_EQ(preauth.status, Status::preauth);
  const auto bye = parse_one<StatusResponse>("* BYE Too many simultaneous connections\r\n");
  EXPECT_EQ(bye.status, Status::bye);
  EXPECT_EQ(bye.text, "Too many simultaneous connections");
}

TEST(ImapResponseParser, StatusWithoutText) {
  const auto r = parse_one<StatusResponse>("* OK\r\n");
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.text, "");
  const auto coded = parse_one<StatusResponse>("a1 OK [READ-ONLY]\r\n");
  EXPECT_TRUE(coded.has_code("READ-ONLY"));
}

TEST(ImapResponseParser, ResponseCodesWithArguments) {
  EXPECT_EQ(parse_one<StatusResponse>("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n").code->number, 3857529045u);
  EXPECT_EQ(parse_one<StatusResponse>("* OK [UIDNEXT 4392] Predicted next UID\r\n").code->number, 4392u);
  const auto flags = parse_one<StatusResponse>("* OK [PERMANENTFLAGS (\\Deleted \\Seen $Forwarded \\*)] Limited\r\n");
  EXPECT_EQ(flags.code->list, (std::vector<std::string>{"\\Deleted", "\\Seen", "$Forwarded", "\\*"}));
  const auto copy = parse_one<StatusResponse>("A003 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n");
  ASSERT_TRUE(copy.code->copy_uid);
  EXPECT_EQ(copy.code->copy_uid->uid_validity, 38505u);
  EXPECT_EQ(copy.code->copy_uid->source_uids, "304,319:320");
  EXPECT_EQ(copy.code->copy_uid->destination_uids, "3956:3958");
  const auto append = parse_one<StatusResponse>("A003 OK [APPENDUID 38505 3955] APPEND completed\r\n");
  ASSERT_TRUE(append.code->append_uid);
  EXPECT_EQ(append.code->append_uid->uid_validity, 38505u);
  EXPECT_EQ(append.code->append_uid->uids, "3955");
  const auto alert = parse_one<StatusResponse>("* OK [ALERT] System shutdown in 10 minutes\r\n");
  EXPECT_TRUE(alert.has_code("ALERT"));
  EXPECT_EQ(alert.text, "System shutdown in 10 minutes");
  const auto throttled = parse_one<StatusResponse>("a1 NO [THROTTLED] Slow down\r\n");
  EXPECT_TRUE(throttled.has_code("THROTTLED"));
  const auto lower = parse_one<StatusResponse>("a1 NO [trycreate] No such mailbox\r\n");
  EXPECT_TRUE(lower.has_code("TRYCREATE"));
}

TEST(ImapResponseParser, MalformedCodeArgumentsKeepRawText) {
  const auto r = parse_one<StatusResponse>("* OK [UIDVALIDITY abc] odd\r\n");
  ASSERT_TRUE(r.code);
  EXPECT_EQ(r.code->arguments, "abc");
  EXPECT_FALSE(r.code->number);
  EXPECT_EQ(r.text, "odd");
}

TEST(ImapResponseParser, UnclosedBracketIsText) {
  const auto r = parse_one<StatusResponse>("* OK [not a code\r\n");
  EXPECT_FALSE(r.code);
  EXPECT_EQ(r.text, "[not a code");
}

TEST(ImapResponseParser, Continuations) {
  EXPECT_EQ(parse_one<Continuation>("+ Ready for literal data\r\n").text, "Ready for literal data");
  EXPECT_EQ(parse_one<Continuation>("+\r\n").text, "");
  EXPECT_EQ(parse_one<Continuation>("+ \r\n").text, "");
  EXPECT_EQ(parse_one<Continuation>("+ eyJzdGF0dXMiOiI0MDEifQ==\r\n").text, "eyJzdGF0dXMiOiI0MDEifQ==");
}

TEST(ImapResponseParser, CapabilityData) {
  const auto r = parse_one<CapabilityData>("* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN AUTH=XOAUTH2 IDLE \r\n");
  EXPECT_EQ(r.capabilities,
            (std::vector<std::string>{"IMAP4rev1", "LITERAL+", "SASL-IR", "AUTH=PLAIN", "AUTH=XOAUTH2", "IDLE"}));
}

TEST(ImapResponseParser, ListVariants) {
  const auto a = parse_one<ListData>("* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n");
  EXPECT_EQ(a.attributes, (std::vector<std::string>{"\\HasNoChildren"}));
  EXPECT_EQ(a.delimiter, '/');
  EXPECT_EQ(a.mailbox, "INBOX");
  const auto b = parse_one<ListData>("* LIST (\\Noselect) NIL Archive\r\n");
  EXPECT_FALSE(b.delimiter);
  EXPECT_EQ(b.mailbox, "Archive");
  const auto c = parse_one<ListData>("* LSUB () \"\\\\\" {10}\r\nA \"quoted\"\r\n");
  EXPECT_TRUE(c.lsub);
  EXPECT_EQ(c.delimiter, '\\');
  EXPECT_EQ(c.mailbox, "A \"quoted\"");
  const auto d = parse_one<ListData>("* LIST (\\HasChildren \\Sent) \".\" \"[Gmail].Sent Mail\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n");
  EXPECT_EQ(d.mailbox, "[Gmail].Sent Mail");
  EXPECT_EQ(d.attributes.size(), 2u);
  const auto e = parse_one<ListData>("* LIST () \"/\" &AMQ-pfel\r\n");
  EXPECT_EQ(e.mailbox, "&AMQ-pfel");
}

TEST(ImapResponseParser, StatusData) {
  const auto r = parse_one<StatusData>("* STATUS \"Sent Items\" (MESSAGES 231 UIDNEXT 44292 UNSEEN 3 UIDVALIDITY 7 RECENT 0 )\r\n");
  EXPECT_EQ(r.mailbox, "Sent Items");
  EXPECT_EQ(r.messages, 231u);
  EXPECT_EQ(r.uid_next, 44292u);
  EXPECT_EQ(r.unseen, 3u);
  EXPECT_EQ(r.uid_validity, 7u);
  EXPECT_EQ(r.recent, 0u);
  EXPECT_FALSE(r.highest_modseq);
}

TEST(ImapResponseParser, SearchData) {
  EXPECT_TRUE(parse_one<SearchData>("* SEARCH\r\n").numbers.empty());
  EXPECT_EQ(parse_one<SearchData>("* SEARCH 2 84 882\r\n").numbers, (std::vector<std::uint32_t>{2, 84, 882}));
  EXPECT_EQ(parse_one<SearchData>("* SEARCH 5 6 (MODSEQ 917162500)\r\n").numbers, (std::vector<std::uint32_t>{5, 6}));
}

TEST(ImapResponseParser, FlagsExistsRecentExpunge) {
  EXPECT_EQ(parse_one<FlagsData>("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n").flags.size(), 5u);
  EXPECT_EQ(parse_one<ExistsData>("* 172 EXISTS\r\n").count, 172u);
  EXPECT_EQ(parse_one<ExistsData>("* 0 exists\r\n").count, 0u);
  EXPECT_EQ(parse_one<RecentData>("* 1 RECENT\r\n").count, 1u);
  EXPECT_EQ(parse_one<ExpungeData>("* 44 EXPUNGE\r\n").sequence, 44u);
}

TEST(ImapResponseParser, NumberTooLargeIsAnError) {
  const auto results = parse_all("* 99999999999 EXISTS\r\n* 1 EXISTS\r\n");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].kind, Kind::error);
  EXPECT_EQ(results[1].kind, Kind::response);
}

TEST(ImapResponseParser, UnknownUntaggedIsKeptRaw) {
  const auto r = parse_one<OtherData>("* ENABLED CONDSTORE\r\n");
  EXPECT_EQ(r.keyword, "ENABLED");
  EXPECT_EQ(r.text, "CONDSTORE");
  const auto n = parse_one<OtherData>("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n");
  EXPECT_EQ(n.keyword, "NAMESPACE");
}

TEST(ImapResponseParser, FetchSimpleItems) {
  const auto f = parse_one<FetchData>(
      "* 12 FETCH (FLAGS (\\Seen $Label1) UID 4827313 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
      "RFC822.SIZE 44827 MODSEQ (12121231000))\r\n");
  EXPECT_EQ(f.sequence, 12u);
  EXPECT_EQ(f.uid, 4827313u);
  ASSERT_TRUE(f.flags);
  EXPECT_EQ(*f.flags, (std::vector<std::string>{"\\Seen", "$Label1"}));
  EXPECT_EQ(f.internal_date, "17-Jul-1996 02:44:25 -0700");
  EXPECT_EQ(f.rfc822_size, 44827u);
  EXPECT_EQ(f.modseq, 12121231000u);
  const auto empty = parse_one<FetchData>("* 1 FETCH (FLAGS ())\r\n");
  ASSERT_TRUE(empty.flags);
  EXPECT_TRUE(empty.flags->empty());
}

TEST(ImapResponseParser, FetchLiteralBodyWith8BitAndSpecials) {
  const std::string body = "Subject: \xc3\xa9t\xc3\xa9\r\n\r\n) ( \" {3}\r\n\x01\x7f\xff";
  const std::string wire = "* 1 FETCH (UID 9 BODY[] {" + std::to_string(body.size()) + "}\r\n" + body + " FLAGS (\\Seen))\r\n";
  const auto f = parse_one<FetchData>(wire);
  ASSERT_EQ(f.sections.size(), 1u);
  EXPECT_EQ(f.sections[0].section, "");
  EXPECT_EQ(f.sections[0].data, body);
  EXPECT_FALSE(f.sections[0].origin);
  EXPECT_EQ(f.uid, 9u);
  EXPECT_TRUE(f.flags);
}

TEST(ImapResponseParser, FetchPartialAndHeaderFieldsSections) {
  const auto f = parse_one<FetchData>(
      "* 3 FETCH (UID 5 BODY[1.2]<1024> {4}\r\nabcd BODY[HEADER.FIELDS (SUBJECT \"X-A]\")] {3}\r\nxyz "
      "BODY[2.MIME] NIL)\r\n");
  ASSERT_EQ(f.sections.size(), 3u);
  EXPECT_EQ(f.sections[0].section, "1.2");
  EXPECT_EQ(f.sections[0].origin, 1024u);
  EXPECT_EQ(f.sections[0].data, "abcd");
  EXPECT_EQ(f.sections[1].section, "HEADER.FIELDS (SUBJECT \"X-A]\")");
  EXPECT_EQ(f.sections[1].data, "xyz");
  EXPECT_FALSE(f.sections[2].data);
  ASSERT_NE(f.section("2.mime"), nullptr);
  EXPECT_EQ(f.section("9"), nullptr);
}

TEST(ImapResponseParser, FetchRfc822ItemsBecomeSections) {
  const auto f = parse_one<FetchData>("* 1 FETCH (RFC822.HEADER {2}\r\nH: RFC822.TEXT \"body\" RFC822 {0}\r\n)\r\n");
  ASSERT_EQ(f.sections.size(), 3u);
  EXPECT_EQ(f.sections[0].section, "HEADER");
  EXPECT_EQ(f.sections[0].data, "H:");
  EXPECT_EQ(f.sections[1].section, "TEXT");
  EXPECT_EQ(f.sections[1].data, "body");
  EXPECT_EQ(f.sections[2].section, "");
  EXPECT_EQ(f.sections[2].data, "");
}

TEST(ImapResponseParser, FetchUnknownItemsAreKept) {
  const auto f = parse_one<FetchData>("* 1 FETCH (X-GM-LABELS (\\Inbox \"Work stuff\") X-GM-MSGID 1278455344230334865 UID 3)\r\n");
  ASSERT_EQ(f.other.size(), 2u);
  EXPECT_EQ(f.other[0].first, "X-GM-LABELS");
  ASSERT_EQ(f.other[0].second.items.size(), 2u);
  EXPECT_EQ(f.other[0].second.items[0].text, "\\Inbox");
  EXPECT_EQ(f.other[0].second.items[1].kind, Value::Kind::string);
  EXPECT_EQ(f.other[1].second.kind, Value::Kind::number);
  EXPECT_EQ(f.uid, 3u);
}

TEST(ImapResponseParser, QuotedStringEscapes) {
  const auto f = parse_one<FetchData>(
      "* 1 FETCH (ENVELOPE (NIL \"say \\\"hi\\\" \\\\ now\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
  ASSERT_TRUE(f.envelope);
  EXPECT_EQ(f.envelope->subject, "say \"hi\" \\ now");
}

TEST(ImapResponseParser, EnvelopeWithGroupsAndNils) {
  const auto f = parse_one<FetchData>(
      "* 2 FETCH (ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"=?utf-8?q?caf=C3=A9?=\" "
      "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL "
      "((NIL NIL \"reply\" \"example.org\")) "
      "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) "
      "((NIL NIL \"team\" NIL)(\"A\" NIL \"a\" \"x.org\")(NIL NIL \"b\" \"x.org\")(NIL NIL NIL NIL)(\"\" NIL \"c\" \"y.org\")) "
      "NIL \"<a@b>\" \"<B27397-0100000@cac.washington.edu>\"))\r\n");
  ASSERT_TRUE(f.envelope);
  const Envelope& e = *f.envelope;
  EXPECT_EQ(e.date, "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)");
  EXPECT_EQ(e.subject, "=?utf-8?q?caf=C3=A9?=");
  ASSERT_EQ(e.from.size(), 1u);
  const auto& from = std::get<Address>(e.from[0]);
  EXPECT_EQ(from.name, "Terry Gray");
  EXPECT_FALSE(from.route);
  EXPECT_EQ(from.email(), "gray@cac.washington.edu");
  EXPECT_TRUE(e.sender.empty());
  ASSERT_EQ(e.to.size(), 1u);
  const auto& undisclosed = std::get<AddressGroup>(e.to[0]);
  EXPECT_EQ(undisclosed.name, "undisclosed-recipients");
  EXPECT_TRUE(undisclosed.members.empty());
  ASSERT_EQ(e.cc.size(), 2u);
  const auto& team = std::get<AddressGroup>(e.cc[0]);
  EXPECT_EQ(team.name, "team");
  ASSERT_EQ(team.members.size(), 2u);
  EXPECT_EQ(team.members[0].name, "A");
  EXPECT_EQ(team.members[1].email(), "b@x.org");
  const auto& after = std::get<Address>(e.cc[1]);
  EXPECT_EQ(after.name, "");  // "" and NIL stay distinct
  EXPECT_EQ(flatten(e.cc).size(), 3u);
  EXPECT_TRUE(e.bcc.empty());
  EXPECT_EQ(e.in_reply_to, "<a@b>");
  EXPECT_EQ(e.message_id, "<B27397-0100000@cac.washington.edu>");
}

TEST(ImapResponseParser, EnvelopeAllNil) {
  const auto f = parse_one<FetchData>("* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
  ASSERT_TRUE(f.envelope);
  EXPECT_EQ(*f.envelope, Envelope{});
}

TEST(ImapResponseParser, EnvelopeLiteralSubjectWith8Bit) {
  const auto f = parse_one<FetchData>("* 1 FETCH (ENVELOPE (NIL {6}\r\nr\xc3\xa9sum NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
  EXPECT_EQ(f.envelope->subject, "r\xc3\xa9sum");
}

TEST(ImapResponseParser, EnvelopeWithMissingFieldIsAnError) {
  const auto results = parse_all("* 1 FETCH (ENVELOPE (NIL NIL NIL))\r\n");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].kind, Kind::error);
}

// Gmail style: upper-case names, extension data without location.
constexpr std::string_view kGmailStructure =
    "* 1 FETCH (UID 42 BODYSTRUCTURE (((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" "
    "1234 30 NIL NIL NIL)(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 5678 120 NIL NIL "
    "NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"000000000000a1\") NIL NIL)(\"APPLICATION\" \"PDF\" (\"NAME\" "
    "\"report.pdf\") \"<f_kx1>\" NIL \"BASE64\" 102400 NIL (\"ATTACHMENT\" (\"FILENAME\" \"report.pdf\")) NIL) "
    "\"MIXED\" (\"BOUNDARY\" \"000000000000b2\") NIL NIL))\r\n";

TEST(ImapResponseParser, BodyStructureGmailStyle) {
  const auto f = parse_one<FetchData>(kGmailStructure);
  ASSERT_TRUE(f.body_structure);
  const BodyStructure& b = *f.body_structure;
  EXPECT_TRUE(b.is_multipart());
  EXPECT_TRUE(b.is("multipart", "mixed"));
  EXPECT_EQ(b.param("boundary"), "000000000000b2");
  EXPECT_TRUE(b.has_extension_data);
  ASSERT_EQ(b.children.size(), 2u);
  const BodyStructure& alternative = b.children[0];
  EXPECT_TRUE(alternative.is("MULTIPART", "ALTERNATIVE"));
  ASSERT_EQ(alternative.children.size(), 2u);
  EXPECT_TRUE(alternative.children[0].is("text", "plain"));
  EXPECT_EQ(alternative.children[0].lines, 30u);
  EXPECT_EQ(alternative.children[0].encoding, "QUOTED-PRINTABLE");
  EXPECT_EQ(alternative.children[1].size, 5678u);
  const BodyStructure& pdf = b.children[1];
  EXPECT_EQ(pdf.id, "<f_kx1>");
  EXPECT_EQ(pdf.size, 102400u);
  EXPECT_FALSE(pdf.lines);
  ASSERT_TRUE(pdf.disposition);
  EXPECT_EQ(pdf.disposition->type, "ATTACHMENT");
  EXPECT_EQ(pdf.disposition_param("filename"), "report.pdf");
  EXPECT_TRUE(pdf.language.empty());
  EXPECT_FALSE(pdf.location);

  const auto parts = leaf_parts(b);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].section, "1.1");
  EXPECT_EQ(parts[1].section, "1.2");
  EXPECT_EQ(parts[2].section, "2");
  EXPECT_EQ(parts[2].part, &pdf);
  EXPECT_EQ(find_part(b, "1.2"), &alternative.children[1]);
  EXPECT_EQ(find_part(b, "3"), nullptr);
  EXPECT_EQ(find_part(b, "1.x"), nullptr);
  EXPECT_EQ(find_part(b, ""), &b);
}

// Dovecot style: lower-case names, full extension data with location, and a
// forwarded message/rfc822 with its own envelope and body.
constexpr std::string_view kDovecotStructure =
    "* 4 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 11 1 NIL NIL NIL NIL)"
    "(\"message\" \"rfc822\" (\"name\" \"fwd.eml\") NIL \"Forwarded\" \"7bit\" 345 (\"Mon, 1 Jan 2024 10:00:00 +0000\" "
    "\"Inner\" ((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Alice\" NIL \"alice\" \"example.com\")) "
    "((\"Alice\" NIL \"alice\" \"example.com\")) ((NIL NIL \"bob\" \"example.org\")) NIL NIL NIL "
    "\"<inner@example.com>\") ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 20 2 NIL NIL NIL NIL)"
    "(\"image\" \"png\" (\"name\" \"a.png\") \"<img1>\" NIL \"base64\" 900 NIL (\"inline\" (\"filename\" \"a.png\")) "
    "(\"en\" \"de\") \"http://x/a.png\") \"related\" (\"boundary\" \"in\") NIL NIL NIL) 12 \"md5sum\" "
    "(\"attachment\" (\"filename\" \"fwd.eml\")) \"en\" NIL (1 \"x\" (2 NIL))) \"mixed\" (\"boundary\" \"b1\") NIL NIL "
    "NIL) UID 7)\r\n";

TEST(ImapResponseParser, BodyStructureDovecotStyleWithNestedMessage) {
  const auto f = parse_one<FetchData>(kDovecotStructure);
  EXPECT_EQ(f.uid, 7u);
  ASSERT_TRUE(f.body_structure);
  const BodyStructure& b = *f.body_structure;
  ASSERT_EQ(b.children.size(), 2u);
  const BodyStructure& message = b.children[1];
  EXPECT_TRUE(message.is_message());
  EXPECT_EQ(message.description, "Forwarded");
  EXPECT_EQ(message.lines, 12u);
  EXPECT_EQ(message.md5, "md5sum");
  EXPECT_EQ(message.language, (std::vector<std::string>{"en"}));
  EXPECT_FALSE(message.location);
  ASSERT_EQ(message.extensions.size(), 1u);
  EXPECT_EQ(message.extensions[0].items.size(), 3u);
  ASSERT_TRUE(message.envelope);
  EXPECT_EQ(message.envelope->subject, "Inner");
  ASSERT_EQ(message.children.size(), 1u);
  const BodyStructure& inner = message.children[0];
  EXPECT_TRUE(inner.is("multipart", "related"));
  const BodyStructure& png = inner.children[1];
  EXPECT_EQ(png.language, (std::vector<std::string>{"en", "de"}));
  EXPECT_EQ(png.location, "http://x/a.png");
  EXPECT_EQ(png.disposition->type, "inline");

  const auto parts = leaf_parts(b);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].section, "2");
  EXPECT_EQ(parts[1].part, &message);
  EXPECT_EQ(find_part(b, "2.1"), &inner.children[0]);
  EXPECT_EQ(find_part(b, "2.2"), &png);
  EXPECT_EQ(find_part(b, "2.3"), nullptr);
}

TEST(ImapResponseParser, BodyStructureSinglePartAndNonExtensibleBody) {
  const auto single = parse_one<FetchData>("* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1))\r\n");
  ASSERT_TRUE(single.body_structure);
  EXPECT_FALSE(single.body_structure->has_extension_data);
  EXPECT_TRUE(single.body_structure->params.empty());
  EXPECT_EQ(leaf_parts(*single.body_structure)[0].section, "1");
  EXPECT_EQ(find_part(*single.body_structure, "1"), &*single.body_structure);
  EXPECT_EQ(find_part(*single.body_structure, "2"), nullptr);

  const auto multi = parse_one<FetchData>(
      "* 70 FETCH (UID 179 BODY ((\"text\" \"plain\" (\"charset\" \"utf8\") NIL NIL \"8bit\" 45 3)(\"image\" \"jpg\" "
      "(\"charset\" \"utf8\" \"name\" \"testimage.jpg\") NIL NIL \"base64\" 18324) \"mixed\"))\r\n");
  ASSERT_TRUE(multi.body_structure);
  EXPECT_FALSE(multi.body_structure->has_extension_data);
  EXPECT_EQ(multi.body_structure->subtype, "mixed");
  EXPECT_EQ(multi.body_structure->children[1].param("NAME"), "testimage.jpg");
}

TEST(ImapResponseParser, BodyStructureBasicMessageWithoutEnvelope) {
  // message/delivery-status and a message/rfc822 some servers send as basic.
  const auto f = parse_one<FetchData>(
      "* 1 FETCH (BODYSTRUCTURE ((\"message\" \"delivery-status\" NIL NIL NIL \"7bit\" 10 NIL NIL NIL NIL)"
      "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 10 NIL NIL NIL NIL) \"report\" (\"report-type\" "
      "\"delivery-status\") NIL NIL NIL))\r\n");
  ASSERT_TRUE(f.body_structure);
  EXPECT_FALSE(f.body_structure->children[1].is_message());
  EXPECT_TRUE(f.body_structure->children[1].has_extension_data);
}

TEST(ImapResponseParser, BodyStructureTextWithoutLinesIsTolerated) {
  const auto f = parse_one<FetchData>("* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 3))\r\n");
  ASSERT_TRUE(f.body_structure);
  EXPECT_FALSE(f.body_structure->lines);
}

TEST(ImapResponseParser, UnbalancedParenthesesAreNonFatalErrors) {
  const auto results = parse_all(
      "* 1 FETCH (UID 1\r\n* 2 FETCH (UID 2))\r\n* 3 FETCH ((UID 3)\r\n* 4 FETCH (BODYSTRUCTURE (\"text\" "
      "\"plain\" NIL NIL NIL \"7bit\" 3 1)\r\na1 OK done\r\n");
  ASSERT_EQ(results.size(), 5u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(results[i].kind, Kind::error) << i;
    EXPECT_FALSE(results[i].fatal) << i;
  }
  EXPECT_EQ(results[4].kind, Kind::response);
}

TEST(ImapResponseParser, NestingDepthIsBounded) {
  std::string deep = "* 1 FETCH (X-DEEP ";
  for (int i = 0; i < 200; ++i) deep += '(';
  for (int i = 0; i < 200; ++i) deep += ')';
  deep += ")\r\n";
  const auto results = parse_all(deep);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].kind, Kind::error);
  EXPECT_NE(results[0].error.find("nested deeper"), std::string::npos) << results[0].error;

  std::string nested_bodies = "* 1 FETCH (BODYSTRUCTURE ";
  for (int i = 0; i < 100; ++i) nested_bodies += '(';
  const auto nested = parse_all(nested_bodies + "\r\n");
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0].kind, Kind::error);
}

TEST(ImapResponseParser, HugeLiteralAnnouncementIsAFatalErrorWithoutAllocation) {
  ParserLimits limits;
  ResponseParser parser(limits);
  parser.feed("* 1 FETCH (BODY[] {1073741824}\r\nabc");
  const auto r = parser.next();
  ASSERT_EQ(r.kind, Kind::error);
  EXPECT_TRUE(r.fatal);
  EXPECT_NE(r.error.find("1073741824"), std::string::npos) << r.error;
  EXPECT_EQ(parser.buffered(), 0u);
  parser.feed("a1 OK fine\r\n");
  EXPECT_EQ(parser.next().kind, Kind::error);  // stays broken

  const auto overflow = parse_all("* 1 FETCH (BODY[] {99999999999999999999999}\r\n");
  ASSERT_EQ(overflow.size(), 1u);
  EXPECT_TRUE(overflow[0].fatal);
}

TEST(ImapResponseParser, LiteralLimitIsExact) {
  ParserLimits limits;
  limits.max_literal = 5;
  const auto at_limit = parse_all("* 1 FETCH (BODY[] {5}\r\n12345)\r\n", limits);
  ASSERT_EQ(at_limit.size(), 1u);
  EXPECT_EQ(at_limit[0].kind, Kind::response);
  const auto over = parse_all("* 1 FETCH (BODY[] {6}\r\n123456)\r\n", limits);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_TRUE(over[0].fatal);
}

TEST(ImapResponseParser, ResponseSizeLimitCoversAllLiterals) {
  ParserLimits limits;
  limits.max_literal = 10;
  limits.max_response = 40;
  const auto r = parse_all("* 1 FETCH (BODY[1] {10}\r\n0123456789 BODY[2] {10}\r\n0123456789 BODY[3] {10}\r\n", limits);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].fatal);
  EXPECT_NE(r[0].error.find("larger than 40"), std::string::npos) << r[0].error;
}

TEST(ImapResponseParser, OverlongLineIsFatalEvenWithoutLineEnd) {
  ParserLimits limits;
  limits.max_line = 64;
  ResponseParser parser(limits);
  parser.feed("* OK " + std::string(100, 'x'));
  const auto r = parser.next();
  ASSERT_EQ(r.kind, Kind::error);
  EXPECT_TRUE(r.fatal);
  EXPECT_NE(r.error.find("longer than 64"), std::string::npos);
}

TEST(ImapResponseParser, LiteralSplitAtEveryByteBoundary) {
  const std::string wire =
      "* 7 FETCH (UID 70 BODY[] {12}\r\nline1\r\n\xe9\x00)\"{ FLAGS (\\Seen))\r\n"
      "a5 OK [READ-ONLY] {3}\r\n"s;
  // Reference: everything at once.
  ResponseParser whole;
  whole.feed(std::string_view(wire.data(), wire.size()));
  const auto expected = drain(whole);
  ASSERT_EQ(expected.size(), 1u);
  ASSERT_EQ(expected[0].kind, Kind::response);
  const auto& expected_fetch = std::get<FetchData>(expected[0].response);
  ASSERT_EQ(expected_fetch.sections.size(), 1u);
  EXPECT_EQ(expected_fetch.sections[0].data, std::string("line1\r\n\xe9\x00)\"{ ", 12));

  for (std::size_t split = 0; split <= wire.size(); ++split) {
    ResponseParser parser;
    parser.feed(std::string_view(wire).substr(0, split));
    auto results = drain(parser);
    parser.feed(std::string_view(wire).substr(split));
    auto rest = drain(parser);
    results.insert(results.end(), rest.begin(), rest.end());
    ASSERT_EQ(results.size(), 1u) << "split at " << split;
    ASSERT_EQ(results[0].kind, Kind::response) << "split at " << split << ": " << results[0].error;
    const auto& fetch = std::get<FetchData>(results[0].response);
    EXPECT_EQ(fetch.sections[0].data, expected_fetch.sections[0].data) << "split at " << split;
    EXPECT_EQ(fetch.uid, 70u);
    EXPECT_EQ(results[0].transcript, expected[0].transcript);
  }
  // The tagged line ends with "{3}": it announces a literal; the parser
  // waits for it rather than misreading the next bytes.
  ResponseParser parser;
  parser.feed(wire);
  drain(parser);
  parser.feed("abc\r\n");
  const auto tail = parser.next();
  ASSERT_EQ(tail.kind, Kind::response);
  EXPECT_EQ(std::get<StatusResponse>(tail.response).tag, "a5");
}

TEST(ImapResponseParser, ByteAtATime) {
  const std::string wire =
      "* OK [CAPABILITY IMAP4rev1] hi\r\n* 2 FETCH (BODY[TEXT] {5}\r\nhello)\r\n+ go\r\n* BYE shutting down\r\n";
  ResponseParser parser;
  std::vector<ParseResult> results;
  for (const char c : wire) {
    parser.feed(std::string_view(&c, 1));
    auto some = drain(parser);
    results.insert(results.end(), some.begin(), some.end());
  }
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<StatusResponse>(results[0].response));
  EXPECT_EQ(std::get<FetchData>(results[1].response).sections[0].data, "hello");
  EXPECT_TRUE(std::holds_alternative<Continuation>(results[2].response));
  EXPECT_EQ(std::get<StatusResponse>(results[3].response).status, Status::bye);
}

TEST(ImapResponseParser, ByeBetweenFetchResponses) {
  const auto results = parse_all(
      "* 1 FETCH (UID 1 FLAGS ())\r\n* BYE [UNAVAILABLE] Server shutting down\r\n* 2 FETCH (UID 2 FLAGS ())\r\n");
  ASSERT_EQ(results.size(), 3u);
  const auto& bye = std::get<StatusResponse>(results[1].response);
  EXPECT_EQ(bye.status, Status::bye);
  EXPECT_TRUE(bye.has_code("UNAVAILABLE"));
}

TEST(ImapResponseParser, TranscriptSummarisesLiterals) {
  const auto results = parse_all("* 1 FETCH (BODY[] {5}\r\nhello)\r\n");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].transcript, "* 1 FETCH (BODY[] {5}<5 bytes>)");
  EXPECT_EQ(results[0].size, std::string_view("* 1 FETCH (BODY[] {5}\r\nhello)\r\n").size());
}

TEST(ImapResponseParser, BareLineFeedsAreAccepted) {
  const auto results = parse_all("* 1 FETCH (BODY[] {2}\nab)\na1 OK done\n");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(std::get<FetchData>(results[0].response).sections[0].data, "ab");
  EXPECT_EQ(std::get<StatusResponse>(results[1].response).text, "done");
}

TEST(ImapResponseParser, DiscardDropsEverythingBuffered) {
  ResponseParser parser;
  parser.feed("s1 OK Begin TLS negotiation now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n* 1 FETCH (BODY[] {10}\r\nab");
  const auto ok = parser.next();
  ASSERT_EQ(ok.kind, Kind::response);
  EXPECT_EQ(std::get<StatusResponse>(ok.response).tag, "s1");
  parser.discard();
  EXPECT_EQ(parser.buffered(), 0u);
  EXPECT_EQ(parser.next().kind, Kind::need_more);
  parser.feed("* OK fresh\r\n");
  const auto fresh = parser.next();
  ASSERT_EQ(fresh.kind, Kind::response);
  EXPECT_EQ(std::get<StatusResponse>(fresh.response).text, "fresh");
}

TEST(ImapResponseParser, GarbageIsANonFatalError) {
  const auto results = parse_all("\x16\x03\x01\x02\x00\r\n)\r\n* \r\n* 1\r\n"s);
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) {
    EXPECT_EQ(r.kind, Kind::error);
    EXPECT_FALSE(r.fatal);
  }
}

}  // namespace
}  // namespace mailsim::client::imap
