// Building the token manager from a connection file's settings.
#include "client/oauth/token_setup.hpp"
#include "fakes.hpp"

namespace mailsim::client::oauth::test {
namespace {

using namespace std::chrono_literals;

class TokenSetupTest : public ::testing::Test {
 protected:
  TempFolder folder_;
  StoreKey key_ = StoreKey::random();
  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  std::shared_ptr<ScriptedTransport> http_ = std::make_shared<ScriptedTransport>();
  std::vector<HttpTransportOptions> transports_made_;

  OAuth2Settings oauth2(const std::string& store) const {
    OAuth2Settings s;
    s.client_id = "app";
    s.authorization_url = "https://login.example/authorize";
    s.access_token_url = "https://login.example/token";
    s.token_store = (folder_ / store).string();
    return s;
  }

  ConnectionConfig config() const {
    ConnectionConfig c;
    c.outbound.authentication = OutboundAuthentication::oauth2;
    c.outbound.oauth2 = oauth2("tokens");
    c.inbound.authentication = InboundAuthentication::same_as_outbound_oauth2;
    c.tls.ca_file = "/etc/mailsim/ca.pem";
    c.tls.min_version = "1.3";
    c.timeouts.connect = 3s;
    c.timeouts.command = 7s;
    return c;
  }

  TokenEnvironment environment() {
    TokenEnvironment e;
    e.clock = clock_;
    e.keys = KeySources{std::string(64, 'a'), std::nullopt};
    e.make_transport = [this](const HttpTransportOptions& o) {
      transports_made_.push_back(o);
      return http_;
    };
    return e;
  }

  void store_outbound(const std::string& store, const std::string& access) {
    TokenSet t;
    t.access_token = access;
    t.refresh_token = "rt";
    t.obtained_at = clock_->now();
    t.expires_at = clock_->now() + 1h;
    TokenStore(folder_ / store, StoreKey::parse(std::string(64, 'a'))).save(Side::outbound, t);
  }
};

TEST_F(TokenSetupTest, SameAsOutboundReadsTheOutboundSet) {
  store_outbound("tokens", "at-out");
  auto made = make_token_manager(config(), environment());
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<TokenManager>>(made)) << describe(std::get<Failure>(made));
  auto manager = std::get<std::shared_ptr<TokenManager>>(made);
  EXPECT_EQ(manager->access_token(Side::inbound, false), "at-out");
  EXPECT_EQ(manager->access_token(Side::outbound, false), "at-out");
  ASSERT_EQ(transports_made_.size(), 1u);
  EXPECT_EQ(transports_made_[0].ca_file, "/etc/mailsim/ca.pem");
  EXPECT_EQ(transports_made_[0].min_tls_version, "1.3");
  EXPECT_EQ(transports_made_[0].connect_timeout, 3s);
  EXPECT_EQ(transports_made_[0].read_timeout, 7s);
  EXPECT_TRUE(transports_made_[0].verify);
}

TEST_F(TokenSetupTest, EachSideWithItsOwnBlockHasItsOwnSet) {
  auto c = config();
  c.inbound.authentication = InboundAuthentication::oauth2;
  c.inbound.oauth2 = oauth2("tokens");
  store_outbound("tokens", "at-out");
  auto manager = std::get<std::shared_ptr<TokenManager>>(make_token_manager(c, environment()));
  EXPECT_EQ(manager->access_token(Side::outbound, false), "at-out");
  EXPECT_EQ(manager->access_token(Side::inbound, false), std::nullopt);
  EXPECT_EQ(manager->last_failure(Side::inbound)->reason, Reason::oauth_consent_required);
}

TEST_F(TokenSetupTest, BasicSidesGetNoTokens) {
  auto c = config();
  c.inbound.authentication = InboundAuthentication::basic;
  store_outbound("tokens", "at-out");
  auto manager = std::get<std::shared_ptr<TokenManager>>(make_token_manager(c, environment()));
  EXPECT_EQ(manager->access_token(Side::inbound, false), std::nullopt);
  EXPECT_EQ(manager->last_failure(Side::inbound)->reason, Reason::config_invalid);
}

TEST_F(TokenSetupTest, AMissingTokenStoreOrKeyIsAConfigurationError) {
  auto c = config();
  c.outbound.oauth2->token_store.reset();
  auto made = make_token_manager(c, environment());
  ASSERT_TRUE(std::holds_alternative<Failure>(made));
  EXPECT_EQ(std::get<Failure>(made).reason, Reason::config_invalid);
  EXPECT_NE(std::get<Failure>(made).detail.find("token_store"), std::string::npos);

  auto e = environment();
  e.keys = KeySources{std::nullopt, folder_ / "absent.key"};
  made = make_token_manager(config(), e);
  ASSERT_TRUE(std::holds_alternative<Failure>(made));
  EXPECT_NE(std::get<Failure>(made).detail.find("absent.key"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "absent.key"));
}

TEST_F(TokenSetupTest, GenerateSetupForSameAsOutboundTargetsOutboundAndMayCreateTheKey) {
  auto e = environment();
  e.keys = KeySources{std::nullopt, folder_ / "new.key"};
  auto made = side_token_setup(config(), Side::inbound, e, true);
  ASSERT_TRUE(std::holds_alternative<SideTokenSetup>(made)) << describe(std::get<Failure>(made));
  const auto& s = std::get<SideTokenSetup>(made);
  EXPECT_EQ(s.stored_as, Side::outbound);
  EXPECT_EQ(s.client->settings().client_id, "app");
  EXPECT_EQ(s.store->path(), folder_ / "tokens");
  EXPECT_TRUE(std::filesystem::exists(folder_ / "new.key"));

  auto basic = config();
  basic.outbound.authentication = OutboundAuthentication::basic;
  basic.inbound.authentication = InboundAuthentication::basic;
  EXPECT_TRUE(std::holds_alternative<Failure>(side_token_setup(basic, Side::outbound, e, false)));
}

}  // namespace
}  // namespace mailsim::client::oauth::test
