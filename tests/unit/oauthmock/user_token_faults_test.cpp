// Expiring or revoking one user's access tokens (what the expire_token and
// revoke_token fault actions do): other users' tokens and refresh tokens stay.
#include "oauth_test_support.hpp"

namespace mailsim::oauth::test {
namespace {

class UserTokenFaults : public OAuthCoreTest {
 protected:
  void SetUp() override {
    OAuthCoreTest::SetUp();
    alice_ = server_->issue_tokens(kClientId, "alice@example.com", "mail offline_access").access_token;
    alice2_ = server_->issue_tokens(kClientId, "alice@example.com", "mail offline_access");
    bob_ = server_->issue_tokens(kClientId, "bob@example.com", "mail").access_token;
  }

  std::string alice_;
  TokenSet alice2_;
  std::string bob_;

  TokenStatus status(const std::string& token) const { return server_->validate_access_token(token, "", "").status; }
};

TEST_F(UserTokenFaults, ExpireTouchesOnlyThatUsersLiveAccessTokens) {
  EXPECT_EQ(server_->expire_access_tokens_of("ALICE@example.com"), 2u);
  EXPECT_EQ(status(alice_), TokenStatus::expired);
  EXPECT_EQ(status(alice2_.access_token), TokenStatus::expired);
  EXPECT_EQ(status(bob_), TokenStatus::valid);
  EXPECT_EQ(refresh(alice2_.refresh_token).status, 200);
  EXPECT_EQ(server_->expire_access_tokens_of("alice@example.com"), 1u);  // the refreshed one only
  EXPECT_EQ(server_->expire_access_tokens_of("nobody@example.com"), 0u);
}

TEST_F(UserTokenFaults, RevokeTouchesOnlyThatUsersLiveAccessTokens) {
  EXPECT_EQ(server_->revoke_access_tokens_of("bob@example.com"), 1u);
  EXPECT_EQ(status(bob_), TokenStatus::revoked);
  EXPECT_EQ(status(alice_), TokenStatus::valid);
  EXPECT_EQ(server_->revoke_access_tokens_of("bob@example.com"), 0u);
  EXPECT_EQ(refresh(alice2_.refresh_token).status, 200);
}

}  // namespace
}  // namespace mailsim::oauth::test
