#include <gtest/gtest.h>

#include <stdexcept>

#include "client/smtp/commands.hpp"

namespace mailsim::client::smtp {
namespace {

TEST(Commands, EhloAndHelo) {
  EXPECT_EQ(ehlo_command("client.example"), "EHLO client.example\r\n");
  EXPECT_EQ(helo_command("[127.0.0.1]"), "HELO [127.0.0.1]\r\n");
}

TEST(Commands, MailFromWithoutParameters) {
  EXPECT_EQ(mail_from_command("a@example.com", {}), "MAIL FROM:<a@example.com>\r\n");
}

TEST(Commands, MailFromNullReversePath) { EXPECT_EQ(mail_from_command("", {}), "MAIL FROM:<>\r\n"); }

TEST(Commands, MailFromWithEveryParameter) {
  MailParams params;
  params.size = 12345;
  params.body_8bitmime = true;
  params.smtputf8 = true;
  EXPECT_EQ(mail_from_command("a@example.com", params), "MAIL FROM:<a@example.com> SIZE=12345 BODY=8BITMIME SMTPUTF8\r\n");
}

TEST(Commands, MailFromSizeZeroIsStillSent) {
  MailParams params;
  params.size = 0;
  EXPECT_EQ(mail_from_command("a@b", params), "MAIL FROM:<a@b> SIZE=0\r\n");
}

TEST(Commands, RcptTo) { EXPECT_EQ(rcpt_to_command("b@example.com"), "RCPT TO:<b@example.com>\r\n"); }

TEST(Commands, Utf8AddressIsAcceptedHere) {
  EXPECT_EQ(rcpt_to_command("j\xC3\xB6rg@example.com"), "RCPT TO:<j\xC3\xB6rg@example.com>\r\n");
}

TEST(Commands, AuthWithAndWithoutInitialResponse) {
  EXPECT_EQ(auth_command(sasl::Mechanism::plain, std::string("AGEAYg==")), "AUTH PLAIN AGEAYg==\r\n");
  EXPECT_EQ(auth_command(sasl::Mechanism::login, std::nullopt), "AUTH LOGIN\r\n");
  EXPECT_EQ(auth_command(sasl::Mechanism::cram_md5, std::nullopt), "AUTH CRAM-MD5\r\n");
  // An empty initial response is "=" (RFC 4954 section 4), not nothing.
  EXPECT_EQ(auth_command(sasl::Mechanism::xoauth2, std::string()), "AUTH XOAUTH2 =\r\n");
}

TEST(Commands, SaslResponseAndFixedCommands) {
  EXPECT_EQ(sasl_response_line("dXNlcg=="), "dXNlcg==\r\n");
  EXPECT_EQ(sasl_response_line(""), "\r\n");
  EXPECT_EQ(kSaslCancel, "*\r\n");
  EXPECT_EQ(kStartTls, "STARTTLS\r\n");
  EXPECT_EQ(kData, "DATA\r\n");
  EXPECT_EQ(kRset, "RSET\r\n");
  EXPECT_EQ(kNoop, "NOOP\r\n");
  EXPECT_EQ(kQuit, "QUIT\r\n");
}

TEST(AddressProblem, AcceptsOrdinaryAndQuotedAddresses) {
  EXPECT_FALSE(address_problem("user@example.com"));
  EXPECT_FALSE(address_problem(""));
  EXPECT_FALSE(address_problem("postmaster"));
  EXPECT_FALSE(address_problem("\"john doe\"@example.com"));
  EXPECT_FALSE(address_problem("\"odd\\\"quote\"@example.com"));
  EXPECT_FALSE(address_problem(std::string(kMaxAddressLength, 'a')));
}

TEST(AddressProblem, RefusesWhatCouldInjectACommand) {
  EXPECT_TRUE(address_problem("a@b>\r\nRCPT TO:<victim@c"));
  EXPECT_TRUE(address_problem("a@b\nDATA"));
  EXPECT_TRUE(address_problem("a@b\rx"));
  EXPECT_TRUE(address_problem("a\x01@b"));
  EXPECT_TRUE(address_problem(std::string("a\0@b", 4)));
  EXPECT_TRUE(address_problem("a@b> SIZE=1"));
  EXPECT_TRUE(address_problem("<a@b>"));
  EXPECT_TRUE(address_problem("a b@c"));
  EXPECT_TRUE(address_problem("\"unclosed@b"));
  EXPECT_TRUE(address_problem(std::string(kMaxAddressLength + 1, 'a')));
}

TEST(AddressProblem, SerializersRefuseBadAddressesToo) {
  EXPECT_THROW(mail_from_command("a@b>\r\nRSET", {}), std::invalid_argument);
  EXPECT_THROW(rcpt_to_command("a@b\r\nDATA"), std::invalid_argument);
  EXPECT_THROW(rcpt_to_command(""), std::invalid_argument);
}

TEST(DomainProblem, ChecksTheEhloName) {
  EXPECT_FALSE(domain_problem("client.example"));
  EXPECT_FALSE(domain_problem("[192.0.2.1]"));
  EXPECT_TRUE(domain_problem(""));
  EXPECT_TRUE(domain_problem("two words"));
  EXPECT_TRUE(domain_problem("x\r\nMAIL FROM:<a@b>"));
  EXPECT_TRUE(domain_problem("caf\xC3\xA9"));
  EXPECT_TRUE(domain_problem(std::string(256, 'a')));
  EXPECT_THROW(ehlo_command("x\r\nRSET"), std::invalid_argument);
  EXPECT_THROW(helo_command(""), std::invalid_argument);
}

}  // namespace
}  // namespace mailsim::client::smtp
