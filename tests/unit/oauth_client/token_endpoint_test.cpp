// Token requests as RFC 6749 wants them, and every kind of token endpoint
// answer: success, each 5.2 error, HTTP failures, malformed bodies.
#include <gtest/gtest.h>

#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/token_endpoint.hpp"
#include "common/base64.hpp"

namespace mailsim::client::oauth::test {
namespace {

const Clock::time_point kNow = VirtualClock::default_start();

OAuth2Settings settings() {
  OAuth2Settings s;
  s.client_id = "mail app";
  s.client_secret = "s3cr:t+%";
  s.access_token_url = "https://login.example.com/token";
  s.scope = {"https://mail.example/", "offline_access"};
  s.access_token_parameters = {{"resource", "https://outlook.office.com"}, {"grant_type", "password"}};
  return s;
}

std::string header(const HttpRequest& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

ParameterList form(const HttpRequest& r) { return parse_form(r.body).value_or(ParameterList{}); }

HttpResponse response(int status, std::string body) { return HttpResponse{status, "application/json", "", std::move(body)}; }

TEST(TokenRequest, AuthorizationCodeWithBasicClientAuthentication) {
  const auto r = make_token_request(settings(), ClientAuthentication::basic,
                                    AuthorizationCodeGrant{"c0de", "http://127.0.0.1:4000/callback", "v3rifier"});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://login.example.com/token");
  EXPECT_EQ(r.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(header(r, "Accept"), "application/json");
  // RFC 6749 2.3.1: id and secret form-encoded, then Basic.
  EXPECT_EQ(header(r, "Authorization"), "Basic " + base64_encode("mail%20app:s3cr%3At%2B%25"));
  EXPECT_EQ(form(r), (ParameterList{{"grant_type", "authorization_code"},
                                    {"code", "c0de"},
                                    {"redirect_uri", "http://127.0.0.1:4000/callback"},
                                    {"code_verifier", "v3rifier"},
                                    {"resource", "https://outlook.office.com"}}));
}

TEST(TokenRequest, RefreshWithFormClientAuthentication) {
  const auto r = make_token_request(settings(), ClientAuthentication::form, RefreshTokenGrant{"r1"});
  EXPECT_EQ(header(r, "Authorization"), "");
  EXPECT_EQ(form(r), (ParameterList{{"grant_type", "refresh_token"},
                                    {"refresh_token", "r1"},
                                    {"client_id", "mail app"},
                                    {"client_secret", "s3cr:t+%"},
                                    {"resource", "https://outlook.office.com"}}));
}

TEST(TokenRequest, ClientCredentialsAsksForTheScope) {
  const auto r = make_token_request(settings(), ClientAuthentication::basic, ClientCredentialsGrant{});
  EXPECT_EQ(form(r), (ParameterList{{"grant_type", "client_credentials"},
                                    {"scope", "https://mail.example/ offline_access"},
                                    {"resource", "https://outlook.office.com"}}));
}

TEST(TokenRequest, APublicClientSendsItsIdInTheForm) {
  auto s = settings();
  s.client_secret.clear();
  s.access_token_parameters.clear();
  const auto r = make_token_request(s, ClientAuthentication::basic, RefreshTokenGrant{"r1"});
  EXPECT_EQ(header(r, "Authorization"), "");
  EXPECT_EQ(form(r), (ParameterList{{"grant_type", "refresh_token"}, {"refresh_token", "r1"}, {"client_id", "mail app"}}));
}

TEST(TokenResponse, ReadsAFullSuccess) {
  const auto r = parse_token_response(
      response(200, R"({"access_token":"at-1","token_type":"bearer","expires_in":3599,)"
                    R"("refresh_token":"rt-1","scope":"https://mail.example/","id_token":"x"})"),
      kNow, "fallback");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.tokens->access_token, "at-1");
  EXPECT_EQ(r.tokens->refresh_token, "rt-1");
  EXPECT_EQ(r.tokens->token_type, "Bearer");
  EXPECT_EQ(r.tokens->scope, "https://mail.example/");
  EXPECT_EQ(r.tokens->obtained_at, kNow);
  EXPECT_EQ(r.tokens->expires_at, kNow + std::chrono::seconds(3599));
}

TEST(TokenResponse, FillsWhatTheServerMayLeaveOut) {
  const auto r = parse_token_response(response(200, R"({"access_token":"at"})"), kNow, "requested scope");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens->token_type, "Bearer");
  EXPECT_EQ(r.tokens->refresh_token, "");
  EXPECT_EQ(r.tokens->scope, "requested scope");
  EXPECT_EQ(r.tokens->expires_at, std::nullopt);
}

TEST(TokenResponse, AcceptsExpiresInAsAString) {
  const auto r = parse_token_response(response(200, R"({"access_token":"at","expires_in":"60"})"), kNow, "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens->expires_at, kNow + std::chrono::seconds(60));
}

TEST(TokenResponse, RefusesUnusableSuccesses) {
  const std::string long_token(20000, 'a');
  for (const std::string& body :
       {std::string("not json"), std::string("[1]"), std::string("{}"), std::string(R"({"access_token":""})"),
        std::string(R"({"access_token":42})"), std::string(R"({"access_token":"a\r\nQUIT"})"),
        std::string(R"({"access_token":"a\u0001b"})"), R"({"access_token":")" + long_token + R"("})",
        std::string(R"({"access_token":"a","token_type":"mac"})"),
        std::string(R"({"access_token":"a","expires_in":-1})"), std::string(R"({"access_token":"a","expires_in":1e30})"),
        std::string(R"({"access_token":"a","expires_in":"soon"})"),
        std::string(R"({"access_token":"a","expires_in":999999999999})"),
        std::string(R"({"access_token":"a","refresh_token":7})"), std::string(R"({"access_token":"a","scope":["x"]})")}) {
    const auto r = parse_token_response(response(200, body), kNow, "");
    ASSERT_FALSE(r.ok()) << body.substr(0, 80);
    EXPECT_EQ(r.error->kind, TokenError::Kind::malformed) << body.substr(0, 80);
    EXPECT_FALSE(r.error->retryable());
    EXPECT_FALSE(r.error->detail.empty());
  }
}

struct ErrorCase {
  int status;
  const char* code;
  bool retryable;
};

class Rfc6749Errors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(Rfc6749Errors, AreReadWithCodeAndDescription) {
  const auto c = GetParam();
  const auto body = std::string(R"({"error":")") + c.code +
                    R"(","error_description":"what happened","error_uri":"https://docs.example/e"})";
  const auto r = parse_token_response(response(c.status, body), kNow, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->kind, TokenError::Kind::oauth_error);
  EXPECT_EQ(r.error->error, c.code);
  EXPECT_EQ(r.error->description, "what happened");
  EXPECT_EQ(r.error->uri, "https://docs.example/e");
  EXPECT_EQ(r.error->status, c.status);
  EXPECT_EQ(r.error->retryable(), c.retryable);
  EXPECT_EQ(describe(*r.error), std::string(c.code) + ": what happened (HTTP " + std::to_string(c.status) + ")");
}

INSTANTIATE_TEST_SUITE_P(TokenEndpoint, Rfc6749Errors,
                         ::testing::Values(ErrorCase{400, "invalid_request", false},
                                           ErrorCase{401, "invalid_client", false},
                                           ErrorCase{400, "invalid_grant", false},
                                           ErrorCase{400, "unauthorized_client", false},
                                           ErrorCase{400, "unsupported_grant_type", false},
                                           ErrorCase{400, "invalid_scope", false},
                                           ErrorCase{500, "server_error", true},
                                           ErrorCase{400, "temporarily_unavailable", true},
                                           ErrorCase{503, "temporarily_unavailable", true},
                                           ErrorCase{200, "invalid_grant", false}),
                         [](const auto& info) { return std::to_string(info.index); });

TEST(TokenResponse, BoundsAndCleansTheServersWords) {
  const auto r = parse_token_response(
      response(400, R"({"error":"invalid_grant","error_description":"bad\r\nline)" + std::string(1000, 'x') + R"("})"),
      kNow, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->description.find('\r'), std::string::npos);
  EXPECT_LE(r.error->description.size(), 310u);
}

TEST(TokenResponse, HttpFailuresWithoutAnOAuthError) {
  const struct {
    int status;
    std::string body;
    bool retryable;
  } cases[] = {{503, "", true},
               {502, "<html>Bad Gateway</html>", true},
               {500, R"({"message":"oops"})", true},
               {429, "slow down", true},
               {408, "", true},
               {404, "not found", false},
               {400, R"({"error":""})", false},
               {302, "", false},
               {204, "", false}};
  for (const auto& c : cases) {
    const auto r = parse_token_response(response(c.status, c.body), kNow, "");
    ASSERT_FALSE(r.ok()) << c.status;
    EXPECT_EQ(r.error->kind, TokenError::Kind::http_status) << c.status;
    EXPECT_EQ(r.error->status, c.status);
    EXPECT_EQ(r.error->retryable(), c.retryable) << c.status;
  }
}

TEST(TokenResponse, RefusesAnOversizedBody) {
  const auto r = parse_token_response(response(200, std::string(70 * 1024, ' ') + R"({"access_token":"a"})"), kNow, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->kind, TokenError::Kind::malformed);
}

TEST(TokenError, RetriesOnlyTransportTroubleThatMayPass) {
  for (const auto& [failure, retryable] :
       {std::pair{HttpFailure::connect_failed, true}, std::pair{HttpFailure::timeout, true},
        std::pair{HttpFailure::connection_lost, true}, std::pair{HttpFailure::tls_failed, false},
        std::pair{HttpFailure::tls_untrusted, false}, std::pair{HttpFailure::invalid_url, false},
        std::pair{HttpFailure::body_too_large, false}}) {
    HttpResult result;
    result.failure = failure;
    result.detail = "d";
    const auto e = transport_error(result);
    EXPECT_EQ(e.kind, TokenError::Kind::transport);
    EXPECT_EQ(e.retryable(), retryable) << to_string(failure);
    EXPECT_NE(describe(e).find(std::string(to_string(failure))), std::string::npos);
  }
}

}  // namespace
}  // namespace mailsim::client::oauth::test
