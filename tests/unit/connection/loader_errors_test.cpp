// Each error a connection file can hold, with its exact place.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "unit/connection/load_helpers.hpp"

namespace mailsim::client::test {

namespace {

// A valid inbound side for tests about outbound (and the reverse).
constexpr std::string_view kInbound = R"(inbound:
  host: localhost
  user: a
  password: p
)";

std::string with_inbound(std::string_view outbound) { return std::string(outbound) + std::string(kInbound); }

void expect_error(const LoadResult& r, std::string_view field, int line, int column, std::string_view message) {
  const Diagnostic d = only(r, field);
  EXPECT_EQ(d.severity, Severity::error) << dump(r);
  EXPECT_EQ(d.line, line) << dump(r);
  EXPECT_EQ(d.column, column) << dump(r);
  EXPECT_EQ(d.message, message) << dump(r);
  EXPECT_FALSE(r.ok());
}

TEST(ConnectionErrors, YamlSyntaxErrorIsPlacedAtItsLineAndColumn) {
  const auto r = load("outbound:\n  host: a\n  port: [587\ninbound:\n  host: b\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  const auto& d = r.diagnostics[0];
  EXPECT_EQ(d.severity, Severity::error);
  EXPECT_EQ(d.field, "");
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.column, 8);
  EXPECT_EQ(format_diagnostic(d), "conn.yaml:4:8: error: invalid YAML: end of sequence flow not found");
}

TEST(ConnectionErrors, YamlSyntaxErrorFromATabSaysSo) {
  const auto r = load("outbound:\n\thost: x\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_EQ(r.diagnostics[0].line, 2);
  EXPECT_EQ(r.diagnostics[0].column, 6);
  EXPECT_NE(r.diagnostics[0].message.find("a tab indents this line"), std::string::npos) << dump(r);
}

TEST(ConnectionErrors, EmptyFile) {
  for (const char* text : {"", "\n\n", "# only a comment\n", "~\n"}) {
    const auto r = load(text);
    ASSERT_EQ(r.diagnostics.size(), 1u) << text << "\n" << dump(r);
    EXPECT_EQ(format_diagnostic(r.diagnostics[0]),
              "conn.yaml:1:1: error: the file has no settings; it needs outbound and inbound sections");
  }
}

TEST(ConnectionErrors, TopLevelThatIsNotAMap) {
  auto r = load("# connection\n- outbound\n- inbound\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_EQ(format_diagnostic(r.diagnostics[0]),
            "conn.yaml:2:1: error: the top level must be a map with outbound and inbound sections, found a list");
  r = load("smtp.example.com\n");
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_EQ(r.diagnostics[0].message,
            "the top level must be a map with outbound and inbound sections, found a single value");
}

TEST(ConnectionErrors, MissingSections) {
  auto r = load(kInbound);
  expect_error(r, "outbound", 1, 1, "missing outbound section");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);  // and nothing piled on about its fields

  r = load("outbound:\n  host: localhost\n  port: 2525\n  user: a\n  password: p\n");
  expect_error(r, "inbound", 1, 1, "missing inbound section");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionErrors, EmptyOrMistypedSection) {
  auto r = load(std::string("outbound:\n") + std::string(kInbound));
  expect_error(r, "outbound", 1, 1, "the outbound section is empty");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);

  r = load(std::string("outbound: smtp.example.com\n") + std::string(kInbound));
  expect_error(r, "outbound", 1, 11, "expected a map, found a single value");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionErrors, MissingHostPointsAtTheSection) {
  const auto r = load(with_inbound("# outbound side\noutbound:\n  port: 2525\n  user: a\n  password: p\n"));
  expect_error(r, "outbound.host", 2, 1, "missing host");
}

TEST(ConnectionErrors, EmptyHostPointsAtTheKey) {
  const auto r = load(with_inbound("outbound:\n  port: 2525\n  host:\n  user: a\n  password: p\n"));
  expect_error(r, "outbound.host", 3, 3, "missing host");
}

TEST(ConnectionErrors, PortOutOfRange) {
  const auto r = load(with_inbound("outbound:\n  host: localhost\n  port:   70000\n  user: a\n  password: p\n"));
  expect_error(r, "outbound.port", 3, 11, "70000 is out of range 1-65535");
  EXPECT_EQ(format_diagnostic(only(r, "outbound.port")),
            "conn.yaml:3:11: error: outbound.port: 70000 is out of range 1-65535");
}

