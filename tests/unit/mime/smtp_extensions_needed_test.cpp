#include "client/mime/smtp_extensions_needed.hpp"

#include <gtest/gtest.h>

namespace mailsim::client::mime {
namespace {

const std::vector<std::string> kAsciiRecipients{"a@example.com", "b@example.org"};

TEST(SmtpExtensionsNeeded, AnAsciiMessageNeedsNeither) {
  const std::string message = "Subject: hi\r\n\r\nhello\r\n";
  EXPECT_FALSE(needs_8bitmime(message));
  EXPECT_FALSE(needs_smtputf8("s@example.com", kAsciiRecipients, message));
}

TEST(SmtpExtensionsNeeded, EightBitBodyNeeds8bitmime) {
  EXPECT_TRUE(needs_8bitmime("Subject: hi\r\n\r\nh\xc3\xa9llo\r\n"));
  EXPECT_TRUE(needs_8bitmime("Subject: hi\n\nh\xc3\xa9llo\n"));
  EXPECT_TRUE(needs_8bitmime("\r\n\xff"));
}

TEST(SmtpExtensionsNeeded, EightBitHeadersNeedSmtputf8NotTheBody) {
  const std::string message = "To: j\xc3\xb6rg@example.de\r\n\r\nplain body\r\n";
  EXPECT_FALSE(needs_8bitmime(message));
  EXPECT_TRUE(needs_smtputf8("s@example.com", kAsciiRecipients, message));
}

TEST(SmtpExtensionsNeeded, AMessageWithoutBodyIsAllHeader) {
  EXPECT_FALSE(needs_8bitmime("Subject: caf\xc3\xa9\r\n"));
  EXPECT_TRUE(needs_smtputf8("s@example.com", kAsciiRecipients, "Subject: caf\xc3\xa9\r\n"));
}

TEST(SmtpExtensionsNeeded, NonAsciiEnvelopeAddressesNeedSmtputf8) {
  const std::string message = "Subject: hi\r\n\r\nhello\r\n";
  EXPECT_TRUE(needs_smtputf8("j\xc3\xb6rg@example.de", kAsciiRecipients, message));
  const std::vector<std::string> recipients{"a@example.com", "\xe7\x94\xa8\xe6\x88\xb7@example.com"};
  EXPECT_TRUE(needs_smtputf8("s@example.com", recipients, message));
  EXPECT_FALSE(needs_smtputf8("", {}, message));
}

}  // namespace
}  // namespace mailsim::client::mime
