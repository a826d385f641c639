// ENVELOPE / BODY / BODYSTRUCTURE against answers recorded from Dovecot
// 2.3.19 (doveadm fetch imap.envelope imap.bodystructure imap.body) for the
// same messages.
#include <gtest/gtest.h>

#include "mockserver/imap/imap_body_structure.hpp"
#include "mockserver/imap/stored_message.hpp"

namespace mailsim::mock::imap {
namespace {

struct Written {
  std::string envelope, structure, body;
};

Written write(std::string_view raw) {
  StoredMessage m(raw, {});
  Written w;
  append_envelope(w.envelope, mime::envelope_of(m.parsed().root.headers));
  append_body_structure(w.structure, m.parsed().root, true);
  append_body_structure(w.body, m.parsed().root, false);
  return w;
}

TEST(MockImapBodyStructure, NestedMessageLanguageLocationRfc2231AndMissingSubtype) {
  const auto w = write(
      "From: x@y.z\nSubject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b1\n\n"
      "--b1\nContent-Type: text/html\nContent-Language: en, de\nContent-Location: http://x/y\n"
      "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\nContent-ID: <part1@x>\nContent-Description: the html\n\n<p>hi</p>\n"
      "--b1\nContent-Type: message/rfc822\n\nFrom: Inner <inner@example.com>\nSubject: inner subject\n"
      "Reply-To: r@example.com\nIn-Reply-To: <prev@x>\nContent-Type: text/plain; format=flowed\n\ninner body\nline 2\n"
      "--b1\nContent-Type: application/octet-stream; name*=UTF-8''%E2%82%AC.txt\nContent-Disposition: inline\n\nabc\n"
      "--b1\nContent-Type: image\nContent-Transfer-Encoding: BASE64\n\nAAAA\n--b1--\n");
  EXPECT_EQ(w.envelope, "(NIL \"fwd\" ((NIL NIL \"x\" \"y.z\")) ((NIL NIL \"x\" \"y.z\")) ((NIL NIL \"x\" \"y.z\")) NIL NIL NIL NIL NIL)");
  EXPECT_EQ(w.structure,
            "((\"text\" \"html\" (\"charset\" \"us-ascii\") \"<part1@x>\" \"the html\" \"7bit\" 9 0 "
            "\"Q2hlY2sgSW50ZWdyaXR5IQ==\" NIL (\"en\" \"de\") \"http://x/y\")(\"message\" \"rfc822\" NIL NIL NIL "
            "\"7bit\" 166 (NIL \"inner subject\" ((\"Inner\" NIL \"inner\" \"example.com\")) ((\"Inner\" NIL \"inner\" "
            "\"example.com\")) ((NIL NIL \"r\" \"example.com\")) NIL NIL NIL \"<prev@x>\" NIL) (\"text\" \"plain\" "
            "(\"format\" \"flowed\" \"charset\" \"us-ascii\") NIL NIL \"7bit\" 18 1 NIL NIL NIL NIL) 7 NIL NIL NIL NIL)"
            "(\"application\" \"octet-stream\" (\"name*\" \"UTF-8''%E2%82%AC.txt\") NIL NIL \"7bit\" 3 NIL (\"inline\" "
            "NIL) NIL NIL)(\"image\" \"\" NIL NIL NIL \"BASE64\" 4 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"b1\") NIL "
            "NIL NIL)");
  EXPECT_EQ(w.body,
            "((\"text\" \"html\" (\"charset\" \"us-ascii\") \"<part1@x>\" \"the html\" \"7bit\" 9 0)(\"message\" "
            "\"rfc822\" NIL NIL NIL \"7bit\" 166 (NIL \"inner subject\" ((\"Inner\" NIL \"inner\" \"example.com\")) "
            "((\"Inner\" NIL \"inner\" \"example.com\")) ((NIL NIL \"r\" \"example.com\")) NIL NIL NIL \"<prev@x>\" NIL) "
            "(\"text\" \"plain\" (\"format\" \"flowed\" \"charset\" \"us-ascii\") NIL NIL \"7bit\" 18 1) 7)"
            "(\"application\" \"octet-stream\" (\"name*\" \"UTF-8''%E2%82%AC.txt\") NIL NIL \"7bit\" 3)(\"image\" \"\" "
            "NIL NIL NIL \"BASE64\" 4) \"mixed\")");
}

TEST(MockImapBodyStructure, ContentTypeWithoutMimeVersion) {
  const auto w = write("Subject: no mime\nContent-Type: text/html; charset=iso-8859-1\n\nbody\n");
  EXPECT_EQ(w.envelope, "(NIL \"no mime\" NIL NIL NIL NIL NIL NIL NIL NIL)");
  EXPECT_EQ(w.structure, "(\"text\" \"html\" (\"charset\" \"iso-8859-1\") NIL NIL \"7bit\" 6 1 NIL NIL NIL NIL)");
}

TEST(MockImapBodyStructure, MultipartWithoutBoundaryShowsOneEmptyPart) {
  const auto w = write("From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/alternative\n\nno boundary here\n");
  EXPECT_EQ(w.structure,
            "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL) \"alternative\" NIL "
            "NIL NIL NIL)");
  EXPECT_EQ(w.body, "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0) \"alternative\")");
}

TEST(MockImapBodyStructure, CaseKeptGroupsAndQuotedNamesAsLiterals) {
  const auto w = write(
      "From: \"Quoted \\\"Name\\\"\" <q@x.org>, undisclosed-recipients:;\nTo: =?ISO-8859-1?Q?J=F6rg?= <j@x.org>\n"
      "Subject: \nDate: broken date\nMIME-Version: 1.0\n"
      "Content-Type: TEXT/Plain; CHARSET=\"US-ASCII\"; Format=Flowed\nContent-Transfer-Encoding: 8bit\n\nx\n");
  const std::string from =
      "(({13}\r\nQuoted \"Name\" NIL \"q\" \"x.org\")(NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))";
  EXPECT_EQ(w.envelope, "(\"broken date\" \"\" " + from + " " + from + " " + from +
                            " ((\"=?ISO-8859-1?Q?J=F6rg?=\" NIL \"j\" \"x.org\")) NIL NIL NIL NIL)");
  EXPECT_EQ(w.structure,
            "(\"TEXT\" \"Plain\" (\"CHARSET\" \"US-ASCII\" \"Format\" \"Flowed\") NIL NIL \"8bit\" 3 1 NIL NIL NIL NIL)");
}

TEST(MockImapBodyStructure, EscapesForceLiteralsAndEmptyAddresses) {
  const auto w = write(
      "From: \"one \\\"q\" <a@b.c>, \"back\\\\slash\" <d@e.f>\nSubject: say \"hi\"\nSender: \nReply-To: <>\n"
      "MIME-Version: 1.0\nContent-Type: text\n\nx\n");
  const std::string from = "(({6}\r\none \"q NIL \"a\" \"b.c\")({10}\r\nback\\slash NIL \"d\" \"e.f\"))";
  EXPECT_EQ(w.envelope, "(NIL {8}\r\nsay \"hi\" " + from + " " + from +
                            " ((NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")) NIL NIL NIL NIL NIL)");
  EXPECT_EQ(w.structure, "(\"text\" \"\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)");
}