TEST(ConnectionErrors, PortThatIsNotANumber) {
  auto r = load(with_inbound("outbound:\n  host: localhost\n  port: submission\n  user: a\n  password: p\n"));
  expect_error(r, "outbound.port", 3, 9, "'submission' is not a port number (1-65535)");
  r = load(
      "outbound: {host: localhost, port: 2525, user: a, password: p}\ninbound: {host: localhost, port: 0, "
      "user: a, password: p}\n");
  expect_error(r, "inbound.port", 2, 34, "0 is out of range 1-65535");
}

TEST(ConnectionErrors, OAuth2WithoutItsBlock) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: 2525
  authentication: oauth2
  user: a
)"));
  expect_error(r, "outbound.oauth2", 4, 19, "authentication is oauth2 but there is no oauth2 block");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionErrors, OAuth2WithAnEmptyBlock) {
  const auto r = load(
      with_inbound("outbound:\n  host: localhost\n  port: 2525\n  authentication: oauth2\n  user: a\n  oauth2:\n"));
  expect_error(r, "outbound.oauth2", 6, 3, "authentication is oauth2 but the oauth2 block is empty");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionErrors, OAuth2BlockMissingItsRequiredFields) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: 2525
  authentication: oauth2
  user: a
  oauth2:
    client_secret: s
    scope: x
)"));
  expect_error(r, "outbound.oauth2.client_id", 6, 3, "missing client_id in the oauth2 block");
  expect_error(r, "outbound.oauth2.authorization_url", 6, 3, "missing authorization_url in the oauth2 block");
  expect_error(r, "outbound.oauth2.access_token_url", 6, 3, "missing access_token_url in the oauth2 block");
  EXPECT_EQ(count(r, Severity::error), 3u) << dump(r);
}

TEST(ConnectionErrors, OAuth2NeedsAUserAndRealUrls) {
  const auto r = load(std::string("outbound: {host: localhost, port: 2525, user: a, password: p}\n") + R"(inbound:
  host: localhost
  authentication: oauth2
  oauth2:
    client_id: id
    authorization_url: login.example.com/authorize
    access_token_url: ftp://login.example.com/token
)");
  expect_error(r, "inbound.user", 2, 1,
               "authentication is oauth2 but no user is given (the mailbox the token logs in to)");
  expect_error(r, "inbound.oauth2.authorization_url", 7, 24, "expected an http:// or https:// URL");
  expect_error(r, "inbound.oauth2.access_token_url", 8, 23, "expected an http:// or https:// URL");
}

TEST(ConnectionErrors, BasicNeedsUserAndPassword) {
  const auto r = load(std::string("outbound: {host: localhost, port: 2525}\n") + std::string(kInbound));
  expect_error(r, "outbound.user", 1, 1, "authentication is basic but no user is given");
  expect_error(r, "outbound.password", 1, 1, "authentication is basic but no password is given");
}

TEST(ConnectionErrors, SameAsOutboundOAuth2WhileOutboundIsBasic) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 2525
  user: a
  password: p
inbound:
  host: localhost
  authentication: same_as_outbound_oauth2
  user: a
)");
  expect_error(r, "inbound.authentication", 8, 19,
               "same_as_outbound_oauth2 needs outbound authentication oauth2, but outbound uses basic");
  EXPECT_EQ(r.diagnostics.size(), 1u) << dump(r);
}

TEST(ConnectionErrors, UnknownKeysAtEveryLevelWithDidYouMean) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 2525
  securty: starttls
  user: a
  password: p
  authentication: oauth2
  oauth2:
    client_id: id
    clientsecret: s
    authorization_url: http://localhost/a
    access_token_url: http://localhost/t
inbound:
  host: localhost
  user: a
  password: p
  colour: blue
tsl:
  verify: true
timeouts:
  conect: 5s
)");
  expect_error(r, "outbound.securty", 4, 3, "unknown key 'securty' in outbound; did you mean 'security'?");
  expect_error(r, "outbound.oauth2.clientsecret", 10, 5,
               "unknown key 'clientsecret' in outbound.oauth2; did you mean 'client_secret'?");
  expect_error(r, "inbound.colour", 17, 3, "unknown key 'colour' in inbound");
  expect_error(r, "tsl", 18, 1, "unknown key 'tsl' at the top level; did you mean 'tls'?");
  expect_error(r, "timeouts.conect", 21, 3, "unknown key 'conect' in timeouts; did you mean 'connect'?");
}

