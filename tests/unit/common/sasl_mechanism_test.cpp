#include <gtest/gtest.h>

#include "common/sasl/mechanism.hpp"

namespace mailsim::sasl {
namespace {

constexpr Mechanism kAll[] = {Mechanism::plain, Mechanism::login, Mechanism::cram_md5, Mechanism::xoauth2,
                              Mechanism::oauthbearer};

TEST(SaslMechanism, NamesAreTheRegisteredOnes) {
  EXPECT_EQ(to_string(Mechanism::plain), "PLAIN");
  EXPECT_EQ(to_string(Mechanism::login), "LOGIN");
  EXPECT_EQ(to_string(Mechanism::cram_md5), "CRAM-MD5");
  EXPECT_EQ(to_string(Mechanism::xoauth2), "XOAUTH2");
  EXPECT_EQ(to_string(Mechanism::oauthbearer), "OAUTHBEARER");
}

TEST(SaslMechanism, ParsesItsOwnNames) {
  for (const auto m : kAll) EXPECT_EQ(parse_mechanism(to_string(m)), m);
}

TEST(SaslMechanism, ParsingIgnoresCase) {
  EXPECT_EQ(parse_mechanism("cram-md5"), Mechanism::cram_md5);
  EXPECT_EQ(parse_mechanism("OAuthBearer"), Mechanism::oauthbearer);
}

TEST(SaslMechanism, UnknownNamesAreNotGuessed) {
  for (const std::string_view name : {"", "DIGEST-MD5", "SCRAM-SHA-1", "PLAIN ", "PLAI", "XOAUTH", "CRAM_MD5"}) {
    EXPECT_EQ(parse_mechanism(name), std::nullopt) << name;
  }
}

TEST(SaslMechanism, OnlyTokenMechanismsAreOAuth) {
  EXPECT_FALSE(is_oauth(Mechanism::plain));
  EXPECT_FALSE(is_oauth(Mechanism::login));
  EXPECT_FALSE(is_oauth(Mechanism::cram_md5));
  EXPECT_TRUE(is_oauth(Mechanism::xoauth2));
  EXPECT_TRUE(is_oauth(Mechanism::oauthbearer));
}

}  // namespace
}  // namespace mailsim::sasl
