#include <gtest/gtest.h>

#include "client/smtp/mechanism_choice.hpp"

namespace mailsim::client::smtp {
namespace {

EhloCapabilities offering(std::vector<std::string> mechanisms) {
  EhloCapabilities caps;
  caps.auth_mechanisms = std::move(mechanisms);
  return caps;
}

sasl::ClientCredentials password() {
  sasl::ClientCredentials c;
  c.user = "alice";
  c.password = "secret";
  return c;
}

sasl::ClientCredentials token() {
  sasl::ClientCredentials c;
  c.user = "alice";
  c.access_token = "ya29.token";
  return c;
}

sasl::Mechanism chosen(const std::variant<sasl::Mechanism, Failure>& v) {
  EXPECT_TRUE(std::holds_alternative<sasl::Mechanism>(v)) << describe(std::get<Failure>(v));
  return std::get<sasl::Mechanism>(v);
}

Failure refused(const std::variant<sasl::Mechanism, Failure>& v) {
  EXPECT_TRUE(std::holds_alternative<Failure>(v));
  return std::get<Failure>(v);
}

TEST(MechanismChoice, PasswordPrefersCramMd5ThenPlainThenLogin) {
  EXPECT_EQ(chosen(choose_mechanism(offering({"LOGIN", "PLAIN", "CRAM-MD5"}), password(), std::nullopt)),
            sasl::Mechanism::cram_md5);
  EXPECT_EQ(chosen(choose_mechanism(offering({"LOGIN", "PLAIN"}), password(), std::nullopt)), sasl::Mechanism::plain);
  EXPECT_EQ(chosen(choose_mechanism(offering({"LOGIN"}), password(), std::nullopt)), sasl::Mechanism::login);
}

TEST(MechanismChoice, PasswordNeverPicksAnOAuthMechanism) {
  EXPECT_EQ(chosen(choose_mechanism(offering({"XOAUTH2", "OAUTHBEARER", "PLAIN"}), password(), std::nullopt)),
            sasl::Mechanism::plain);
}

TEST(MechanismChoice, TokenPrefersOAuthBearerThenXOAuth2) {
  EXPECT_EQ(chosen(choose_mechanism(offering({"XOAUTH2", "OAUTHBEARER", "PLAIN"}), token(), std::nullopt)),
            sasl::Mechanism::oauthbearer);
  EXPECT_EQ(chosen(choose_mechanism(offering({"LOGIN", "XOAUTH2"}), token(), std::nullopt)), sasl::Mechanism::xoauth2);
}

TEST(MechanismChoice, TokenOnlyWithPasswordMechanismsOfferedIsUnsupported) {
  const Failure f = refused(choose_mechanism(offering({"PLAIN", "LOGIN"}), token(), std::nullopt));
  EXPECT_EQ(f.reason, Reason::auth_mechanism_unsupported);
  EXPECT_EQ(f.stage, Stage::authenticate);
  EXPECT_NE(f.detail.find("PLAIN LOGIN"), std::string::npos);
  EXPECT_NE(f.detail.find("access token"), std::string::npos);
}

TEST(MechanismChoice, NoAuthOfferedAtAll) {
  const Failure f = refused(choose_mechanism(offering({}), password(), std::nullopt));
  EXPECT_EQ(f.reason, Reason::auth_mechanism_unsupported);
  EXPECT_NE(f.detail.find("no AUTH"), std::string::npos);
}

TEST(MechanismChoice, UnknownMechanismsAreIgnored) {
  EXPECT_EQ(chosen(choose_mechanism(offering({"GSSAPI", "NTLM", "LOGIN"}), password(), std::nullopt)),
            sasl::Mechanism::login);
  EXPECT_EQ(refused(choose_mechanism(offering({"GSSAPI", "NTLM"}), password(), std::nullopt)).reason,
            Reason::auth_mechanism_unsupported);
}

TEST(MechanismChoice, ForcedMechanismIsUsedWhenOffered) {
  EXPECT_EQ(chosen(choose_mechanism(offering({"CRAM-MD5", "LOGIN"}), password(), sasl::Mechanism::login)),
            sasl::Mechanism::login);
}

TEST(MechanismChoice, ForcedMechanismNotOffered) {
  const Failure f = refused(choose_mechanism(offering({"PLAIN"}), password(), sasl::Mechanism::cram_md5));
  EXPECT_EQ(f.reason, Reason::auth_mechanism_unsupported);
  EXPECT_NE(f.detail.find("CRAM-MD5"), std::string::npos);
}

TEST(MechanismChoice, ForcedMechanismTheCredentialsCannotServe) {
  const Failure f = refused(choose_mechanism(offering({"XOAUTH2"}), password(), sasl::Mechanism::xoauth2));
  EXPECT_EQ(f.reason, Reason::config_invalid);
  EXPECT_NE(f.detail.find("access token"), std::string::npos);
}

TEST(MechanismChoice, FailureTextNeverHoldsTheSecret) {
  const Failure f = refused(choose_mechanism(offering({"XOAUTH2"}), password(), std::nullopt));
  EXPECT_EQ(describe(f).find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::client::smtp
