// ES256 access tokens from the OAuth mock (generated over HTTP by the
// connector) log in to the SMTP mock, whose in-process token check
// (oauth_link) accepts them like RS256 ones and refuses altered ones.
#include "client/smtp/smtp_client.hpp"
#include "mockserver/oauth_link/oauth_token_checker.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauth_fixture.hpp"
#include "oauthmock/base64url.hpp"

namespace mailsim::oauth_integration {
namespace {

const std::string kMessage =
    "From: alice@example.com\r\n"
    "To: bob@example.com\r\n"
    "Subject: es256\r\n"
    "\r\n"
    "Sent with an ES256 token.\r\n";

class Es256Tokens : public OAuthFixture {
 protected:
  Es256Tokens() {
    auto client = connector_client();
    client.jwt_algorithm = mock_oauth::JwsAlgorithm::es256;
    core_->add_client(client);
    mock::SmtpServerConfig config;
    config.auth_required = true;
    config.clock = clock_;
    config.token_checker = checker_;
    smtp_ = std::make_unique<mock::SmtpServer>(config);
    smtp_->start();
  }

  client::smtp::SmtpResult send(const std::string& token, sasl::Mechanism mechanism) {
    client::smtp::SmtpClientOptions options;
    options.host = "127.0.0.1";
    options.port = smtp_->port();
    options.credentials = sasl::ClientCredentials{.user = kUser, .access_token = token};
    options.mechanism = mechanism;
    options.timeouts.command = std::chrono::seconds(10);
    return client::smtp::SmtpClient(options).send({kUser, {"bob@example.com"}}, kMessage);
  }

  mock::TokenChecker checker_ = mock::make_oauth_token_checker(core_, {.required_scope = "mail"});
  std::unique_ptr<mock::SmtpServer> smtp_;
};

std::string header_alg(const std::string& jwt) {
  const auto header = mock_oauth::base64url_decode(std::string_view(jwt).substr(0, jwt.find('.')));
  if (!header) return "";
  return nlohmann::json::parse(*header, nullptr, false).value("alg", "");
}

TEST_F(Es256Tokens, AGeneratedTokenLogsInByXoauth2AndOauthbearer) {
  const auto tokens = generate_tokens();
  ASSERT_EQ(header_alg(tokens.access_token), "ES256") << tokens.access_token;
  for (const auto mechanism : {sasl::Mechanism::xoauth2, sasl::Mechanism::oauthbearer}) {
    const auto r = send(tokens.access_token, mechanism);
    ASSERT_TRUE(r.ok()) << client::describe(*r.failure);
  }
  ASSERT_TRUE(smtp_->wait_for_messages(2, std::chrono::seconds(10)));
  EXPECT_EQ(smtp_->messages().at(0).authenticated_user, kUser);
}

TEST_F(Es256Tokens, TheLocalCheckRefusesAnAlteredOrExpiredToken) {
  const auto t = core_->issue_tokens(kClientId, kUser, "mail");
  ASSERT_EQ(header_alg(t.access_token), "ES256");
  EXPECT_TRUE(checker_(kUser, t.access_token).valid);
  auto altered = t.access_token;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  const auto refused = checker_(kUser, altered);
  EXPECT_FALSE(refused.valid);
  EXPECT_EQ(refused.status, "invalid_token");
  const auto r = send(altered, sasl::Mechanism::xoauth2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_token_rejected);
  clock_->advance(3601s);
  EXPECT_FALSE(checker_(kUser, t.access_token).valid);
}

}  // namespace
}  // namespace mailsim::oauth_integration
