// Our IMAP client authenticates to the IMAP mock by XOAUTH2 and OAUTHBEARER
// with tokens the OAuth mock issued, through the same oauth_link checker;
// inbound same_as_outbound_oauth2 presents the outbound token set.
#include "client/imap/imap_client.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "oauth_fixture.hpp"

namespace mailsim::oauth_integration {
namespace {

class ImapWithOAuth : public OAuthFixture, public ::testing::WithParamInterface<sasl::Mechanism> {
 protected:
  ImapWithOAuth() : imap_(imap_config()) { imap_.start(); }

  mock::ImapServerConfig imap_config() {
    mock::ImapServerConfig config;
    config.clock = clock_;
    config.token_checker = mock::make_oauth_token_checker(core_, {.required_scope = "mail"});
    return config;
  }

  client::imap::ImapTestResult login(const std::string& token) {
    client::imap::ImapClientOptions options;
    options.host = "127.0.0.1";
    options.port = imap_.port();
    options.auth = client::imap::AuthMethod::oauth;
    options.mechanism = GetParam();
    options.credentials = sasl::ClientCredentials{.user = kUser, .access_token = token};
    options.timeouts.command = std::chrono::seconds(10);
    return client::imap::test_connection(options);
  }

  mock::ImapServer imap_;
};

TEST_P(ImapWithOAuth, SameAsOutboundPresentsTheOutboundTokenAndRefreshesItAfterExpiry) {
  const auto first = generate_tokens();
  auto tokens = manager();  // inbound_uses_outbound
  const auto now = tokens->get(Side::inbound);
  ASSERT_TRUE(now.ok()) << client::describe(*now.failure);
  EXPECT_EQ(now.access_token, first.access_token);
  const auto ok = login(now.access_token);
  ASSERT_TRUE(ok.ok()) << client::describe(*ok.failure);

  clock_->advance(3601s);
  const auto rejected = login(first.access_token);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.failure->reason, Reason::oauth_token_rejected);
  EXPECT_NE(rejected.failure->sasl_error.find("\"scope\":\"mail\""), std::string::npos)
      << rejected.failure->sasl_error;

  const auto refreshed = tokens->get(Side::inbound);  // expired by the clock: refreshed proactively
  ASSERT_TRUE(refreshed.ok()) << client::describe(*refreshed.failure);
  EXPECT_TRUE(refreshed.refreshed);
  const auto again = login(refreshed.access_token);
  ASSERT_TRUE(again.ok()) << client::describe(*again.failure);
  EXPECT_EQ(tokens->get(Side::outbound).access_token, refreshed.access_token);
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, ImapWithOAuth,
                         ::testing::Values(sasl::Mechanism::xoauth2, sasl::Mechanism::oauthbearer),
                         [](const auto& info) { return std::string(sasl::to_string(info.param)); });

}  // namespace
}  // namespace mailsim::oauth_integration