TEST(ConnectionErrors, MisspeltSectionNameIsUnknownAndTheSectionMissing) {
  const auto r = load(std::string("outbond:\n  host: x\n") + std::string(kInbound));
  expect_error(r, "outbond", 1, 1, "unknown key 'outbond' at the top level; did you mean 'outbound'?");
  expect_error(r, "outbound", 1, 1, "missing outbound section");
}

TEST(ConnectionErrors, UseAuthenticationBelongsToOutboundOnly) {
  const auto r = load(std::string("outbound: {host: localhost, port: 2525, user: a, password: p}\n") +
                      std::string(kInbound) + "  use_authentication: false\n");
  expect_error(r, "inbound.use_authentication", 6, 3, "unknown key 'use_authentication' in inbound");
}

TEST(ConnectionErrors, DuplicateKey) {
  const auto r =
      load(with_inbound("outbound:\n  host: localhost\n  port: 2525\n  port: 587\n  user: a\n  password: p\n"));
  expect_error(r, "outbound.port", 4, 3, "duplicate key 'port' in outbound (first written on line 3)");
  EXPECT_EQ(r.config.outbound.port, 2525);
}

TEST(ConnectionErrors, BadEnumValuesListTheAllowedOnes) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 2525
  security: tls
  authentication: oauth
  user: a
  password: p
inbound:
  host: localhost
  security: STARTTLS
  authentication: xoauth2
  user: a
  password: p
)");
  expect_error(r, "outbound.security", 4, 13, "'tls' is not one of none, ssl_tls, starttls");
  expect_error(r, "outbound.authentication", 5, 19, "'oauth' is not one of basic, oauth2; did you mean 'oauth2'?");
  expect_error(r, "inbound.security", 10, 13,
               "'STARTTLS' is not one of none, ssl_tls, starttls; did you mean 'starttls'?");
  expect_error(r, "inbound.authentication", 11, 19,
               "'xoauth2' is not one of basic, oauth2, same_as_outbound_oauth2; did you mean 'oauth2'?");
  // A side whose authentication is unreadable is not checked for credentials.
  EXPECT_EQ(count(r, Severity::error), 4u) << dump(r);
}

TEST(ConnectionErrors, WrongTypes) {
  const auto r = load(R"(outbound:
  host: {name: smtp.example.com}
  port: [587]
  use_authentication: maybe
  user: a
  password:
    - p
inbound:
  host: localhost
  user: a
  password: p
  oauth2: yes
tls: [verify]
timeouts:
  connect: 10 seconds
  command: 0
)");
  expect_error(r, "outbound.host", 2, 9, "expected text, found a map");
  expect_error(r, "outbound.port", 3, 9, "expected a port number (1-65535), found a list");
  expect_error(r, "outbound.use_authentication", 4, 23, "'maybe' is not a boolean (true or false)");
  expect_error(r, "outbound.password", 7, 5, "expected text, found a list");
  expect_error(r, "inbound.oauth2", 12, 11, "expected a map, found a single value");
  expect_error(r, "tls", 13, 6, "expected a map, found a list");
  expect_error(r, "timeouts.connect", 15, 12,
               "'10 seconds' is not a duration (e.g. 10s, 500ms, 2m, or a number of seconds)");
  expect_error(r, "timeouts.command", 16, 12, "must be longer than zero");
  // No "missing host" or "no password" piled on the fields already reported.
  EXPECT_EQ(r.diagnostics.size(), 8u) << dump(r);
}

TEST(ConnectionErrors, ParameterMapsTakeOnlyTextValues) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: 2525
  authentication: oauth2
  user: a
  oauth2:
    client_id: id
    authorization_url: http://localhost/a
    access_token_url: http://localhost/t
    authorization_parameters:
      prompt: [consent]
    access_token_parameters: none
    scope: [a, {b: c}]
)"));
  expect_error(r, "outbound.oauth2.authorization_parameters.prompt", 11, 15, "expected text, found a list");
  expect_error(r, "outbound.oauth2.access_token_parameters", 12, 30, "expected a map, found a single value");
  expect_error(r, "outbound.oauth2.scope", 13, 16, "expected a word, found a map");
}

TEST(ConnectionErrors, TlsSettings) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: 2525
  user: a
  password: p
tls:
  ca_file: /nonexistent/ca.pem
  min_version: 1.4
)"));
  expect_error(r, "tls.ca_file", 7, 12, "cannot read the CA file '/nonexistent/ca.pem'");
  expect_error(r, "tls.min_version", 8, 16, "'1.4' is not one of 1.0, 1.1, 1.2, 1.3");
}

