// base64url, form encoding, scopes and Basic client credentials.
#include <gtest/gtest.h>

#include "common/base64.hpp"
#include "oauthmock/base64url.hpp"
#include "oauthmock/basic_credentials.hpp"
#include "oauthmock/form_encoding.hpp"
#include "oauthmock/scope.hpp"

namespace mailsim::oauth {
namespace {

TEST(Base64Url, UsesTheUrlAlphabetWithoutPadding) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
  EXPECT_EQ(base64url_decode("Zg"), "f");
}

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes) << i;
    bytes += static_cast<char>(i * 37);
  }
}

TEST(Base64Url, RejectsPaddingTheStandardAlphabetAndImpossibleLengths) {
  for (const std::string_view bad : {"Zg==", "+/8", "Z", "Zm9vY", "Zh", "a b"}) {
    EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
  }
}

TEST(FormEncoding, EncodesLikeRfc6749AppendixB) {
  EXPECT_EQ(form_encode(" %&+\xc2\xa3\xe2\x82\xac"), "+%25%26%2B%C2%A3%E2%82%AC");
  EXPECT_EQ(form_encode("aZ09-._*"), "aZ09-._*");
  EXPECT_EQ(form_encode("a:b/c"), "a%3Ab%2Fc");
}

TEST(FormEncoding, DecodesPlusAndEscapes) {
  EXPECT_EQ(form_decode("+%25%26%2B%C2%A3"), " %&+\xc2\xa3");
  EXPECT_EQ(form_decode("%2b%2B"), "++");
}

TEST(FormEncoding, RejectsBrokenEscapes) {
  for (const std::string_view bad : {"%", "%2", "%zz", "a%2", "%G0"}) EXPECT_EQ(form_decode(bad), std::nullopt) << bad;
}

TEST(FormEncoding, ParsesInOrderKeepingRepeatsAndEmptyValues) {
  const auto params = parse_form("b=2&a=1&&a=x+y&flag");
  ASSERT_TRUE(params);
  const Params expected = {{"b", "2"}, {"a", "1"}, {"a", "x y"}, {"flag", ""}};
  EXPECT_EQ(*params, expected);
  EXPECT_EQ(parse_form(""), Params{});
}

TEST(FormEncoding, RefusesEmptyNamesBadEscapesAndTooManyParameters) {
  EXPECT_EQ(parse_form("=1"), std::nullopt);
  EXPECT_EQ(parse_form("a=%zz"), std::nullopt);
  std::string many;
  for (std::size_t i = 0; i <= kMaxParams; ++i) many += "p" + std::to_string(i) + "=1&";
  EXPECT_EQ(parse_form(many), std::nullopt);
}

TEST(FormEncoding, SerializeAndParseRoundTrip) {
  const Params params = {{"redirect_uri", "http://127.0.0.1:5000/cb?x=1"}, {"state", "a b&c=d"}};
  EXPECT_EQ(parse_form(serialize_form(params)), params);
}

TEST(FormEncoding, AnEmptyValueCountsAsOmitted) {
  const Params params = {{"scope", ""}, {"state", "s"}, {"state", ""}};
  EXPECT_EQ(param(params, "scope"), std::nullopt);
  EXPECT_EQ(param(params, "state"), "s");
  EXPECT_EQ(repeated_param(params), std::nullopt);
  EXPECT_EQ(repeated_param({{"a", "1"}, {"b", "2"}, {"a", "3"}}), "a");
}

TEST(Scope, ParsesSpaceSeparatedTokensOnce) {
  EXPECT_EQ(parse_scope("mail offline_access mail"), (Scopes{"mail", "offline_access"}));
  EXPECT_EQ(parse_scope("https://mail.google.com/"), Scopes{"https://mail.google.com/"});
  EXPECT_EQ(parse_scope(""), Scopes{});
  EXPECT_EQ(join_scope({"a", "b"}), "a b");
}

TEST(Scope, RejectsBadSeparatorsAndCharacters) {
  for (const std::string_view bad : {" mail", "mail ", "a  b", "a\tb", "a\"b", "a\\b", "caf\xc3\xa9"}) {
    EXPECT_EQ(parse_scope(bad), std::nullopt) << bad;
  }
}

TEST(Scope, IsCaseSensitive) {
  EXPECT_FALSE(includes_all({"Mail"}, {"mail"}));
  EXPECT_TRUE(includes_all({"mail", "openid"}, {"openid"}));
  EXPECT_TRUE(includes_all({"mail"}, {}));
}

TEST(BasicCredentials, FormEncodesIdAndSecretBeforeBase64) {
  // RFC 6749 2.3.1: a ':' in the id must not split the pair.
  const auto header = basic_authorization("app:1", "p@ss word+/");
  EXPECT_EQ(header, "Basic " + base64_encode("app%3A1:p%40ss+word%2B%2F"));
  const auto parsed = parse_basic_authorization(header);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->client_id, "app:1");
  EXPECT_EQ(parsed->client_secret, "p@ss word+/");
}

TEST(BasicCredentials, AcceptsAnyCaseOfTheSchemeAndAnEmptySecret) {
  const auto parsed = parse_basic_authorization("bAsIc  " + base64_encode("cli:"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->client_id, "cli");
  EXPECT_EQ(parsed->client_secret, "");
}

TEST(BasicCredentials, RejectsOtherShapes) {
  for (const std::string& bad : {std::string("Bearer abc"), std::string("Basic"), std::string("Basic !!!!"),
                                 "Basic " + base64_encode("no-colon"), "Basic " + base64_encode(":secret"),
                                 "Basic " + base64_encode("id%zz:secret"), "Basicx " + base64_encode("a:b")}) {
    EXPECT_EQ(parse_basic_authorization(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace mailsim::oauth
