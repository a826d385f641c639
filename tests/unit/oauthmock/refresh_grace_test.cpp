// refresh_reuse_grace: a client that lost a rotation's answer may present the
// retired refresh token again, briefly and only while the new one is unused.
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

class RefreshGraceTest : public OAuthCoreTest {
 protected:
  void SetUp() override {
    OAuthCoreTest::SetUp();
    auto client = confidential_client();
    client.refresh_reuse_grace = std::chrono::seconds(30);
    server_->add_client(client);
  }
  static std::string refresh_token_of(const OAuthResponse& response) {
    return json(response).value("refresh_token", "");
  }
};

TEST_F(RefreshGraceTest, ALostAnswerIsRecoveredWithThePreviousToken) {
  const std::string first = tokens_for()["refresh_token"];
  const auto lost = refresh_token_of(refresh(first));
  const auto again = refresh(first);
  ASSERT_EQ(again.status, 200) << again.body;
  const auto current = refresh_token_of(again);
  EXPECT_NE(current, lost);
  // Only the newest pair stays valid: the lost one was never delivered.
  expect_error(refresh(lost), 400, "invalid_grant");
  EXPECT_EQ(refresh(current).status, 200);
}

TEST_F(RefreshGraceTest, OnceTheSuccessorIsUsedReuseRevokesTheGrant) {
  const std::string first = tokens_for()["refresh_token"];
  const auto second = refresh_token_of(refresh(first));
  const auto third = refresh_token_of(refresh(second));
  expect_error(refresh(first), 400, "invalid_grant");
  expect_error(refresh(third), 400, "invalid_grant");  // the whole grant is gone
}

TEST_F(RefreshGraceTest, AfterTheGraceReuseRevokesTheGrant) {
  const std::string first = tokens_for()["refresh_token"];
  const auto second = refresh_token_of(refresh(first));
  clock_->advance(std::chrono::seconds(30));
  expect_error(refresh(first), 400, "invalid_grant");
  expect_error(refresh(second), 400, "invalid_grant");
}

TEST_F(OAuthCoreTest, WithoutAGraceAReusedRefreshTokenIsRefusedAtOnce) {
  const std::string first = tokens_for()["refresh_token"];
  ASSERT_EQ(refresh(first).status, 200);
  expect_error(refresh(first), 400, "invalid_grant");
}

}  // namespace
}  // namespace mailsim::oauth::test
