#include "client/mime/mailbox.hpp"

#include <gtest/gtest.h>

#include "client/mime/encoded_word.hpp"

namespace mailsim::client::mime {
namespace {

TEST(Mailbox, AcceptsOrdinaryAndInternationalAddresses) {
  for (const std::string_view ok :
       {"a@b.c", "first.last+tag@example.com", "user@[127.0.0.1]", "x@localhost", "o'hara@example.ie",
        "\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a", "j\xc3\xb6rg@example.de"}) {
    EXPECT_TRUE(is_valid_address(ok)) << ok;
  }
}

TEST(Mailbox, RejectsWhatIsNotAnAddress) {
  for (const std::string_view bad :
       {"",       "a",         "@b.c",     "a@",    "a b@c.d", "a@b c",     ".a@b.c", "a.@b.c",      "a..b@c.d",
        "a@-b.c", "a@b-.c",    "a@b..c",   "a@.b",  "<a@b.c>", "a@b.c\r\n", "a@b.c>", "\"a b\"@c.d", "a,b@c.d",
        "a@[]",   "a@b.c\x01", "\xff@b.c", "a@@b.c"}) {
    EXPECT_FALSE(is_valid_address(bad)) << bad;
  }
  EXPECT_TRUE(is_valid_address(std::string(64, 'l') + "@example.com"));
  EXPECT_FALSE(is_valid_address(std::string(65, 'l') + "@example.com"));
  EXPECT_FALSE(is_valid_address("a@" + std::string(64, 'd') + ".com"));
}

TEST(Mailbox, FindsTheDomain) {
  EXPECT_EQ(address_domain("tim@example.com"), "example.com");
  EXPECT_EQ(address_domain("tim@[10.0.0.1]"), "[10.0.0.1]");
  EXPECT_EQ(address_domain("no-at-sign"), "");
}

TEST(Mailbox, WritesABareAddressWithoutAName) { EXPECT_EQ(format_mailbox({"", "tim@example.com"}), "tim@example.com"); }

TEST(Mailbox, WritesAnAtomNameAsItIs) {
  EXPECT_EQ(format_mailbox({"Tim Smith", "tim@example.com"}), "Tim Smith <tim@example.com>");
}

TEST(Mailbox, QuotesANameWithSpecials) {
  EXPECT_EQ(format_mailbox({"Smith, Tim", "t@x.org"}), "\"Smith, Tim\" <t@x.org>");
  EXPECT_EQ(format_mailbox({"Tim \"The Tool\" Smith", "t@x.org"}), "\"Tim \\\"The Tool\\\" Smith\" <t@x.org>");
  EXPECT_EQ(format_mailbox({"back\\slash", "t@x.org"}), "\"back\\\\slash\" <t@x.org>");
  EXPECT_EQ(format_mailbox({"two  spaces", "t@x.org"}), "\"two  spaces\" <t@x.org>");
}

TEST(Mailbox, EncodesANonAsciiName) {
  const auto written = format_mailbox({"J\xc3\xb6rg M\xc3\xbcller", "j@x.de"});
  EXPECT_TRUE(written.starts_with("=?UTF-8?")) << written;
  EXPECT_TRUE(written.ends_with(" <j@x.de>")) << written;
  EXPECT_EQ(decode_words(written), "J\xc3\xb6rg M\xc3\xbcller <j@x.de>");
}

TEST(Mailbox, ANameCannotBreakTheHeader) {
  const auto written = format_mailbox({"Evil\r\nBcc: victim@example.com", "e@x.org"});
  EXPECT_EQ(written.find('\r'), std::string::npos);
  EXPECT_EQ(written.find('\n'), std::string::npos);
  EXPECT_EQ(written, "\"Evil Bcc: victim@example.com\" <e@x.org>");
}

TEST(Mailbox, JoinsAListWithCommas) {
  EXPECT_EQ(format_mailbox_list({{"A", "a@x.org"}, {"", "b@x.org"}, {"C, D", "c@x.org"}}),
            "A <a@x.org>, b@x.org, \"C, D\" <c@x.org>");
  EXPECT_EQ(format_mailbox_list({}), "");
}

}  // namespace
}  // namespace mailsim::client::mime
