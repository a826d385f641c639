// generate against a scripted authorization server: the loopback listener
// is real (127.0.0.1, ephemeral port), the server is a fake transport that
// checks PKCE and echoes or garbles the state as told.
#include <fstream>

#include "client/oauth/authorization_flow.hpp"
#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/http_url.hpp"
#include "client/oauth/loopback_listener.hpp"
#include "client/oauth/pkce.hpp"
#include "fakes.hpp"

namespace mailsim::client::oauth::test {
namespace {

using namespace std::chrono_literals;

enum class Outcome { consent, wrong_state, denied, login_page, bad_request, no_code };

// The authorization and token endpoints of auth.test; every other URL (the
// redirect to our listener) goes over real loopback HTTP.
class FakeAuthorizationServer final : public HttpTransport {
 public:
  Outcome outcome = Outcome::consent;
  ParameterList authorize_params;
  ParameterList token_params;
  int token_calls = 0;

  HttpResult send(const HttpRequest& request) override {
    if (request.url.starts_with("https://auth.test/authorize?")) return authorize(request);
    if (request.url == "https://auth.test/token") return token(request);
    return loopback_->send(request);
  }

 private:
  HttpResult authorize(const HttpRequest& request) {
    authorize_params = parse_form(request.url.substr(request.url.find('?') + 1)).value_or(ParameterList{});
    const std::string redirect(find_param(authorize_params, "redirect_uri").value_or(""));
    std::string state(find_param(authorize_params, "state").value_or(""));
    ParameterList back;
    switch (outcome) {
      case Outcome::bad_request:
        return answer(400, R"({"error":"invalid_request","error_description":"redirect_uri not registered"})");
      case Outcome::login_page: {
        auto r = answer(302, "", "");
        r.response->location = "https://auth.test/login?next=1";
        return r;
      }
      case Outcome::consent:
        back = {{"code", "the-code"}, {"state", state}};
        break;
      case Outcome::wrong_state:
        back = {{"code", "the-code"}, {"state", state + "x"}};
        break;
      case Outcome::denied:
        back = {{"error", "access_denied"}, {"error_description", "the user said no"}, {"state", state}};
        break;
      case Outcome::no_code:
        back = {{"state", state}};
        break;
    }
    auto r = answer(302, "", "");
    r.response->location = append_query(redirect, serialize_form(back));
    return r;
  }

  HttpResult token(const HttpRequest& request) {
    ++token_calls;
    token_params = parse_form(request.body).value_or(ParameterList{});
    const auto verifier = find_param(token_params, "code_verifier").value_or("");
    const bool pkce_ok = pkce_challenge_s256(verifier) == find_param(authorize_params, "code_challenge");
    const bool same_redirect =
        find_param(token_params, "redirect_uri") == find_param(authorize_params, "redirect_uri");
    if (find_param(token_params, "code") != "the-code" || !pkce_ok || !same_redirect) {
      return answer(400, R"({"error":"invalid_grant","error_description":"PKCE verification failed"})");
    }
    return answer(200, R"({"access_token":"at-1","refresh_token":"rt-1","token_type":"Bearer","expires_in":3600})");
  }

  std::shared_ptr<HttpTransport> loopback_ = make_http_transport();
};

class AuthorizationFlowTest : public ::testing::Test {
 protected:
  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  std::shared_ptr<FakeAuthorizationServer> server_ = std::make_shared<FakeAuthorizationServer>();
  TokenClient client_{settings(), server_, clock_};
  GenerateOptions options_ = headless();

