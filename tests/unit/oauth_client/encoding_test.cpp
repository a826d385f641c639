// Form encoding, URLs, PKCE and the authorization URL.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "client/oauth/authorization_url.hpp"
#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/http_url.hpp"
#include "client/oauth/pkce.hpp"

namespace mailsim::client::oauth::test {
namespace {

TEST(FormEncoding, EncodesEverythingButUnreserved) {
  EXPECT_EQ(form_encode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(form_encode("a b+c&d=e/f:g%"), "a%20b%2Bc%26d%3De%2Ff%3Ag%25");
  EXPECT_EQ(form_encode("\xc3\xa9"), "%C3%A9");
}

TEST(FormEncoding, DecodesAndRefusesBadEscapes) {
  EXPECT_EQ(form_decode("a+b%20c%2b"), "a b c+");
  EXPECT_EQ(form_decode("%"), std::nullopt);
  EXPECT_EQ(form_decode("%4"), std::nullopt);
  EXPECT_EQ(form_decode("%zz"), std::nullopt);
  EXPECT_EQ(form_decode("ab%4"), std::nullopt);
}

TEST(FormEncoding, RoundTripsParameterLists) {
  const ParameterList params = {{"grant_type", "refresh_token"}, {"scope", "a b"}, {"x", ""}, {"é", "&="}};
  EXPECT_EQ(parse_form(serialize_form(params)), params);
  EXPECT_EQ(parse_form("&&a=1&&b&"), (ParameterList{{"a", "1"}, {"b", ""}}));
  EXPECT_EQ(parse_form("=1"), std::nullopt);
  EXPECT_EQ(parse_form("a=%"), std::nullopt);
  std::string many;
  for (int i = 0; i < 65; ++i) many += "a=1&";
  EXPECT_EQ(parse_form(many), std::nullopt);
  EXPECT_EQ(find_param(params, "scope"), "a b");
  EXPECT_EQ(find_param(params, "none"), std::nullopt);
}

TEST(HttpUrl, SplitsWhatTheClientConnectsTo) {
  const auto a = parse_http_url("https://login.example.com/oauth2/v2.0/token?x=1#frag");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->https);
  EXPECT_EQ(a->host, "login.example.com");
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/oauth2/v2.0/token?x=1");
  const auto b = parse_http_url("HTTP://127.0.0.1:8080");
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->https);
  EXPECT_EQ(b->port, 8080);
  EXPECT_EQ(b->target, "/");
  const auto c = parse_http_url("http://[::1]:9/t");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(parse_http_url("http://h?q")->target, "/?q");
}

TEST(HttpUrl, RefusesWhatIsNotAnHttpUrl) {
  for (const char* url : {"ftp://h/", "h/token", "http://", "http://:80/", "http://u:p@h/", "http://h:0/",
                          "http://h:65536/", "http://h:8x/", "http://[::1/", "http://[::1]x/"}) {
    EXPECT_EQ(parse_http_url(url), std::nullopt) << url;
  }
}

TEST(HttpUrl, AppendsToAnyQuery) {
  EXPECT_EQ(append_query("https://a/b", "x=1"), "https://a/b?x=1");
  EXPECT_EQ(append_query("https://a/b?t=2", "x=1"), "https://a/b?t=2&x=1");
  EXPECT_EQ(append_query("https://a/b?", "x=1"), "https://a/b?x=1");
  EXPECT_EQ(append_query("https://a/b?t=2&", "x=1"), "https://a/b?t=2&x=1");
  EXPECT_EQ(append_query("https://a/b#f", "x=1"), "https://a/b?x=1#f");
}

TEST(Pkce, MatchesRfc7636AppendixB) {
  EXPECT_EQ(pkce_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, MakesFreshVerifiersOfTheRightShape) {
  const auto a = make_pkce();
  const auto b = make_pkce();
  EXPECT_NE(a.verifier, b.verifier);
  EXPECT_EQ(a.verifier.size(), 43u);
  EXPECT_TRUE(std::all_of(a.verifier.begin(), a.verifier.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
  }));
  EXPECT_EQ(a.challenge, pkce_challenge_s256(a.verifier));
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(AuthorizationUrl, CarriesEveryParameterAsGiven) {
  OAuth2Settings s;
  s.client_id = "my app";
  s.authorization_url = "https://login.example.com/tenant/authorize?p=B2C_1";
  s.scope = {"https://outlook.office.com/SMTP.Send", "offline_access", "Mail.Read"};
  s.authorization_parameters = {{"login_hint", "alice@example.com"}, {"prompt", "consent"}, {"state", "mine"}};
  const auto url = build_authorization_url(s, {"http://127.0.0.1:5000/callback", "st4te", "ch4llenge"});
  EXPECT_EQ(url,
            "https://login.example.com/tenant/authorize?p=B2C_1&response_type=code&client_id=my%20app"
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback"
            "&scope=https%3A%2F%2Foutlook.office.com%2FSMTP.Send%20offline_access%20Mail.Read"
            "&state=st4te&code_challenge=ch4llenge&code_challenge_method=S256"
            "&login_hint=alice%40example.com&prompt=consent");
}

TEST(AuthorizationUrl, LeavesOutAnEmptyScope) {
  OAuth2Settings s;
  s.client_id = "c";
  s.authorization_url = "http://127.0.0.1/authorize";
  const auto url = build_authorization_url(s, {"http://127.0.0.1:1/callback", "s", "c"});
  EXPECT_EQ(url.find("scope="), std::string::npos);
}

}  // namespace
}  // namespace mailsim::client::oauth::test
