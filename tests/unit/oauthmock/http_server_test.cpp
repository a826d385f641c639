// The cpp-httplib front end over real loopback HTTP and HTTPS.
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <thread>

#include "oauth_test_support.hpp"
#include "oauthmock/oauth_server.hpp"
#include "oauthmock/pkce.hpp"

namespace mailsim::oauth::test {
namespace {

std::shared_ptr<AuthorizationServer> make_core(std::shared_ptr<Clock> clock) {
  ServerConfig config;
  config.clients = {confidential_client(), public_client()};
  config.clients[0].token_format = TokenFormat::jwt;
  return std::make_shared<AuthorizationServer>(std::move(config), std::move(clock));
}

// A store trusting exactly the given CA; the client takes ownership.
X509_STORE* trust_store(const std::string& ca_pem) {
  X509_STORE* store = X509_STORE_new();
  BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
  X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  X509_STORE_add_cert(store, ca);
  X509_free(ca);
  BIO_free(bio);
  return store;
}

nlohmann::json parse(const httplib::Result& result) {
  return result ? nlohmann::json::parse(result->body, nullptr, false) : nlohmann::json();
}

Params query_params(const std::string& location) {
  const auto question = location.find('?');
  return question == std::string::npos ? Params{} : parse_form(location.substr(question + 1)).value_or(Params{});
}

class HttpServerTest : public ::testing::Test {
 protected:
  std::shared_ptr<VirtualClock> clock_ = std::make_shared<VirtualClock>();
  std::shared_ptr<AuthorizationServer> core_ = make_core(clock_);
  OAuthServer server_{core_};
  httplib::Client client_{server_.base_url()};

  // cpp-httplib's client would re-escape the '+' of our already encoded
  // query strings.
  void SetUp() override { client_.set_url_encode(false); }

  httplib::Headers basic_header() const { return {{"Authorization", basic_authorization(kClientId, kSecret)}}; }

