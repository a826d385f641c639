// What a mail mock concludes from an RFC 7662 introspection answer, judged
// on its own clock, byte string in, verdict out.
#include <gtest/gtest.h>

#include "mockserver/oauth_link/introspection_verdict.hpp"

namespace mailsim::mock {
namespace {

using oauth::TokenStatus;
const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'700'000'000));

const std::string kActive =
    R"({"active":true,"scope":"mail offline_access","username":"alice@example.com","sub":"alice@example.com",)"
    R"("client_id":"app","token_type":"Bearer","exp":1700000060})";

TEST(IntrospectionVerdict, AnActiveTokenForTheUserWithTheScopeIsValid) {
  const auto v = judge_introspection(kActive, "ALICE@example.com", "mail", kNow);
  EXPECT_TRUE(v.error.empty());
  EXPECT_EQ(v.check.status, TokenStatus::valid);
  EXPECT_EQ(v.check.user, "alice@example.com");
  EXPECT_EQ(v.check.client_id, "app");
  ASSERT_TRUE(v.expires_at);
  EXPECT_EQ(*v.expires_at, kNow + std::chrono::seconds(60));
}

TEST(IntrospectionVerdict, InactiveIsRefusedWithoutAReason) {
  const auto v = judge_introspection(R"({"active":false})", "alice@example.com", "mail", kNow);
  EXPECT_TRUE(v.error.empty());
  EXPECT_EQ(v.check.status, TokenStatus::unknown);
  EXPECT_EQ(v.check.required_scope, "mail");
}

TEST(IntrospectionVerdict, AnExpOnOrBeforeOurClockIsExpiredEvenWhenReportedActive) {
  EXPECT_EQ(judge_introspection(kActive, "", "", kNow + std::chrono::seconds(60)).check.status, TokenStatus::expired);
  EXPECT_EQ(judge_introspection(kActive, "", "", kNow + std::chrono::seconds(59)).check.status, TokenStatus::valid);
}

TEST(IntrospectionVerdict, AnotherUsersTokenIsWrongUser) {
  EXPECT_EQ(judge_introspection(kActive, "bob@example.com", "", kNow).check.status, TokenStatus::wrong_user);
}

TEST(IntrospectionVerdict, SubAloneNamesTheUser) {
  const auto v = judge_introspection(R"({"active":true,"sub":"carol","scope":"mail"})", "carol", "mail", kNow);
  EXPECT_EQ(v.check.status, TokenStatus::valid);
  EXPECT_FALSE(v.expires_at);
}

TEST(IntrospectionVerdict, AMissingScopeIsInsufficientScope) {
  EXPECT_EQ(judge_introspection(kActive, "", "mail calendar", kNow).check.status, TokenStatus::insufficient_scope);
  EXPECT_EQ(judge_introspection(R"({"active":true})", "", "mail", kNow).check.status,
            TokenStatus::insufficient_scope);
}

TEST(IntrospectionVerdict, ARefreshTokenIsNoAccessToken) {
  const auto v = judge_introspection(R"({"active":true,"token_type":"refresh_token","scope":"mail"})", "", "", kNow);
  EXPECT_EQ(v.check.status, TokenStatus::unknown);
}

TEST(IntrospectionVerdict, MalformedAnswersAreRefusedWithAReason) {
  for (const std::string body : {"", "not json", "[]", R"({"active":"yes"})", R"({"scope":"mail"})",
                                 R"({"active":true,"exp":"soon"})"}) {
    const auto v = judge_introspection(body, "", "", kNow);
    EXPECT_FALSE(v.error.empty()) << body;
    EXPECT_FALSE(v.check.valid()) << body;
  }
}

}  // namespace
}  // namespace mailsim::mock
