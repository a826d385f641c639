// The scenario loader's OAuth parts: the `oauth:` section, the token steps,
// `expect: oauth:` and per-server required_scope, good and mistaken.
#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"

namespace {

using namespace mailsim;
using harness::load_scenario_text;

std::vector<std::string> messages(const harness::ScenarioLoad& load) {
  std::vector<std::string> out;
  for (const auto& d : load.diagnostics) out.push_back(client::format_diagnostic(d));
  return out;
}

bool has(const harness::ScenarioLoad& load, std::string_view needle) {
  for (const auto& m : messages(load))
    if (m.find(needle) != std::string::npos) return true;
  return false;
}

const char* kValid = R"(name: oauth
servers:
  mx: {protocol: smtp, required_scope: mail.send}
  box: {protocol: imap}
oauth:
  required_scope: mail
  https: true
  clients:
    connector:
      secret: s3cret
      scopes: mail.send offline_access
      access_token_ttl: 5m
      refresh_token_ttl: never
      rotation: false
      token_format: opaque
      user: alice@example.com
    other: {secret: x, jwt_alg: ES256}
connection:
  outbound: {host: localhost, port: "${mx.port}", authentication: oauth2, user: alice@example.com,
             oauth2: {client_id: connector, token_store: "${token_store}", access_token_url: "${oauth.token_url}"}}
  inbound: {host: localhost}
steps:
  - generate_token: {side: inbound}
  - generate_token:
  - expire_tokens:
  - revoke_refresh_token: {}
  - fail_token_calls: {count: 2, status: 503}
  - fail_token_calls: {error: invalid_grant}
  - reload_tokens:
  - send: {from: a@b.c, to: d@e.f}
    expect: {reason: oauth_refresh_failed, hint: generate a new token}
expect:
  oauth:
    grants: {authorization_code: 1, refresh_token: 2}
)";

TEST(ScenarioOAuth, ReadsTheSectionStepsAndExpectations) {
  const auto load = load_scenario_text(kValid, "oauth.yaml");
  ASSERT_TRUE(load.ok()) << ::testing::PrintToString(messages(load));
  const auto& s = load.scenario;
  ASSERT_TRUE(s.oauth);
  EXPECT_EQ(s.oauth->required_scope, "mail");
  EXPECT_TRUE(s.oauth->https);
  ASSERT_EQ(s.oauth->clients.size(), 2u);
  const auto& c = s.oauth->clients[0];
  EXPECT_EQ(c.id, "connector");
  EXPECT_EQ(c.secret, "s3cret");
  EXPECT_EQ(c.scopes, (std::vector<std::string>{"mail.send", "offline_access"}));
  EXPECT_EQ(c.access_token_ttl, std::chrono::seconds(300));
  EXPECT_EQ(c.refresh_token_ttl, std::chrono::seconds(0));
  EXPECT_FALSE(c.rotation);
  EXPECT_TRUE(c.opaque_tokens);
  EXPECT_EQ(c.user, "alice@example.com");
  EXPECT_TRUE(s.oauth->clients[1].rotation);
  EXPECT_FALSE(s.oauth->clients[1].opaque_tokens);
  EXPECT_EQ(c.jwt_alg, oauth::JwsAlgorithm::rs256);
  EXPECT_EQ(s.oauth->clients[1].jwt_alg, oauth::JwsAlgorithm::es256);

  EXPECT_EQ(s.servers[0].required_scope, "mail.send");
  EXPECT_FALSE(s.servers[1].required_scope);

  ASSERT_EQ(s.steps.size(), 8u);
  EXPECT_EQ(s.steps[0].kind, harness::StepKind::generate_token);
  EXPECT_EQ(s.steps[0].side, harness::TokenSide::inbound);
  EXPECT_EQ(s.steps[1].side, harness::TokenSide::outbound);
  EXPECT_EQ(s.steps[2].kind, harness::StepKind::expire_tokens);
  EXPECT_EQ(s.steps[3].kind, harness::StepKind::revoke_refresh_token);
  EXPECT_EQ(s.steps[4].token_fault.count, 2);
  EXPECT_EQ(s.steps[4].token_fault.status, 503);
  EXPECT_EQ(s.steps[5].token_fault.count, 1);
  EXPECT_EQ(s.steps[5].token_fault.error, "invalid_grant");
  EXPECT_EQ(s.steps[6].kind, harness::StepKind::reload_tokens);
  ASSERT_TRUE(s.steps[7].expect);
  EXPECT_EQ(s.steps[7].expect->outcome.hint, "generate a new token");
  EXPECT_EQ(s.steps[7].expect->outcome.ok, false);

  ASSERT_TRUE(s.expect_oauth);
  EXPECT_EQ(s.expect_oauth->grants, (std::map<std::string, std::size_t>{{"authorization_code", 1}, {"refresh_token", 2}}));
}