TEST(MockImapBodyStructure, DigestPartsDefaultToMessages) {
  const auto w = write(
      "From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: digest@x\n"
      "Subject: in digest\n\nbody1\n--d\nContent-Type: text/plain\n\nplain in digest\n--d--\n");
  EXPECT_EQ(w.structure,
            "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 43 (NIL \"in digest\" ((NIL NIL \"digest\" \"x\")) ((NIL NIL "
            "\"digest\" \"x\")) ((NIL NIL \"digest\" \"x\")) NIL NIL NIL NIL NIL) (\"text\" \"plain\" (\"charset\" "
            "\"us-ascii\") NIL NIL \"7bit\" 5 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)(\"text\" \"plain\" (\"charset\" "
            "\"us-ascii\") NIL NIL \"7bit\" 15 0 NIL NIL NIL NIL) \"digest\" (\"boundary\" \"d\") NIL NIL NIL)");
}

TEST(MockImapBodyStructure, NestedMultipartsAndContinuedParameters) {
  const auto w = write(
      "From: a@b.c\nSubject: =?utf-8?b?w6l0w6k=?= with tab\tand \"quotes\" \\ and more \" \" \"\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed;\n boundary=\"outer\"\n\n--outer\n"
      "Content-Type: multipart/alternative; boundary=\"inner\"\n\n--inner\nContent-Type: text/plain; charset=utf-8\n\n"
      "alt plain\n--inner\nContent-Type: text/html; charset=utf-8\n\n<b>alt</b>\n--inner--\n--outer\n"
      "Content-Type: application/x-thing\nContent-Disposition: attachment; filename*0=\"long\"; filename*1=\"name.txt\"\n\n"
      "data\n--outer--\n");
  EXPECT_EQ(w.envelope,
            "(NIL {59}\r\n=?utf-8?b?w6l0w6k=?= with tab and \"quotes\" \\ and more \" \" \" ((NIL NIL \"a\" \"b.c\")) "
            "((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL)");
  EXPECT_EQ(w.structure,
            "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 9 0 NIL NIL NIL NIL)(\"text\" \"html\" "
            "(\"charset\" \"utf-8\") NIL NIL \"7bit\" 10 0 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"inner\") NIL "
            "NIL NIL)(\"application\" \"x-thing\" NIL NIL NIL \"7bit\" 4 NIL (\"attachment\" (\"filename\" "
            "\"longname.txt\")) NIL NIL) \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)");
}

}  // namespace
}  // namespace mailsim::mock::imap