TEST(ConnectionErrors, MissingEnvironmentVariableIsNamedWithItsField) {
  const auto r = load(with_inbound(R"(outbound:
  host: localhost
  port: ${SMTP_PORT}
  user: ${SMTP_USER}
  password: ${SMTP_PASSWORD}
)"),
                      {{"SMTP_USER", "alice"}});
  expect_error(r, "outbound.password", 5, 13, "environment variable SMTP_PASSWORD is not set");
  expect_error(r, "outbound.port", 3, 9, "environment variable SMTP_PORT is not set");
  EXPECT_EQ(r.config.outbound.user, "alice");
  EXPECT_EQ(r.diagnostics.size(), 2u) << dump(r);  // and no "no password given" on top
}

TEST(ConnectionErrors, EveryMissingVariableOfOneValueIsNamed) {
  const auto r = load(with_inbound("outbound:\n  host: ${A}.${B}\n  port: 2525\n  user: a\n  password: p\n"));
  const auto found = about(r, "outbound.host");
  ASSERT_EQ(found.size(), 2u) << dump(r);
  EXPECT_EQ(found[0].message, "environment variable A is not set");
  EXPECT_EQ(found[1].message, "environment variable B is not set");
}

TEST(ConnectionErrors, MalformedReference) {
  const auto r =
      load(with_inbound("outbound:\n  host: localhost\n  port: 2525\n  user: a\n  password: ${SMTP_PASSWORD\n"));
  expect_error(r, "outbound.password", 5, 13, "'${' without a closing '}'");
}

TEST(ConnectionErrors, ValueFromTheEnvironmentThatIsNotAPort) {
  const auto r = load(with_inbound("outbound:\n  host: localhost\n  port: ${SMTP_PORT}\n  user: a\n  password: p\n"),
                      {{"SMTP_PORT", "abc"}});
  expect_error(r, "outbound.port", 3, 9, "'${SMTP_PORT}' (from the environment) is not a port number (1-65535)");
}

TEST(ConnectionErrors, NonScalarKey) {
  const auto r = load(std::string("? [a, b]\n: c\n") +
                      "outbound: {host: localhost, port: 2525, user: a, password: p}\n" + std::string(kInbound));
  ASSERT_EQ(r.diagnostics.size(), 1u) << dump(r);
  EXPECT_EQ(format_diagnostic(r.diagnostics[0]), "conn.yaml:1:3: error: a key at the top level must be a plain name");
}

TEST(ConnectionErrors, SeveralProblemsAreReportedTogetherInFileOrder) {
  const auto r = load(R"(outbound:
  port: 70000
  securty: starttls
  authentication: oauth2
  user: a
inbound:
  host: imap.example.com
  authentication: same_as_outbound_oauth2
  security: tls
  user: a
  password: ${IMAP_PASSWORD}
tls:
  verify: false
)");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(formatted(r), (std::vector<std::string>{
                              "conn.yaml:1:1: error: outbound.host: missing host",
                              "conn.yaml:2:9: error: outbound.port: 70000 is out of range 1-65535",
                              "conn.yaml:3:3: error: outbound.securty: unknown key 'securty' in outbound; did you "
                              "mean 'security'?",
                              "conn.yaml:4:19: error: outbound.oauth2: authentication is oauth2 but there is no "
                              "oauth2 block",
                              "conn.yaml:9:13: error: inbound.security: 'tls' is not one of none, ssl_tls, starttls",
                              "conn.yaml:11:13: error: inbound.password: environment variable IMAP_PASSWORD is not set",
                              "conn.yaml:13:11: warning: tls.verify: certificate verification is off: anyone on the "
                              "path can read the password; trust the server's CA with tls.ca_file instead",
                          }))
      << dump(r);
}

TEST(ConnectionErrors, ProblemsInTheSameFileAreAllReportedEvenAcrossSides) {
  const auto r = load(R"(outbound:
  host: localhost
  port: 0
  user: a
  password: p
inbound:
  port: 99999
  user: a
  password: p
)");
  EXPECT_EQ(count(r, Severity::error), 3u) << dump(r);
  expect_error(r, "outbound.port", 3, 9, "0 is out of range 1-65535");
  expect_error(r, "inbound.port", 7, 9, "99999 is out of range 1-65535");
  expect_error(r, "inbound.host", 6, 1, "missing host");
}

}  // namespace
}  // namespace mailsim::client::test
