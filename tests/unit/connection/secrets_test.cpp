// Secrets never reach a diagnostic, whatever goes wrong around them.
#include <gtest/gtest.h>

#include "client/connection/connection_print.hpp"
#include "unit/connection/load_helpers.hpp"

namespace mailsim::client::test {
namespace {

// Distinctive enough that any substring match means a leak.
const std::vector<std::string> kSecrets = {"Hunter2-OutboundPw", "Swordfish-InboundPw", "Cl1entS3cret-Out",
                                           "Cl1entS3cret-In",    "EnvPassw0rd-Value",   "EnvSecr3t-Value"};

void expect_no_secret(const LoadResult& r) {
  ASSERT_FALSE(r.diagnostics.empty()) << "the file was meant to produce diagnostics";
  for (const auto& line : formatted(r)) {
    for (const auto& secret : kSecrets) {
      EXPECT_EQ(line.find(secret), std::string::npos) << "secret in: " << line;
      // Nor a good part of one.
      EXPECT_EQ(line.find(secret.substr(0, 8)), std::string::npos) << "secret in: " << line;
    }
  }
}

const std::map<std::string, std::string> kEnv = {{"SMTP_PASSWORD", "EnvPassw0rd-Value"},
                                                 {"CLIENT_SECRET", "EnvSecr3t-Value"}};

TEST(ConnectionSecrets, IgnoredPasswordsAreNotQuoted) {
  const auto r = load(R"(outbound:
  host: smtp.example.com
  use_authentication: false
  user: a
  password: Hunter2-OutboundPw
inbound:
  host: imap.example.com
  authentication: oauth2
  user: a
  password: Swordfish-InboundPw
  oauth2:
    client_id: id
    client_secret: Cl1entS3cret-In
    authorization_url: https://x/a
    access_token_url: https://x/t
)",
                      kEnv);
  EXPECT_EQ(about(r, "outbound.use_authentication").size(), 1u) << dump(r);
  EXPECT_EQ(about(r, "inbound.password").size(), 1u) << dump(r);
  expect_no_secret(r);
}

TEST(ConnectionSecrets, SecretsInWrongPlacesAreNotQuoted) {
  const auto r = load(R"(outbound:
  host: smtp.example.com
  port: ${SMTP_PASSWORD}
  security: ${CLIENT_SECRET}
  use_authentication: ${SMTP_PASSWORD}
  user: a
  password: {Hunter2-OutboundPw: x}
  passwrd: Hunter2-OutboundPw
inbound:
  host: imap.example.com
  user: a
  password: [Swordfish-InboundPw]
  oauth2:
    client_secret: {Cl1entS3cret-In: 1}
    authorization_parameters:
      p: {Cl1entS3cret-Out: 1}
tls:
  ca_file: ${CLIENT_SECRET}
timeouts:
  connect: ${SMTP_PASSWORD}
)",
                      kEnv);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(only(r, "outbound.port").message,
            "'${SMTP_PASSWORD}' (from the environment) is not a port number (1-65535)");
  EXPECT_EQ(only(r, "outbound.passwrd").message, "unknown key 'passwrd' in outbound; did you mean 'password'?");
  expect_no_secret(r);
}

TEST(ConnectionSecrets, MalformedOrMissingReferencesInSecretsAreNotQuoted) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 2525
  user: a
  password: Hunter2-OutboundPw${
inbound:
  host: localhost
  authentication: oauth2
  user: a
  password: Swordfish-InboundPw${NOPE}
  oauth2:
    client_id: id
    client_secret: Cl1entS3cret-In${bad name}
    authorization_url: https://x/a
    access_token_url: https://x/t
)",
                      kEnv);
  EXPECT_EQ(only(r, "outbound.password").message, "'${' without a closing '}'");
  EXPECT_EQ(only(r, "inbound.password").message, "environment variable NOPE is not set");
  EXPECT_EQ(about(r, "inbound.oauth2.client_secret").size(), 1u) << dump(r);
  expect_no_secret(r);
}

TEST(ConnectionSecrets, ASyntaxErrorNearASecretDoesNotQuoteIt) {
  const auto r = load("outbound:\n  password: \"Hunter2-OutboundPw\n  host: [x\n");
  ASSERT_FALSE(r.ok());
  expect_no_secret(r);
}

TEST(ConnectionSecrets, RedactedPrintShowsNoSecret) {
  const auto r = load(R"(outbound:
  host: smtp.example.com
  port: 587
  security: starttls
  user: alice
  password: ${SMTP_PASSWORD}
inbound:
  host: imap.example.com
  port: 993
  security: ssl_tls
  authentication: oauth2
  user: alice
  password: Swordfish-InboundPw
  oauth2:
    client_id: my-client
    client_secret: ${CLIENT_SECRET}
    authorization_url: https://x/a
    access_token_url: https://x/t
    access_token_parameters:
      client_assertion: Cl1entS3cret-Out
      audience: mail
)",
                      kEnv);
  ASSERT_TRUE(r.ok()) << dump(r);
  const std::string printed = redacted_yaml(r.config);
  for (const auto& secret : kSecrets) EXPECT_EQ(printed.find(secret), std::string::npos) << printed;
  EXPECT_NE(printed.find("password: <redacted>"), std::string::npos) << printed;
  EXPECT_NE(printed.find("client_secret: <redacted>"), std::string::npos) << printed;
  EXPECT_NE(printed.find("client_assertion: <redacted>"), std::string::npos) << printed;
  EXPECT_NE(printed.find("audience: mail"), std::string::npos) << printed;
  EXPECT_NE(printed.find("client_id: my-client"), std::string::npos) << printed;
}

}  // namespace
}  // namespace mailsim::client::test