  httplib::Result post_form(const std::string& path, const Params& params, const httplib::Headers& headers) {
    return client_.Post(path.c_str(), headers, serialize_form(params), "application/x-www-form-urlencoded");
  }
};

TEST_F(HttpServerTest, ListensOnAnEphemeralLoopbackPortAndNamesItselfIssuer) {
  EXPECT_NE(server_.port(), 0);
  EXPECT_EQ(server_.base_url(), "http://127.0.0.1:" + std::to_string(server_.port()));
  EXPECT_EQ(core_->issuer(), server_.base_url());
  EXPECT_EQ(server_.url("/token"), server_.base_url() + "/token");
}

TEST_F(HttpServerTest, ServesBothDiscoveryDocuments) {
  for (const char* path : {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"}) {
    const auto result = client_.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    const auto doc = parse(result);
    EXPECT_EQ(doc["issuer"], server_.base_url());
    EXPECT_EQ(doc["token_endpoint"], server_.url("/token"));
    EXPECT_EQ(doc["jwks_uri"], server_.url("/jwks"));
  }
  const auto jwks = parse(client_.Get("/jwks"));
  EXPECT_EQ(jwks["keys"][0]["kty"], "RSA");
}

TEST_F(HttpServerTest, RunsTheAuthorizationCodeFlowWithPkceOverHttp) {
  const std::string verifier = "a-verifier-that-is-long-enough-for-rfc-7636-section-4.1";
  const Params authorize = {
      {"response_type", "code"},        {"client_id", kClientId}, {"redirect_uri", "http://127.0.0.1:51000/callback"},
      {"scope", "mail offline_access"}, {"state", "st ate"},      {"code_challenge", s256_challenge(verifier)},
      {"code_challenge_method", "S256"}};
  const auto redirect = client_.Get(("/authorize?" + serialize_form(authorize)).c_str());
  ASSERT_TRUE(redirect);
  ASSERT_EQ(redirect->status, 302) << redirect->body;
  const auto location = redirect->get_header_value("Location");
  EXPECT_TRUE(location.starts_with("http://127.0.0.1:51000/callback?")) << location;
  const auto query = query_params(location);
  EXPECT_EQ(param(query, "state"), "st ate");
  // Escapes in the raw query reach the core decoded exactly once.
  EXPECT_EQ(param(core_->requests().back().params, "redirect_uri"), "http://127.0.0.1:51000/callback");
  ASSERT_TRUE(param(query, "code")) << location;

  const auto tokens = post_form("/token",
                                {{"grant_type", "authorization_code"},
                                 {"code", std::string(*param(query, "code"))},
                                 {"redirect_uri", "http://127.0.0.1:51000/callback"},
                                 {"code_verifier", verifier}},
                                basic_header());
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->status, 200) << tokens->body;
  EXPECT_EQ(tokens->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(tokens->get_header_value("Pragma"), "no-cache");
  const auto body = parse(tokens);
  const auto access = body["access_token"].get<std::string>();
  EXPECT_TRUE(core_->validate_access_token(access, "alice@example.com", "mail").valid());

  const auto introspection = parse(post_form("/introspect", {{"token", access}}, basic_header()));
  EXPECT_EQ(introspection["active"], true);
  EXPECT_EQ(introspection["iss"], server_.base_url());

  const auto revoked = post_form("/revoke", {{"token", body["refresh_token"].get<std::string>()}}, basic_header());
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200);
  EXPECT_EQ(parse(post_form("/introspect", {{"token", access}}, basic_header()))["active"], false);
}

TEST_F(HttpServerTest, QueryEscapesAreDecodedOnce) {
  const Params authorize = {
      {"response_type", "code"}, {"client_id", kClientId}, {"redirect_uri", kRedirect}, {"state", "a&b=c%d+e f"}};
  const auto redirect = client_.Get(("/authorize?" + serialize_form(authorize)).c_str());
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->status, 302);
  EXPECT_EQ(param(core_->requests().back().params, "state"), "a&b=c%d+e f");
}

TEST_F(HttpServerTest, ClientSecretPostOverHttp) {
  const auto result = post_form(
      "/token", {{"grant_type", "client_credentials"}, {"client_id", kClientId}, {"client_secret", kSecret}}, {});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
}

TEST_F(HttpServerTest, InvalidClientOverBasicCarriesTheChallengeHeader) {
  const auto result = post_form("/token", {{"grant_type", "client_credentials"}},
                                {{"Authorization", basic_authorization(kClientId, "wrong")}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(result->get_header_value("WWW-Authenticate"), "Basic realm=\"mailsim\"");
  EXPECT_EQ(parse(result)["error"], "invalid_client");
}

TEST_F(HttpServerTest, RefusesBodiesThatAreNotForms) {
  const auto json_body =
      client_.Post("/token", basic_header(), R"({"grant_type":"client_credentials"})", "application/json");
  ASSERT_TRUE(json_body);
  EXPECT_EQ(json_body->status, 400);
  EXPECT_EQ(parse(json_body)["error"], "invalid_request");
  const auto bad_escape = client_.Post("/token", basic_header(), "grant_type=%zz", "application/x-www-form-urlencoded");
  ASSERT_TRUE(bad_escape);
  EXPECT_EQ(bad_escape->status, 400);
  EXPECT_EQ(core_->requests().back().error, "invalid_request");
  const auto too_big =
      client_.Post("/token", basic_header(), std::string(100 * 1024, 'a'), "application/x-www-form-urlencoded");
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->status, 413);
}

TEST_F(HttpServerTest, TheTokenEndpointWantsPost) {
  const auto result = client_.Get("/token");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "POST");
}

TEST_F(HttpServerTest, ScriptedHttpFailuresReachTheWire) {
  TokenFault unavailable;
  unavailable.kind = TokenFault::Kind::http_status;
  unavailable.status = 503;
  core_->fail_token_calls(unavailable);
  TokenFault garbled;
  garbled.kind = TokenFault::Kind::malformed_json;
  core_->fail_token_calls(garbled);
  const Params params = {{"grant_type", "client_credentials"}};
  const auto first = post_form("/token", params, basic_header());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 503);
  const auto second = post_form("/token", params, basic_header());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_TRUE(parse(second).is_discarded());
  const auto third = post_form("/token", params, basic_header());
  ASSERT_TRUE(third);
  EXPECT_TRUE(parse(third).contains("access_token"));
}

