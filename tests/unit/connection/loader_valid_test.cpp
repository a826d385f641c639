// Complete, valid connection files: every field lands in the model and
// defaults fill the rest.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "unit/connection/load_helpers.hpp"

namespace mailsim::client::test {
namespace {

using std::chrono::milliseconds;

TEST(LoadConnection, BasicOnBothSidesWithEveryFieldWritten) {
  const auto r = load(R"(outbound:
  host: smtp.example.com
  port: 587
  use_authentication: true
  authentication: basic
  security: starttls
  user: alice@example.com
  password: out-pass
inbound:
  host: imap.example.com
  port: 993
  authentication: basic
  security: ssl_tls
  user: alice
  password: in-pass
tls:
  verify: true
  min_version: "1.3"
timeouts:
  connect: 500ms
  command: 20s
  overall: 3m
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
  const auto& c = r.config;
  EXPECT_EQ(c.source_file, "conn.yaml");
  EXPECT_EQ(c.outbound.host, "smtp.example.com");
  EXPECT_EQ(c.outbound.port, 587);
  EXPECT_TRUE(c.outbound.use_authentication);
  EXPECT_EQ(c.outbound.authentication, OutboundAuthentication::basic);
  EXPECT_EQ(c.outbound.security, Security::starttls);
  EXPECT_EQ(c.outbound.user, "alice@example.com");
  EXPECT_EQ(c.outbound.password, "out-pass");
  EXPECT_FALSE(c.outbound.oauth2);
  EXPECT_EQ(c.inbound.host, "imap.example.com");
  EXPECT_EQ(c.inbound.port, 993);
  EXPECT_EQ(c.inbound.authentication, InboundAuthentication::basic);
  EXPECT_EQ(c.inbound.security, Security::ssl_tls);
  EXPECT_EQ(c.inbound.user, "alice");
  EXPECT_EQ(c.inbound.password, "in-pass");
  EXPECT_TRUE(c.tls.verify);
  EXPECT_EQ(c.tls.min_version, "1.3");
  EXPECT_EQ(c.tls.ca_file, "");
  EXPECT_EQ(c.timeouts.connect, milliseconds(500));
  EXPECT_EQ(c.timeouts.command, milliseconds(20'000));
  EXPECT_EQ(c.timeouts.overall, milliseconds(180'000));
}

TEST(LoadConnection, DefaultsFillWhatTheFileLeavesOut) {
  const auto r = load(R"(outbound:
  host: localhost
  user: a
  password: p
inbound:
  host: 127.0.0.1
  user: a
  password: p
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  const auto& c = r.config;
  EXPECT_EQ(c.outbound.port, 25);
  EXPECT_TRUE(c.outbound.use_authentication);
  EXPECT_EQ(c.outbound.authentication, OutboundAuthentication::basic);
  EXPECT_EQ(c.outbound.security, Security::none);
  EXPECT_EQ(c.inbound.port, 143);
  EXPECT_EQ(c.inbound.authentication, InboundAuthentication::basic);
  EXPECT_EQ(c.inbound.security, Security::none);
  EXPECT_TRUE(c.tls.verify);
  EXPECT_EQ(c.tls.min_version, "1.2");
  EXPECT_EQ(c.timeouts.connect, milliseconds(10'000));
  EXPECT_EQ(c.timeouts.command, milliseconds(30'000));
  EXPECT_EQ(c.timeouts.overall, milliseconds(120'000));
  // Loopback hosts: no clear-text warning; the default port 25 still warns.
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_EQ(format_diagnostic(r.diagnostics[0]),
            "conn.yaml:1:1: warning: outbound.port: port 25 (the default) is throttled or blocked by many "
            "providers and clouds; use 587 with security starttls, or 465 with security ssl_tls");
}

constexpr std::string_view kBothOAuth2 = R"(outbound:
  host: smtp.office365.com
  port: 587
  security: starttls
  authentication: oauth2
  user: alice@contoso.com
  oauth2:
    client_id: out-client
    client_secret: out-secret
    authorization_url: https://login.example.com/authorize
    scope: https://outlook.office.com/SMTP.Send offline_access  Mail.Read
    authorization_parameters:
      prompt: consent
      login_hint: alice@contoso.com
      access_type: offline
    access_token_url: https://login.example.com/token
    access_token_parameters:
      resource: https://outlook.office.com
    token_store: /var/lib/mailsim/outbound.tokens
inbound:
  host: outlook.office365.com
  port: 993
  security: ssl_tls
  authentication: oauth2
  user: alice@contoso.com
  oauth2:
    client_id: in-client
    authorization_url: http://127.0.0.1:8080/authorize
    scope: [https://outlook.office.com/IMAP.AccessAsUser.All, offline_access]
    access_token_url: http://127.0.0.1:8080/token
)";

TEST(LoadConnection, OAuth2OnBothSides) {
  const auto r = load(kBothOAuth2);
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
  const auto& out = r.config.outbound;
  EXPECT_EQ(out.authentication, OutboundAuthentication::oauth2);
  ASSERT_TRUE(out.oauth2);
  EXPECT_EQ(out.oauth2->client_id, "out-client");
  EXPECT_EQ(out.oauth2->client_secret, "out-secret");
  EXPECT_EQ(out.oauth2->authorization_url, "https://login.example.com/authorize");
  // Order and case kept; runs of spaces separate like one.
  EXPECT_EQ(out.oauth2->scope,
            (std::vector<std::string>{"https://outlook.office.com/SMTP.Send", "offline_access", "Mail.Read"}));
  EXPECT_EQ(out.oauth2->scope_string(), "https://outlook.office.com/SMTP.Send offline_access Mail.Read");
  EXPECT_EQ(out.oauth2->authorization_parameters,
            (ParameterList{{"prompt", "consent"}, {"login_hint", "alice@contoso.com"}, {"access_type", "offline"}}));
  EXPECT_EQ(out.oauth2->access_token_url, "https://login.example.com/token");
  EXPECT_EQ(out.oauth2->access_token_parameters, (ParameterList{{"resource", "https://outlook.office.com"}}));
  EXPECT_EQ(out.oauth2->token_store, "/var/lib/mailsim/outbound.tokens");

  const auto& in = r.config.inbound;
  EXPECT_EQ(in.authentication, InboundAuthentication::oauth2);
  ASSERT_TRUE(in.oauth2);
  EXPECT_EQ(in.oauth2->client_id, "in-client");
  EXPECT_EQ(in.oauth2->client_secret, "");  // a public client
  EXPECT_EQ(in.oauth2->scope,
            (std::vector<std::string>{"https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"}));
  EXPECT_TRUE(in.oauth2->authorization_parameters.empty());
  EXPECT_FALSE(in.oauth2->token_store);
}

TEST(LoadConnection, InboundSharesTheOutboundOAuth2Settings) {
  const auto r = load(R"(outbound:
  host: smtp.gmail.com
  port: 465
  security: ssl_tls
  authentication: oauth2
  user: bob@gmail.com
  oauth2:
    client_id: id
    authorization_url: https://accounts.example.com/o/oauth2/auth
    scope: https://mail.google.com/
    access_token_url: https://oauth2.example.com/token
inbound:
  host: imap.gmail.com
  port: 993
  security: ssl_tls
  authentication: same_as_outbound_oauth2
  user: bob@gmail.com
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
  EXPECT_EQ(r.config.inbound.authentication, InboundAuthentication::same_as_outbound_oauth2);
  EXPECT_FALSE(r.config.inbound.oauth2);
}

TEST(LoadConnection, SecretsAndOtherValuesComeFromTheEnvironment) {
  const auto r = load(R"(outbound:
  host: ${SMTP_HOST}
  port: ${SMTP_PORT}
  security: starttls
  user: alice
  password: ${SMTP_PASSWORD}
inbound:
  host: imap.example.com
  port: 993
  security: ssl_tls
  authentication: oauth2
  user: alice
  oauth2:
    client_id: id-${TENANT}
    client_secret: "${CLIENT_SECRET}"
    authorization_url: https://login.example.com/${TENANT}/authorize
    access_token_url: https://login.example.com/${TENANT}/token
    access_token_parameters:
      client_assertion: ${ASSERTION}
)",
                      {{"SMTP_HOST", "smtp.example.com"},
                       {"SMTP_PORT", "587"},
                       {"SMTP_PASSWORD", "pa$$ w0rd"},
                       {"TENANT", "contoso"},
                       {"CLIENT_SECRET", "cs"},
                       {"ASSERTION", "eyJ"}});
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
  EXPECT_EQ(r.config.outbound.host, "smtp.example.com");
  EXPECT_EQ(r.config.outbound.port, 587);
  EXPECT_EQ(r.config.outbound.password, "pa$$ w0rd");  // values are not expanded again
  EXPECT_EQ(r.config.inbound.oauth2->client_id, "id-contoso");
  EXPECT_EQ(r.config.inbound.oauth2->client_secret, "cs");
  EXPECT_EQ(r.config.inbound.oauth2->access_token_url, "https://login.example.com/contoso/token");
  EXPECT_EQ(r.config.inbound.oauth2->access_token_parameters, (ParameterList{{"client_assertion", "eyJ"}}));
}

TEST(LoadConnection, EscapedReferenceStaysLiteral) {
  const auto r = load(R"(outbound: {host: localhost, port: 2525, user: a, password: "$${NOT_A_VAR}"}
inbound: {host: localhost, user: a, password: p}
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(r.config.outbound.password, "${NOT_A_VAR}");
}

TEST(LoadConnectionFile, ResolvesRelativePathsAgainstTheFilesFolder) {
  mailsim::test::TempDir dir;
  dir.file("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const std::string path = dir.file("conn.yaml", R"(outbound:
  host: localhost
  port: 2525
  authentication: oauth2
  user: a
  oauth2:
    client_id: id
    authorization_url: http://localhost/authorize
    access_token_url: http://localhost/token
    token_store: tokens/out.json
inbound:
  host: localhost
  user: a
  password: p
tls:
  ca_file: ca.pem
)");
  const auto r = load_connection_file(path, environment_from({}));
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(r.config.source_file, path);
  EXPECT_EQ(r.config.tls.ca_file, dir.path() + "/ca.pem");
  EXPECT_EQ(r.config.outbound.oauth2->token_store, dir.path() + "/tokens/out.json");
}

TEST(LoadConnectionFile, AnAbsentFileIsOneErrorWithoutAPosition) {
  mailsim::test::TempDir dir;
  const std::string path = dir.path() + "/missing.yaml";
  const auto r = load_connection_file(path, environment_from({}));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 0);
  EXPECT_EQ(format_diagnostic(r.diagnostics[0]),
            path + ": error: cannot read the connection file: No such file or directory");
}

TEST(LoadConnectionFile, RefusesAnOversizedFileUnread) {
  mailsim::test::TempDir dir;
  const std::string path = dir.file("big.yaml", std::string(kMaxConnectionFileBytes + 1, '#'));
  const auto r = load_connection_file(path, environment_from({}));
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_NE(r.diagnostics[0].message.find("larger than 1 MiB"), std::string::npos);
}

TEST(LoadConnectionFile, RefusesADirectory) {
  mailsim::test::TempDir dir;
  const auto r = load_connection_file(dir.path(), environment_from({}));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_NE(r.diagnostics[0].message.find("cannot read the connection file"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::client::test