  static OAuth2Settings settings() {
    OAuth2Settings s;
    s.client_id = "app";
    s.client_secret = "secret";
    s.authorization_url = "https://auth.test/authorize";
    s.access_token_url = "https://auth.test/token";
    s.scope = {"Mail.Send", "offline_access"};
    s.authorization_parameters = {{"login_hint", "alice@example.com"}};
    return s;
  }
  static GenerateOptions headless() {
    GenerateOptions o;
    o.headless = true;
    o.timeout = 30s;
    return o;
  }
};

TEST_F(AuthorizationFlowTest, HeadlessFlowExchangesTheCodeWithPkce) {
  const auto r = run_authorization_flow(client_, options_);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(r.tokens->access_token, "at-1");
  EXPECT_EQ(r.tokens->refresh_token, "rt-1");
  EXPECT_EQ(r.tokens->scope, "Mail.Send offline_access");
  EXPECT_EQ(r.tokens->expires_at, clock_->now() + 3600s);

  const auto& a = server_->authorize_params;
  EXPECT_EQ(find_param(a, "response_type"), "code");
  EXPECT_EQ(find_param(a, "client_id"), "app");
  EXPECT_EQ(find_param(a, "scope"), "Mail.Send offline_access");
  EXPECT_EQ(find_param(a, "code_challenge_method"), "S256");
  EXPECT_EQ(find_param(a, "login_hint"), "alice@example.com");
  EXPECT_TRUE(find_param(a, "redirect_uri")->starts_with("http://127.0.0.1:"));
  EXPECT_TRUE(find_param(a, "redirect_uri")->ends_with("/callback"));
  EXPECT_GE(find_param(a, "state")->size(), 16u);
  EXPECT_EQ(find_param(server_->token_params, "grant_type"), "authorization_code");
  EXPECT_EQ(r.authorization_url.find(std::string(find_param(server_->token_params, "code_verifier").value_or("?"))),
            std::string::npos);
}

TEST_F(AuthorizationFlowTest, EveryRunUsesAFreshStateAndVerifier) {
  ASSERT_TRUE(run_authorization_flow(client_, options_).ok());
  const auto first_state = std::string(*find_param(server_->authorize_params, "state"));
  const auto first_verifier = std::string(*find_param(server_->token_params, "code_verifier"));
  ASSERT_TRUE(run_authorization_flow(client_, options_).ok());
  EXPECT_NE(*find_param(server_->authorize_params, "state"), first_state);
  EXPECT_NE(*find_param(server_->token_params, "code_verifier"), first_verifier);
}

TEST_F(AuthorizationFlowTest, AWrongStateStopsBeforeTheCodeIsUsed) {
  server_->outcome = Outcome::wrong_state;
  const auto r = run_authorization_flow(client_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
  EXPECT_NE(r.failure->detail.find("state"), std::string::npos);
  EXPECT_EQ(server_->token_calls, 0);
}

TEST_F(AuthorizationFlowTest, ARefusalIsConsentRequiredWithTheServersWords) {
  server_->outcome = Outcome::denied;
  const auto r = run_authorization_flow(client_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_consent_required);
  EXPECT_EQ(r.failure->server_words, "access_denied: the user said no");
  EXPECT_EQ(server_->token_calls, 0);
}

TEST_F(AuthorizationFlowTest, AResponseWithoutCodeIsAProtocolError) {
  server_->outcome = Outcome::no_code;
  const auto r = run_authorization_flow(client_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::protocol_error);
}

TEST_F(AuthorizationFlowTest, HeadlessCannotSignInOnAPersonsBehalf) {
  server_->outcome = Outcome::login_page;
  const auto r = run_authorization_flow(client_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::oauth_consent_required);
  EXPECT_NE(r.failure->hint.find("without headless"), std::string::npos);
}

TEST_F(AuthorizationFlowTest, ARefusedRequestIsAConfigurationError) {
  server_->outcome = Outcome::bad_request;
  const auto r = run_authorization_flow(client_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_EQ(r.failure->server_words, "invalid_request: redirect_uri not registered");
}

TEST_F(AuthorizationFlowTest, InteractiveShowsTheUrlAndWaitsForTheRedirect) {
  GenerateOptions o;
  o.open_browser = false;
  o.timeout = 30s;
  std::string shown;
  // The "person" follows the URL as soon as it is shown.
  o.show_url = [&](const std::string& url) {
    shown = url;
    HttpRequest get;
    get.method = "GET";
    get.url = url;
    const auto r = server_->send(get);
    ASSERT_TRUE(r.ok());
    get.url = r.response->location;
    server_->send(get);
  };
  const auto r = run_authorization_flow(client_, o);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(shown, r.authorization_url);
}

TEST_F(AuthorizationFlowTest, NoRedirectInTimeIsATimeout) {
  GenerateOptions o;
  o.open_browser = false;
  o.timeout = 1ms;
  o.show_url = [](const std::string&) {};
  const auto r = run_authorization_flow(client_, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::timeout);
}

TEST_F(AuthorizationFlowTest, GenerateStoresTheSetAndReplacesOnlyADamagedStore) {
  TempFolder folder;
  const auto key = StoreKey::random();
  TokenStore store(folder / "tokens", key);
  auto r = generate(client_, store, Side::outbound, options_);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_EQ(store.load(Side::outbound)->refresh_token, "rt-1");
  EXPECT_FALSE(r.replaced_damaged_store);

  // Damaged: replaced, since the person asked for new tokens.
  { std::ofstream(folder / "tokens", std::ios::binary | std::ios::app) << "garbage"; }
  r = generate(client_, store, Side::inbound, options_);
  ASSERT_TRUE(r.ok()) << describe(*r.failure);
  EXPECT_TRUE(r.replaced_damaged_store);
  EXPECT_EQ(store.load(Side::inbound)->access_token, "at-1");
  EXPECT_EQ(store.load(Side::outbound), std::nullopt);

  // Another key's store is left alone.
  TokenStore other(folder / "tokens", StoreKey::random());
  r = generate(client_, other, Side::outbound, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_NE(r.failure->detail.find("another key"), std::string::npos);
  EXPECT_EQ(store.load(Side::inbound)->access_token, "at-1");
}

TEST(LoopbackListener, TakesTheFirstCallbackOnly) {
  LoopbackListener listener;
  EXPECT_NE(listener.port(), 0);
  EXPECT_EQ(listener.redirect_uri(), "http://127.0.0.1:" + std::to_string(listener.port()) + "/callback");
  auto http = make_http_transport();
  const auto get = [&](const std::string& path) {
    HttpRequest r;
    r.method = "GET";
    r.url = "http://127.0.0.1:" + std::to_string(listener.port()) + path;
    return http->send(r);
  };
  EXPECT_EQ(get("/favicon.ico").response->status, 404);
  EXPECT_EQ(get("/callback?code=%zz").response->status, 400);
  const auto first = get("/callback?code=a%2Bb&state=s");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.response->status, 200);
  EXPECT_NE(first.response->body.find("close this window"), std::string::npos);
  EXPECT_EQ(first.response->body.find("a+b"), std::string::npos);  // nothing echoed
  EXPECT_EQ(get("/callback?code=second&state=s").response->status, 409);
  EXPECT_EQ(listener.wait(30s), (ParameterList{{"code", "a+b"}, {"state", "s"}}));
}

TEST(LoopbackListener, WaitingWithoutACallbackTimesOut) {
  LoopbackListener listener("/done");
  EXPECT_TRUE(listener.redirect_uri().ends_with("/done"));
  EXPECT_EQ(listener.wait(1ms), std::nullopt);
  listener.stop();
  listener.stop();
}

}  // namespace
}  // namespace mailsim::client::oauth::test
