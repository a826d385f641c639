// PKCE (RFC 7636) and redirect URI matching (RFC 6749 3.1.2, RFC 8252 7.3).
#include <gtest/gtest.h>

#include "oauthmock/pkce.hpp"
#include "oauthmock/redirect_uri.hpp"

namespace mailsim::oauth {
namespace {

TEST(Pkce, MatchesTheRfc7636AppendixBVector) {
  EXPECT_EQ(s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_TRUE(pkce_verifies(PkceMethod::s256, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
}

TEST(Pkce, RejectsAnyOtherVerifier) {
  EXPECT_FALSE(pkce_verifies(PkceMethod::s256, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                             "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"));
  // S256 challenge presented as if it were plain.
  EXPECT_FALSE(pkce_verifies(PkceMethod::plain, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                             "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
}

TEST(Pkce, PlainComparesTheValuesThemselves) {
  const std::string verifier(43, 'a');
  EXPECT_TRUE(pkce_verifies(PkceMethod::plain, verifier, verifier));
  EXPECT_FALSE(pkce_verifies(PkceMethod::plain, verifier, verifier + "a"));
}

TEST(Pkce, MethodNamesAreCaseSensitive) {
  EXPECT_EQ(parse_pkce_method("S256"), PkceMethod::s256);
  EXPECT_EQ(parse_pkce_method("plain"), PkceMethod::plain);
  EXPECT_EQ(parse_pkce_method("s256"), std::nullopt);
  EXPECT_EQ(parse_pkce_method("S512"), std::nullopt);
}

TEST(Pkce, VerifierShapeIs43To128UnreservedCharacters) {
  EXPECT_TRUE(is_pkce_value(std::string(43, 'a')));
  EXPECT_TRUE(is_pkce_value(std::string(128, '~')));
  EXPECT_TRUE(is_pkce_value("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ-._~0123456789"));
  EXPECT_FALSE(is_pkce_value(std::string(42, 'a')));
  EXPECT_FALSE(is_pkce_value(std::string(129, 'a')));
  EXPECT_FALSE(is_pkce_value(std::string(42, 'a') + "+"));
  EXPECT_FALSE(is_pkce_value(std::string(42, 'a') + "="));
}

TEST(RedirectUri, NonLoopbackUrisMatchExactly) {
  EXPECT_TRUE(redirect_uri_matches("https://app.example/cb", "https://app.example/cb"));
  EXPECT_FALSE(redirect_uri_matches("https://app.example/cb", "https://app.example/cb/"));
  EXPECT_FALSE(redirect_uri_matches("https://app.example/cb", "https://app.example:8443/cb"));
  EXPECT_FALSE(redirect_uri_matches("https://app.example/cb", "https://APP.example/cb"));
  EXPECT_FALSE(redirect_uri_matches("com.example.app:/oauth", "com.example.app:/oauth2"));
}

TEST(RedirectUri, LoopbackUrisMatchOnAnyPort) {
  EXPECT_TRUE(redirect_uri_matches("http://127.0.0.1/callback", "http://127.0.0.1:53121/callback"));
  EXPECT_TRUE(redirect_uri_matches("http://127.0.0.1:8080/callback", "http://127.0.0.1:1/callback"));
  EXPECT_TRUE(redirect_uri_matches("http://[::1]/cb", "http://[::1]:40000/cb"));
  EXPECT_TRUE(redirect_uri_matches("http://localhost/cb", "http://localhost:40000/cb"));
}

TEST(RedirectUri, LoopbackStillNeedsTheSameSchemeHostPathAndQuery) {
  const std::string_view reg = "http://127.0.0.1/callback";
  EXPECT_FALSE(redirect_uri_matches(reg, "https://127.0.0.1:5000/callback"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://localhost:5000/callback"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://127.0.0.2:5000/callback"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://127.0.0.1:5000/other"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://127.0.0.1:5000/callback?x=1"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://127.0.0.1:5000/callback#frag"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://evil@127.0.0.1:5000/callback"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://127.0.0.1:port/callback"));
  EXPECT_FALSE(redirect_uri_matches(reg, "http://127.0.0.1.evil.example:5000/callback"));
  // Only registered loopback URIs get the port freedom.
  EXPECT_FALSE(redirect_uri_matches("https://app.example/cb", "https://app.example:1/cb"));
}

TEST(RedirectUri, RegistrableUrisAreAbsoluteWithoutFragment) {
  EXPECT_TRUE(is_registrable_redirect_uri("http://127.0.0.1/callback"));
  EXPECT_TRUE(is_registrable_redirect_uri("com.example.app:/oauth2redirect"));
  EXPECT_FALSE(is_registrable_redirect_uri("/relative"));
  EXPECT_FALSE(is_registrable_redirect_uri("https://app.example/cb#x"));
  EXPECT_FALSE(is_registrable_redirect_uri("https://app.example/c b"));
  EXPECT_FALSE(is_registrable_redirect_uri("1http://x"));
}

TEST(RedirectUri, AddsParametersKeepingTheExistingQuery) {
  EXPECT_EQ(with_query_params("http://127.0.0.1:5000/cb", {{"code", "a b"}, {"state", "s&t"}}),
            "http://127.0.0.1:5000/cb?code=a+b&state=s%26t");
  EXPECT_EQ(with_query_params("https://app.example/cb?tenant=1", {{"code", "c"}}),
            "https://app.example/cb?tenant=1&code=c");
}

}  // namespace
}  // namespace mailsim::oauth