TEST_F(HttpServerTest, StoppingCutsAScriptedDelayShort) {
  TokenFault slow;
  slow.kind = TokenFault::Kind::slow;
  slow.delay = std::chrono::hours(1);
  core_->fail_token_calls(slow);
  std::atomic<int> status{0};
  std::thread caller([&] {
    httplib::Client patient(server_.base_url());
    patient.set_read_timeout(120, 0);
    const auto result =
        patient.Post("/token", basic_header(), "grant_type=client_credentials", "application/x-www-form-urlencoded");
    status = result ? result->status : -1;
  });
  // The call is recorded before the front end starts waiting.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (core_->requests().empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_FALSE(core_->requests().empty());
  server_.stop();
  caller.join();
  EXPECT_EQ(status, 200);
  server_.stop();  // idempotent
}

TEST(HttpsServerTest, ServesTokensOverTlsToAClientTrustingOurCa) {
  auto clock = std::make_shared<VirtualClock>();
  auto core = make_core(clock);
  OAuthServerOptions options;
  options.security = HttpSecurity::tls;
  OAuthServer server(core, options);
  EXPECT_EQ(server.base_url(), "https://127.0.0.1:" + std::to_string(server.port()));
  ASSERT_FALSE(server.ca_certificate_pem().empty());

  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_store(trust_store(server.ca_certificate_pem()));
  client.enable_server_certificate_verification(true);
  const auto result = client.Post("/token", {{"Authorization", basic_authorization(kClientId, kSecret)}},
                                  "grant_type=client_credentials&scope=mail", "application/x-www-form-urlencoded");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200) << result->body;
  const auto body = nlohmann::json::parse(result->body);
  EXPECT_TRUE(core->validate_access_token(body["access_token"].get<std::string>(), kClientId, "mail").valid());
  const auto doc = nlohmann::json::parse(client.Get("/.well-known/openid-configuration")->body);
  EXPECT_EQ(doc["issuer"], server.base_url());
}

TEST(HttpsServerTest, AClientThatDoesNotTrustOurCaIsRefused) {
  OAuthServerOptions options;
  options.security = HttpSecurity::tls;
  OAuthServer server(make_core(std::make_shared<VirtualClock>()), options);
  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_store(X509_STORE_new());  // trusts nothing
  client.enable_server_certificate_verification(true);
  const auto result = client.Get("/jwks");
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error(), httplib::Error::SSLServerVerification);
}

TEST(HttpsServerTest, AnExpiredCertificateFailsVerification) {
  OAuthServerOptions options;
  options.security = HttpSecurity::tls;
  options.certificate_kind = mock::CertificateKind::expired;
  OAuthServer server(make_core(std::make_shared<VirtualClock>()), options);
  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_store(trust_store(server.ca_certificate_pem()));
  client.enable_server_certificate_verification(true);
  EXPECT_FALSE(client.Get("/jwks"));
}

TEST(OAuthServerTest, TwoFrontEndsCanShareOneCore) {
  auto core = make_core(std::make_shared<VirtualClock>());
  OAuthServer plain(core);
  OAuthServerOptions options;
  options.security = HttpSecurity::tls;
  OAuthServer secure(core, options);
  EXPECT_NE(plain.port(), secure.port());
  EXPECT_EQ(core->issuer(), plain.base_url());  // the first one named it
  const auto set = core->issue_tokens(kClientId, "alice@example.com", "mail");
  httplib::Client client(plain.base_url());
  const auto result = client.Post("/introspect", {{"Authorization", basic_authorization(kClientId, kSecret)}},
                                  "token=" + set.access_token, "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(nlohmann::json::parse(result->body)["active"], true);
}

}  // namespace
}  // namespace mailsim::oauth::test
