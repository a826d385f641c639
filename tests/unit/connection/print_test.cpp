#include <gtest/gtest.h>

#include "client/connection/connection_print.hpp"
#include "unit/connection/load_helpers.hpp"

namespace mailsim::client::test {
namespace {

TEST(RedactedYaml, PrintsTheEffectiveConfigWithDefaults) {
  ConnectionConfig c;
  c.source_file = "conn.yaml";
  c.outbound.host = "smtp.example.com";
  c.outbound.user = "alice";
  c.outbound.password = "pw";
  c.inbound.host = "imap.example.com";
  c.inbound.user = "alice";
  const std::string printed = redacted_yaml(c);
  EXPECT_EQ(printed, R"(# from conn.yaml
outbound:
  host: smtp.example.com
  port: 25
  use_authentication: true
  authentication: basic
  security: none
  user: alice
  password: <redacted>
inbound:
  host: imap.example.com
  port: 143
  authentication: basic
  security: none
  user: alice
  password: ""
tls:
  ca_file: ""
  verify: true
  min_version: 1.2
timeouts:
  connect: 10s
  command: 30s
  overall: 2m
)");
}

TEST(RedactedYaml, ReadsBackAsTheSameConfigApartFromSecrets) {
  const auto original = load(R"(outbound:
  host: smtp.example.com
  port: 587
  security: starttls
  authentication: oauth2
  user: alice
  oauth2:
    client_id: id
    client_secret: s
    authorization_url: https://login.example.com/a
    scope: "a: b  c"
    authorization_parameters: {prompt: consent}
    access_token_url: https://login.example.com/t
    token_store: /tmp/t.json
inbound:
  host: imap.example.com
  port: 993
  security: ssl_tls
  authentication: same_as_outbound_oauth2
  user: alice
timeouts: {connect: 1500ms}
)");
  ASSERT_TRUE(original.ok()) << dump(original);
  const auto again = load(redacted_yaml(original.config));
  ASSERT_TRUE(again.ok()) << dump(again) << redacted_yaml(original.config);
  const auto& a = original.config;
  const auto& b = again.config;
  EXPECT_EQ(b.outbound.port, a.outbound.port);
  EXPECT_EQ(b.outbound.security, a.outbound.security);
  EXPECT_EQ(b.outbound.oauth2->scope, a.outbound.oauth2->scope);
  EXPECT_EQ(b.outbound.oauth2->authorization_parameters, a.outbound.oauth2->authorization_parameters);
  EXPECT_EQ(b.outbound.oauth2->token_store, a.outbound.oauth2->token_store);
  EXPECT_EQ(b.outbound.oauth2->client_secret, std::string(kRedacted));
  EXPECT_EQ(b.inbound.authentication, a.inbound.authentication);
  EXPECT_EQ(b.timeouts.connect, a.timeouts.connect);
  EXPECT_EQ(b.tls.min_version, a.tls.min_version);
}

}  // namespace
}  // namespace mailsim::client::test