TEST(ScenarioOAuth, TyposGetADidYouMeanWithTheirPlace) {
  const auto load = load_scenario_text(R"(name: typo
servers:
  mx: {protocol: smtp, required_scpe: x}
oauth:
  requried_scope: mail
  clients:
    connector: {secret: s, acess_token_ttl: 5m, token_format: jwtt, refresh_token_ttl: 500ms}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - generate_tokn: {}
expect:
  oauth:
    grants: {refresh_tokens: 1}
)",
                                       "typo.yaml");
  EXPECT_FALSE(load.ok());
  const auto all = ::testing::PrintToString(messages(load));
  EXPECT_TRUE(has(load, "typo.yaml:3:24:")) << all;
  EXPECT_TRUE(has(load, "did you mean 'required_scope'?")) << all;
  EXPECT_TRUE(has(load, "typo.yaml:5:3:")) << all;
  EXPECT_TRUE(has(load, "typo.yaml:7:28:")) << all;
  EXPECT_TRUE(has(load, "did you mean 'access_token_ttl'?")) << all;
  EXPECT_TRUE(has(load, "jwt, opaque")) << all;
  EXPECT_TRUE(has(load, "a token lifetime is at least 1s")) << all;
  EXPECT_TRUE(has(load, "typo.yaml:10:5:")) << all;
  EXPECT_TRUE(has(load, "did you mean 'generate_token'?")) << all;
  EXPECT_TRUE(has(load, "typo.yaml:13:14:")) << all;
  EXPECT_TRUE(has(load, "did you mean 'refresh_token'?")) << all;
}

TEST(ScenarioOAuth, TokenStepsAndExpectationsNeedTheMock) {
  const auto load = load_scenario_text(R"(name: no mock
servers:
  mx: {protocol: smtp, required_scope: mail}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - generate_token:
  - expire_tokens:
expect:
  oauth:
    grants: {refresh_token: 1}
)",
                                       "nomock.yaml");
  EXPECT_FALSE(load.ok());
  const auto all = ::testing::PrintToString(messages(load));
  EXPECT_TRUE(has(load, "nomock.yaml:6:5: error: generate_token: generate_token needs the OAuth mock")) << all;
  EXPECT_TRUE(has(load, "nomock.yaml:7:5: error: expire_tokens: expire_tokens needs the OAuth mock")) << all;
  EXPECT_TRUE(has(load, "expect.oauth needs the OAuth mock")) << all;
  EXPECT_TRUE(has(load, "required_scope needs the OAuth mock")) << all;
}

TEST(ScenarioOAuth, AnUnknownJwtAlgorithmIsNamedWithTheChoices) {
  const auto load = load_scenario_text(R"(name: alg
servers:
  mx: {protocol: smtp}
oauth:
  clients:
    connector: {secret: x, jwt_alg: HS256}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - generate_token:
)",
                                       "alg.yaml");
  EXPECT_FALSE(load.ok());
  const auto all = ::testing::PrintToString(messages(load));
  EXPECT_TRUE(has(load, "alg.yaml:6:")) << all;
  EXPECT_TRUE(has(load, "jwt_alg: 'HS256' is not one of RS256, ES256")) << all;
}

TEST(ScenarioOAuth, BadValuesAreEachReported) {
  const auto load = load_scenario_text(R"(name: bad
servers:
  mx: {protocol: smtp}
oauth:
  clients: {}
connection: {outbound: {host: h}, inbound: {host: h}}
steps:
  - fail_token_calls: {count: 0, status: 200}
  - fail_token_calls: {count: 1, status: 503, error: invalid_grant}
  - fail_token_calls: {count: 1}
  - generate_token: {side: sideways}
  - expire_tokens: {all: true}
)",
                                       "bad.yaml");
  EXPECT_FALSE(load.ok());
  const auto all = ::testing::PrintToString(messages(load));
  EXPECT_TRUE(has(load, "the OAuth mock needs at least one client")) << all;
  EXPECT_TRUE(has(load, "count is at least 1")) << all;
  EXPECT_TRUE(has(load, "status is an HTTP error status, 400 to 599")) << all;
  EXPECT_TRUE(has(load, "bad.yaml:9:5:")) << all;
  EXPECT_TRUE(has(load, "bad.yaml:10:5:")) << all;
  EXPECT_TRUE(has(load, "exactly one of status (e.g. 503) and error")) << all;
  EXPECT_TRUE(has(load, "outbound, inbound")) << all;
  EXPECT_TRUE(has(load, "expire_tokens takes no parameters")) << all;
}

}  // namespace
