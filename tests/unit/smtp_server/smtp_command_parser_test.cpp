#include "mockserver/smtp/smtp_command_parser.hpp"

#include <gtest/gtest.h>

#include "mockserver/smtp/smtp_address.hpp"

namespace mailsim::mock {
namespace {

using Kind = SmtpSyntaxError::Kind;

TEST(SmtpCommandParser, RecognisesVerbsCaseInsensitively) {
  EXPECT_EQ(parse_smtp_command("ehlo client.example").verb, SmtpVerb::ehlo);
  EXPECT_EQ(parse_smtp_command("Helo client.example").verb, SmtpVerb::helo);
  EXPECT_EQ(parse_smtp_command("data").verb, SmtpVerb::data);
  EXPECT_EQ(parse_smtp_command("StartTLS").verb, SmtpVerb::starttls);
  EXPECT_EQ(parse_smtp_command("QUIT").verb, SmtpVerb::quit);
  const auto cmd = parse_smtp_command("noop");
  EXPECT_EQ(cmd.name, "NOOP");
  EXPECT_FALSE(cmd.error);
}

TEST(SmtpCommandParser, UnknownVerbIsNotASyntaxError) {
  const auto cmd = parse_smtp_command("FROB a b");
  EXPECT_EQ(cmd.verb, SmtpVerb::unknown);
  EXPECT_EQ(cmd.name, "FROB");
  EXPECT_FALSE(cmd.error);
  EXPECT_EQ(parse_smtp_command("").verb, SmtpVerb::unknown);
  EXPECT_EQ(parse_smtp_command("MAILFROM:<a@b.c>").verb, SmtpVerb::unknown);
}

TEST(SmtpCommandParser, KnownButUnofferedVerbsAreNotImplemented) {
  EXPECT_EQ(parse_smtp_command("EXPN staff").verb, SmtpVerb::not_implemented);
  EXPECT_EQ(parse_smtp_command("ETRN example.com").verb, SmtpVerb::not_implemented);
  EXPECT_EQ(parse_smtp_command("TURN").verb, SmtpVerb::not_implemented);
}

TEST(SmtpCommandParser, EhloNeedsADomain) {
  const auto cmd = parse_smtp_command("EHLO   client.example  ");
  EXPECT_FALSE(cmd.error);
  EXPECT_EQ(cmd.domain, "client.example");
  const auto bare = parse_smtp_command("EHLO");
  ASSERT_TRUE(bare.error);
  EXPECT_EQ(bare.error->kind, Kind::syntax);
  EXPECT_EQ(bare.error->text, "Syntax: EHLO hostname");
  EXPECT_EQ(parse_smtp_command("HELO").error->text, "Syntax: HELO hostname");
  EXPECT_EQ(parse_smtp_command("EHLO [127.0.0.1]").domain, "[127.0.0.1]");
}

TEST(SmtpCommandParser, CommandsWithoutArgumentsRejectThem) {
  for (const char* line : {"DATA now", "RSET all", "STARTTLS please"}) {
    const auto cmd = parse_smtp_command(line);
    ASSERT_TRUE(cmd.error) << line;
    EXPECT_EQ(cmd.error->kind, Kind::syntax);
  }
  EXPECT_EQ(parse_smtp_command("DATA x").error->text, "Syntax: DATA");
  EXPECT_FALSE(parse_smtp_command("NOOP anything at all").error);
  EXPECT_FALSE(parse_smtp_command("QUIT now").error);  // a leaving client is let go
  EXPECT_TRUE(parse_smtp_command("VRFY").error);
  EXPECT_FALSE(parse_smtp_command("VRFY postmaster").error);
}

TEST(SmtpCommandParser, MailFromPlainAddress) {
  const auto cmd = parse_smtp_command("MAIL FROM:<sender@example.com>");
  ASSERT_EQ(cmd.verb, SmtpVerb::mail);
  ASSERT_FALSE(cmd.error);
  EXPECT_EQ(cmd.mail.reverse_path, "sender@example.com");
  EXPECT_FALSE(cmd.mail.non_ascii);
  EXPECT_FALSE(cmd.mail.params.size);
  EXPECT_EQ(cmd.mail.params.body, BodyType::unspecified);
}

TEST(SmtpCommandParser, MailFromNullPathAndToleratedSpace) {
  const auto null_path = parse_smtp_command("MAIL FROM:<>");
  ASSERT_FALSE(null_path.error);
  EXPECT_EQ(null_path.mail.reverse_path, "");
  const auto spaced = parse_smtp_command("mail from: <a@b.example>");
  ASSERT_FALSE(spaced.error);
  EXPECT_EQ(spaced.mail.reverse_path, "a@b.example");
}

TEST(SmtpCommandParser, MailFromEsmtpParameters) {
  const auto cmd = parse_smtp_command(
      "MAIL FROM:<a@b.example> SIZE=12345 BODY=8bitmime SMTPUTF8 AUTH=a+2Bb@b.example RET=hdrs ENVID=QQ+3D1");
  ASSERT_FALSE(cmd.error) << cmd.error->text;
  const auto& p = cmd.mail.params;
  EXPECT_EQ(p.size, 12345u);
  EXPECT_EQ(p.body, BodyType::eight_bit_mime);
  EXPECT_TRUE(p.smtputf8);
  EXPECT_EQ(p.auth, "a+b@b.example");
  EXPECT_EQ(p.ret, "HDRS");
  EXPECT_EQ(p.envid, "QQ=1");
  EXPECT_EQ(parse_smtp_command("MAIL FROM:<> BODY=7BIT").mail.params.body, BodyType::seven_bit);
  EXPECT_EQ(parse_smtp_command("MAIL FROM:<> BODY=BINARYMIME").mail.params.body, BodyType::binary_mime);
  EXPECT_EQ(parse_smtp_command("MAIL FROM:<> AUTH=<>").mail.params.auth, "<>");
}

TEST(SmtpCommandParser, MailFromBadParameterValues) {
  const char* bad[] = {
      "MAIL FROM:<a@b.c> SIZE=abc",   "MAIL FROM:<a@b.c> SIZE=99999999999999999999",
      "MAIL FROM:<a@b.c> SIZE",       "MAIL FROM:<a@b.c> BODY=9BIT",
      "MAIL FROM:<a@b.c> SMTPUTF8=1", "MAIL FROM:<a@b.c> RET=ALL",
      "MAIL FROM:<a@b.c> ENVID=a+4",  "MAIL FROM:<a@b.c> AUTH=a+zz",
      "MAIL FROM:<a@b.c> SIZE=1 SIZE=2", "MAIL FROM:<a@b.c> SIZE=",
      "MAIL FROM:<a@b.c> =1",
  };
  for (const char* line : bad) {
    const auto cmd = parse_smtp_command(line);
    ASSERT_TRUE(cmd.error) << line;
    EXPECT_EQ(cmd.error->kind, Kind::bad_parameter) << line;
  }
  EXPECT_EQ(parse_smtp_command("MAIL FROM:<a@b.c> SIZE=x").error->text, "Bad message size syntax");
}

TEST(SmtpCommandParser, UnknownParameterIsUnsupportedNotSyntax) {
  const auto cmd = parse_smtp_command("MAIL FROM:<a@b.c> XFOO=1");
  ASSERT_TRUE(cmd.error);
  EXPECT_EQ(cmd.error->kind, Kind::unsupported_parameter);
  EXPECT_EQ(cmd.error->text, "XFOO");
  // MAIL parameters are not RCPT parameters and vice versa.
  EXPECT_EQ(parse_smtp_command("RCPT TO:<a@b.c> SIZE=10").error->kind, Kind::unsupported_parameter);
  EXPECT_EQ(parse_smtp_command("MAIL FROM:<a@b.c> NOTIFY=NEVER").error->kind, Kind::unsupported_parameter);
}

TEST(SmtpCommandParser, MailFromSyntaxErrors) {
  for (const char* line : {"MAIL", "MAIL TO:<a@b.c>", "MAIL FROM:a@b.c", "MAIL FROM:", "MAIL <a@b.c>"}) {
    const auto cmd = parse_smtp_command(line);
    ASSERT_TRUE(cmd.error) << line;
    EXPECT_EQ(cmd.error->kind, Kind::syntax) << line;
    EXPECT_EQ(cmd.error->text, "Syntax: MAIL FROM:<address>");
  }
}

TEST(SmtpCommandParser, BadSenderAddresses) {
  const char* bad[] = {
      "MAIL FROM:<a@@b.c>", "MAIL FROM:<.a@b.c>",   "MAIL FROM:<a.@b.c>",  "MAIL FROM:<a..b@c.d>",
      "MAIL FROM:<a@-b.c>", "MAIL FROM:<a@b-.c>",   "MAIL FROM:<a@>",      "MAIL FROM:<@b.c>",
      "MAIL FROM:<a b@c.d>", "MAIL FROM:<\"a@b.c>", "MAIL FROM:<a@b.c",    "MAIL FROM:<a@b.c>x",
      "MAIL FROM:<a@[]>",   "MAIL FROM:<Postmaster>", "MAIL FROM:<\xff@b.c>", "MAIL FROM:<a@b..c>",
  };
  for (const char* line : bad) {
    const auto cmd = parse_smtp_command(line);
    ASSERT_TRUE(cmd.error) << line;
    EXPECT_EQ(cmd.error->kind, Kind::bad_sender) << line;
  }
}

TEST(SmtpCommandParser, QuotedLocalPartsAndLiterals) {
  const auto quoted = parse_smtp_command(R"(MAIL FROM:<"john doe> \"x\""@example.com> SIZE=10)");
  ASSERT_FALSE(quoted.error) << quoted.error->text;
  EXPECT_EQ(quoted.mail.reverse_path, R"("john doe> \"x\""@example.com)");
  EXPECT_EQ(quoted.mail.params.size, 10u);
  const auto literal = parse_smtp_command("RCPT TO:<user@[127.0.0.1]>");
  ASSERT_FALSE(literal.error);
  EXPECT_EQ(literal.rcpt.forward_path, "user@[127.0.0.1]");
  const auto ipv6 = parse_smtp_command("RCPT TO:<user@[IPv6:::1]>");
  ASSERT_FALSE(ipv6.error);
}

TEST(SmtpCommandParser, SourceRouteIsToleratedAndDropped) {
  const auto cmd = parse_smtp_command("RCPT TO:<@relay1.example,@relay2.example:user@dest.example>");
  ASSERT_FALSE(cmd.error);
  EXPECT_EQ(cmd.rcpt.forward_path, "user@dest.example");
  EXPECT_TRUE(parse_smtp_command("RCPT TO:<@relay1.example;user@dest.example>").error);
}

TEST(SmtpCommandParser, RcptPostmasterAndBadRecipients) {
  const auto postmaster = parse_smtp_command("RCPT TO:<postmaster>");
  ASSERT_FALSE(postmaster.error);
  EXPECT_EQ(postmaster.rcpt.forward_path, "postmaster");
  EXPECT_EQ(parse_smtp_command("RCPT TO:<>").error->kind, Kind::bad_recipient);
  EXPECT_EQ(parse_smtp_command("RCPT TO:<nobody>").error->kind, Kind::bad_recipient);
  EXPECT_EQ(parse_smtp_command("RCPT TO:nobody@x.y").error->kind, Kind::syntax);
  EXPECT_EQ(parse_smtp_command("RCPT FROM:<a@b.c>").error->text, "Syntax: RCPT TO:<address>");
}

TEST(SmtpCommandParser, Utf8Addresses) {
  const auto cmd = parse_smtp_command("RCPT TO:<用户@例子.广告>");
  ASSERT_FALSE(cmd.error);
  EXPECT_TRUE(cmd.rcpt.non_ascii);
  EXPECT_EQ(cmd.rcpt.forward_path, "用户@例子.广告");
  EXPECT_EQ(parse_smtp_command("RCPT TO:<a\xc3@b.c>").error->kind, Kind::bad_recipient);
}

TEST(SmtpCommandParser, DsnRecipientParameters) {
  const auto cmd = parse_smtp_command("RCPT TO:<b@y.example> NOTIFY=success,Delay ORCPT=rfc822;b+40y.example");
  ASSERT_FALSE(cmd.error) << cmd.error->text;
  EXPECT_EQ(cmd.rcpt.params.notify, (std::vector<std::string>{"SUCCESS", "DELAY"}));
  EXPECT_EQ(cmd.rcpt.params.orcpt, "rfc822;b@y.example");
  EXPECT_EQ(parse_smtp_command("RCPT TO:<b@y.c> NOTIFY=NEVER").rcpt.params.notify,
            (std::vector<std::string>{"NEVER"}));
  for (const char* line : {"RCPT TO:<b@y.c> NOTIFY=NEVER,SUCCESS", "RCPT TO:<b@y.c> NOTIFY=SOMETIMES",
                           "RCPT TO:<b@y.c> NOTIFY=DELAY,DELAY", "RCPT TO:<b@y.c> NOTIFY=SUCCESS,",
                           "RCPT TO:<b@y.c> ORCPT=b@y.c", "RCPT TO:<b@y.c> ORCPT=;b@y.c",
                           "RCPT TO:<b@y.c> ORCPT=rfc822;"}) {
    const auto bad = parse_smtp_command(line);
    ASSERT_TRUE(bad.error) << line;
    EXPECT_EQ(bad.error->kind, Kind::bad_parameter) << line;
  }
}

TEST(SmtpCommandParser, Bdat) {
  const auto last = parse_smtp_command("BDAT 1024 last");
  ASSERT_FALSE(last.error);
  EXPECT_EQ(last.bdat.size, 1024u);
  EXPECT_TRUE(last.bdat.last);
  const auto zero = parse_smtp_command("BDAT 0");
  ASSERT_FALSE(zero.error);
  EXPECT_EQ(zero.bdat.size, 0u);
  EXPECT_FALSE(zero.bdat.last);
  for (const char* line : {"BDAT", "BDAT x", "BDAT -1", "BDAT 10 MORE", "BDAT 10 LAST x"}) {
    const auto bad = parse_smtp_command(line);
    ASSERT_TRUE(bad.error) << line;
    EXPECT_EQ(bad.error->text, "Syntax: BDAT chunk-size [LAST]");
  }
}

TEST(SmtpCommandParser, Auth) {
  const auto with_ir = parse_smtp_command("AUTH plain AGFsaWNlAHNlY3JldA==");
  ASSERT_FALSE(with_ir.error);
  EXPECT_EQ(with_ir.auth.mechanism, "PLAIN");
  EXPECT_EQ(with_ir.auth.initial_response, "AGFsaWNlAHNlY3JldA==");
  const auto without = parse_smtp_command("AUTH LOGIN");
  ASSERT_FALSE(without.error);
  EXPECT_FALSE(without.auth.initial_response);
  EXPECT_EQ(parse_smtp_command("AUTH PLAIN =").auth.initial_response, "=");
  for (const char* line : {"AUTH", "AUTH PLAIN a b", "AUTH PL@IN"}) EXPECT_TRUE(parse_smtp_command(line).error) << line;
}

TEST(SmtpAddress, XtextDecoding) {
  std::string out;
  EXPECT_TRUE(decode_xtext("a+2Bb+3Dc", out));
  EXPECT_EQ(out, "a+b=c");
  EXPECT_FALSE(decode_xtext("a+2", out));
  EXPECT_FALSE(decode_xtext("a+2b", out));  // hex digits are upper case
  EXPECT_FALSE(decode_xtext("a=b", out));
  EXPECT_FALSE(decode_xtext("a b", out));
}

TEST(SmtpAddress, PathEndIsReported) {
  const auto path = parse_smtp_path("<a@b.c> SIZE=1", {});
  ASSERT_EQ(path.status, SmtpPath::Status::ok);
  EXPECT_EQ(path.end, 7u);
  EXPECT_EQ(parse_smtp_path("a@b.c", {}).status, SmtpPath::Status::not_a_path);
  EXPECT_EQ(parse_smtp_path("<>", {}).status, SmtpPath::Status::bad_address);
  EXPECT_TRUE(parse_smtp_path("<>", {.allow_null = true}).null_path);
}

}  // namespace
}  // namespace mailsim::mock
