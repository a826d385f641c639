// OAuth scenarios end to end: the OAuth mock started from the `oauth:`
// section, the token steps, `expect: oauth: grants`, a deliberately wrong
// grant count failing with its place, and no secret in any report text.
#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_runner.hpp"

namespace {

using namespace mailsim;

constexpr const char* kSecret = "scenario-client-secret-7f3a";

std::string scenario(const std::string& steps, const std::string& grants) {
  return std::string(R"(name: oauth end to end
servers:
  mx: {protocol: smtp, auth: required}
oauth:
  clients:
    connector: {secret: )") + kSecret + R"(, access_token_ttl: 10m}
connection:
  outbound:
    host: localhost
    port: "${mx.port}"
    authentication: oauth2
    user: user@example.com
    oauth2:
      client_id: connector
      client_secret: )" + kSecret + R"(
      authorization_url: "${oauth.authorize_url}"
      access_token_url: "${oauth.token_url}"
      scope: mail offline_access
      token_store: "${token_store}"
  inbound: {host: localhost, port: 1, user: u, password: p}
steps:
)" + steps + R"(
expect:
  oauth:
    grants: )" + grants + "\n";
}

harness::ScenarioResult run_text(const std::string& text) {
  auto load = harness::load_scenario_text(text, "inline.yaml");
  EXPECT_TRUE(load.ok());
  return harness::run_scenario(load.scenario);
}

std::string everything(const harness::ScenarioResult& r) {
  std::string out = r.transcripts;
  for (const auto& s : r.steps) out += s + "\n";
  for (const auto& f : r.failures) out += f.message + "\n";
  return out;
}

const std::string kRefreshSteps = R"(  - generate_token: {}
  - advance_clock: 11m
  - send: {from: user@example.com, to: ops@example.com, subject: s, text: t})";

TEST(OAuthScenario, ProactiveRefreshIsCountedAsOneRefreshGrant) {
  const auto r = run_text(scenario(kRefreshSteps, "{authorization_code: 1, refresh_token: 1}"));
  EXPECT_TRUE(r.passed()) << r.first_problem();
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[0], "generate_token outbound: ok");
}

TEST(OAuthScenario, AWrongGrantCountFailsWithItsPlaceAndNoSecret) {
  const auto r = run_text(scenario(kRefreshSteps, "{authorization_code: 1, refresh_token: 2}"));
  ASSERT_FALSE(r.passed());
  EXPECT_EQ(r.first_problem(), "inline.yaml:26:3: oauth: 1 token requests with grant_type refresh_token, expected 2");
  EXPECT_FALSE(r.transcripts.empty());
  EXPECT_EQ(everything(r).find(kSecret), std::string::npos);
}

TEST(OAuthScenario, SendWithoutAGeneratedTokenFailsBeforeAnyGrant) {
  const auto r = run_text(scenario(R"(  - send: {from: user@example.com, to: ops@example.com, subject: s, text: t}
    expect: {outcome: failed})", "{authorization_code: 0, refresh_token: 0}"));
  EXPECT_TRUE(r.passed()) << r.first_problem();
}

TEST(OAuthScenario, ScriptedInvalidGrantEndsInRefreshFailedWithTheHint) {
  const auto r = run_text(scenario(R"(  - generate_token: {}
  - fail_token_calls: {error: invalid_grant}
  - advance_clock: 11m
  - send: {from: user@example.com, to: ops@example.com, subject: s, text: t}
    expect: {reason: oauth_refresh_failed, hint: generate a new token})",
                                   "{authorization_code: 1, refresh_token: 1}"));
  EXPECT_TRUE(r.passed()) << r.first_problem();
  EXPECT_EQ(everything(r).find(kSecret), std::string::npos);
}

TEST(OAuthScenario, RevokingWithoutAStoredTokenFailsClearly) {
  const auto r = run_text(scenario("  - revoke_refresh_token: {}", "{}"));
  ASSERT_FALSE(r.passed());
  EXPECT_NE(r.first_problem().find("revoke_refresh_token: "), std::string::npos) << r.first_problem();
  EXPECT_NE(r.first_problem().find("no refresh token is stored for the outbound side"), std::string::npos)
      << r.first_problem();
}

}  // namespace
