// Settings that work but that a person should hear about.
#include <gtest/gtest.h>

#include "client/connection/connection_checks.hpp"
#include "unit/connection/load_helpers.hpp"

namespace mailsim::client::test {
namespace {

void expect_warning(const LoadResult& r, std::string_view field, int line, int column, std::string_view message) {
  const Diagnostic d = only(r, field);
  EXPECT_EQ(d.severity, Severity::warning) << dump(r);
  EXPECT_EQ(d.line, line) << dump(r);
  EXPECT_EQ(d.column, column) << dump(r);
  EXPECT_EQ(d.message, message) << dump(r);
  EXPECT_TRUE(r.ok()) << "warnings alone keep a file usable\n" << dump(r);
}

constexpr std::string_view kInbound = R"(inbound:
  host: localhost
  user: a
  password: p
)";

std::string with_inbound(std::string_view outbound) { return std::string(outbound) + std::string(kInbound); }

constexpr std::string_view kPort25 =
    " is throttled or blocked by many providers and clouds; use 587 with security starttls, or 465 with security "
    "ssl_tls";

TEST(ConnectionWarnings, Port25Written) {
  const auto r = load(with_inbound("outbound:\n  host: localhost\n  port: 25\n  user: a\n  password: p\n"));
  expect_warning(r, "outbound.port", 3, 9, "port 25" + std::string(kPort25));
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionWarnings, Port25ByDefault) {
  const auto r = load(with_inbound("outbound:\n  host: localhost\n  user: a\n  password: p\n"));
  expect_warning(r, "outbound.port", 1, 1, "port 25 (the default)" + std::string(kPort25));
}

TEST(ConnectionWarnings, NoPort25WarningOnOtherPortsOrForInbound) {
  const auto r = load(
      "outbound: {host: localhost, port: 2525, user: a, password: p}\n"
      "inbound: {host: localhost, port: 25, user: a, password: p}\n");
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
}

TEST(ConnectionWarnings, VerificationOff) {
  const auto r =
      load(with_inbound("outbound: {host: localhost, port: 2525, user: a, password: p}\ntls:\n  verify: false\n"));
  expect_warning(r, "tls.verify", 3, 11,
                 "certificate verification is off: anyone on the path can read the password; trust the server's CA "
                 "with tls.ca_file instead");
}

TEST(ConnectionWarnings, ClearTextCredentialsOnANonLoopbackHost) {
  const auto r = load(R"(outbound:
  host: smtp.example.com
  port: 2525
  security: none
  user: a
  password: p
inbound:
  host: 192.0.2.7
  user: a
  password: p
)");
  expect_warning(r, "outbound.security", 4, 13,
                 "security is none: credentials will cross the network in clear text; choose starttls or ssl_tls");
  // Not written: the warning points at the side.
  expect_warning(r, "inbound.security", 7, 1,
                 "security is none: credentials will cross the network in clear text; choose starttls or ssl_tls");
}

TEST(ConnectionWarnings, NoClearTextWarningOnLoopbackOrWithoutAuthentication) {
  for (const char* host : {"localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "mail.localhost"}) {
    const auto r = load(std::string("outbound: {host: '") + host + "', port: 2525, user: a, password: p}\n" +
                        std::string(kInbound));
    EXPECT_TRUE(r.diagnostics.empty()) << host << "\n" << dump(r);
  }
  const auto r = load(with_inbound("outbound: {host: relay.example.com, port: 2525, use_authentication: false}\n"));
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
}

TEST(ConnectionWarnings, LoopbackDetection) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("128.0.0.1"));
  EXPECT_FALSE(is_loopback_host("localhost.example.com"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.nip.io"));
  EXPECT_FALSE(is_loopback_host("::2"));
  EXPECT_FALSE(is_loopback_host(""));
}

TEST(ConnectionWarnings, PasswordIgnoredWithOAuth2) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: 2525
  authentication: oauth2
  user: a
  password: hunter2
  oauth2:
    client_id: id
    authorization_url: http://localhost/a
    access_token_url: http://localhost/t
)"));
  expect_warning(r, "outbound.password", 6, 13, "a password is ignored with oauth2 authentication");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionWarnings, PasswordAndBlockIgnoredWithSameAsOutbound) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 2525
  authentication: oauth2
  user: a
  oauth2: {client_id: id, authorization_url: "http://localhost/a", access_token_url: "http://localhost/t"}
