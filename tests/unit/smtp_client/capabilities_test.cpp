#include <gtest/gtest.h>

#include "client/smtp/capabilities.hpp"

namespace mailsim::client::smtp {
namespace {

SmtpReply ehlo_reply(std::vector<std::string> lines) {
  SmtpReply r;
  r.code = 250;
  r.lines = std::move(lines);
  return r;
}

TEST(EhloCapabilities, ParsesTheUsualExtensions) {
  const auto caps = parse_ehlo(ehlo_reply({"mx.example.com Hello client", "PIPELINING", "SIZE 35882577", "8BITMIME",
                                           "SMTPUTF8", "STARTTLS", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN",
                                           "AUTH LOGIN PLAIN XOAUTH2 OAUTHBEARER"}));
  EXPECT_EQ(caps.server_name, "mx.example.com Hello client");
  EXPECT_TRUE(caps.pipelining);
  EXPECT_TRUE(caps.size);
  EXPECT_EQ(caps.max_size, 35882577u);
  EXPECT_TRUE(caps.eight_bit_mime);
  EXPECT_TRUE(caps.smtputf8);
  EXPECT_TRUE(caps.starttls);
  EXPECT_TRUE(caps.enhanced_status_codes);
  EXPECT_TRUE(caps.chunking);
  EXPECT_TRUE(caps.dsn);
  EXPECT_EQ(caps.auth_mechanisms, (std::vector<std::string>{"LOGIN", "PLAIN", "XOAUTH2", "OAUTHBEARER"}));
  EXPECT_TRUE(caps.offers_auth(sasl::Mechanism::xoauth2));
  EXPECT_FALSE(caps.offers_auth(sasl::Mechanism::cram_md5));
  EXPECT_EQ(caps.extensions.size(), 9u);
}

TEST(EhloCapabilities, NothingOfferedByAGreetingLineAlone) {
  const auto caps = parse_ehlo(ehlo_reply({"tiny.example"}));
  EXPECT_EQ(caps.server_name, "tiny.example");
  EXPECT_FALSE(caps.pipelining);
  EXPECT_FALSE(caps.size);
  EXPECT_FALSE(caps.starttls);
  EXPECT_TRUE(caps.auth_mechanisms.empty());
  EXPECT_TRUE(caps.extensions.empty());
}

TEST(EhloCapabilities, KeywordsAreCaseInsensitive) {
  const auto caps = parse_ehlo(ehlo_reply({"x", "pipelining", "StartTLS", "auth plain cram-md5", "size 10"}));
  EXPECT_TRUE(caps.pipelining);
  EXPECT_TRUE(caps.starttls);
  EXPECT_EQ(caps.auth_mechanisms, (std::vector<std::string>{"PLAIN", "CRAM-MD5"}));
  EXPECT_EQ(caps.max_size, 10u);
}

TEST(EhloCapabilities, OldAuthEqualsFormIsMergedWithoutDuplicates) {
  const auto caps = parse_ehlo(ehlo_reply({"x", "AUTH LOGIN PLAIN", "AUTH=LOGIN PLAIN CRAM-MD5"}));
  EXPECT_EQ(caps.auth_mechanisms, (std::vector<std::string>{"LOGIN", "PLAIN", "CRAM-MD5"}));
}

TEST(EhloCapabilities, AuthEqualsFormAlone) {
  const auto caps = parse_ehlo(ehlo_reply({"x", "AUTH=PLAIN"}));
  EXPECT_EQ(caps.auth_mechanisms, (std::vector<std::string>{"PLAIN"}));
}

TEST(EhloCapabilities, SizeWithoutAUsableNumberMeansNoFixedLimit) {
  for (const char* line : {"SIZE", "SIZE 0", "SIZE lots", "SIZE -5", "SIZE 99999999999999999999999"}) {
    const auto caps = parse_ehlo(ehlo_reply({"x", line}));
    EXPECT_TRUE(caps.size) << line;
    EXPECT_EQ(caps.max_size, 0u) << line;
  }
}

TEST(EhloCapabilities, UnknownAndOddLinesAreKeptButIgnored) {
  const auto caps = parse_ehlo(ehlo_reply({"x", "X-EXPS GSSAPI NTLM", "", "   ", "VRFY", "ETRN"}));
  EXPECT_EQ(caps.extensions, (std::vector<std::string>{"X-EXPS GSSAPI NTLM", "VRFY", "ETRN"}));
  EXPECT_TRUE(caps.auth_mechanisms.empty());
}

TEST(EhloCapabilities, AuthWithExtraSpacesAndTabs) {
  const auto caps = parse_ehlo(ehlo_reply({"x", "AUTH  PLAIN\tLOGIN "}));
  EXPECT_EQ(caps.auth_mechanisms, (std::vector<std::string>{"PLAIN", "LOGIN"}));
}

}  // namespace
}  // namespace mailsim::client::smtp