inbound:
  host: localhost
  authentication: same_as_outbound_oauth2
  user: a
  password: p
  oauth2:
    client_id: other
)");
  expect_warning(r, "inbound.password", 11, 13, "a password is ignored with same_as_outbound_oauth2 authentication");
  expect_warning(r, "inbound.oauth2", 12, 3,
                 "the oauth2 block is ignored: authentication is same_as_outbound_oauth2 (outbound.oauth2 is used)");
  EXPECT_EQ(r.diagnostics.size(), 2u) << dump(r);
}

TEST(ConnectionWarnings, OAuth2BlockIgnoredWithBasic) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: 2525
  user: a
  password: p
  oauth2:
    client_id: id
)"));
  expect_warning(r, "outbound.oauth2", 6, 3, "the oauth2 block is ignored: authentication is basic");
}

TEST(ConnectionWarnings, CredentialsIgnoredWithoutAuthentication) {
  const auto r = load(with_inbound(R"(outbound:
  host: smtp.example.com
  port: 2525
  use_authentication: false
  user: a
  password: p
)"));
  expect_warning(r, "outbound.use_authentication", 4, 23, "use_authentication is false, so user, password are ignored");
  EXPECT_EQ(r.diagnostics.size(), 1u) << "no clear-text warning: nothing secret is sent\n" << dump(r);
}

TEST(ConnectionWarnings, OutboundOAuth2BlockUsedByInboundIsNotCalledIgnored) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 2525
  use_authentication: false
  authentication: oauth2
  oauth2: {client_id: id, authorization_url: "http://localhost/a", access_token_url: "http://localhost/t"}
inbound:
  host: localhost
  authentication: same_as_outbound_oauth2
  user: a
)");
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
}

TEST(ConnectionErrors, OutboundOAuth2BlockUsedOnlyByInboundIsStillChecked) {
  auto r = load(R"(outbound:
  host: localhost
  port: 2525
  use_authentication: false
  authentication: oauth2
  oauth2: {client_id: id, authorization_url: "http://localhost/a"}
inbound:
  host: localhost
  authentication: same_as_outbound_oauth2
  user: a
)");
  EXPECT_EQ(only(r, "outbound.oauth2.access_token_url").message, "missing access_token_url in the oauth2 block");
  r = load(R"(outbound: {host: localhost, port: 2525, use_authentication: false, authentication: oauth2}
inbound: {host: localhost, authentication: same_as_outbound_oauth2, user: a}
)");
  const Diagnostic d = only(r, "inbound.authentication");
  EXPECT_EQ(format_diagnostic(d),
            "conn.yaml:2:44: error: inbound.authentication: same_as_outbound_oauth2 needs an outbound oauth2 block, "
            "and there is none");
}

TEST(ConnectionWarnings, PortThatExpectsAnotherSecurity) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 465
  security: starttls
  user: a
  password: p
inbound:
  host: localhost
  security: ssl_tls
  user: a
  password: p
)");
  expect_warning(r, "outbound.security", 4, 13, "port 465 expects TLS from the first byte: use security ssl_tls");
  expect_warning(r, "inbound.security", 9, 13,
                 "port 143 (the default) starts in plain text: use security starttls, or port 993 with ssl_tls");
}

TEST(ConnectionWarnings, OldTlsVersion) {
  const auto r =
      load(with_inbound("outbound: {host: localhost, port: 2525, user: a, password: p}\ntls:\n  min_version: '1.0'\n"));
  expect_warning(r, "tls.min_version", 3, 16, "TLS 1.0 and 1.1 are deprecated (RFC 8996) and refused by most servers");
  EXPECT_EQ(r.config.tls.min_version, "1.0");
}

TEST(ConnectionWarnings, WarningsAndErrorsTogether) {
  const auto r = load(R"(outbound:
  host: smtp.example.com
  user: a
  password: p
inbound:
  host: imap.example.com
  port: 993
  security: ssl_tls
  user: a
)");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count(r, Severity::error), 1u) << dump(r);
  EXPECT_EQ(count(r, Severity::warning), 2u) << dump(r);  // port 25, clear text
  EXPECT_EQ(only(r, "inbound.password").message, "authentication is basic but no password is given");
}

}  // namespace
}  // namespace mailsim::client::test
