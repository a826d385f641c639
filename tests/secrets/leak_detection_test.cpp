// The scanner finds a secret in each form it can leak in, so the library
// scan below would fail on a leaking transcript.
#include <gtest/gtest.h>

#include "common/base64.hpp"
#include "secrets/secret_scan.hpp"

namespace mailsim::test {
namespace {

SecretSet known() {
  SecretSet s;
  s.add_password("password of alice", "alice", "alice-pass");
  s.add_password("password of bob", "bob", "secret");
  s.add_client_secret("client secret of connector", "connector", "connector-secret");
  s.add_token("access token", "tok-abcdefghijklmnop", {"user@example.com"});
  return s;
}

TEST(LeakDetection, CleanRedactedTranscriptHasNoLeaks) {
  const std::string transcript =
      "S: 220 mx ESMTP\nC: EHLO client\nC: AUTH PLAIN <redacted>\nS: 235 2.7.0 ok\n"
      "a1 LOGIN alice <redacted>\nclient_secret=[redacted] password: secret-less words\n";
  EXPECT_TRUE(find_leaks(known(), transcript, "fixture").empty());
}

TEST(LeakDetection, FindsARawPasswordAndClientSecret) {
  const auto leaks = find_leaks(known(), "a1 LOGIN alice alice-pass\nclient_secret=connector-secret\n", "fixture");
  EXPECT_EQ(leaks, (std::vector<std::string>{"fixture: password of alice", "fixture: client secret of connector"}));
}

TEST(LeakDetection, FindsSaslPlainEvenForAShortPassword) {
  const std::string line = "C: AUTH PLAIN " + base64_encode(std::string("\0bob\0secret", 11)) + "\n";
  EXPECT_EQ(find_leaks(known(), line, "fixture"),
            (std::vector<std::string>{"fixture: password of bob (base64 of SASL PLAIN)"}));
}

TEST(LeakDetection, FindsBase64OfAPasswordAsAuthLoginSendsIt) {
  const std::string line = "C: " + base64_encode("alice-pass") + "\n";
  EXPECT_EQ(find_leaks(known(), line, "fixture"),
            (std::vector<std::string>{"fixture: password of alice (base64 of the password)"}));
}

TEST(LeakDetection, FindsATokenRawAndInsideXoauth2) {
  const std::string xoauth2 = base64_encode("user=user@example.com\x01" "auth=Bearer tok-abcdefghijklmnop\x01\x01");
  const auto leaks = find_leaks(known(), "Bearer tok-abcdefghijklmnop\nAUTH XOAUTH2 " + xoauth2, "fixture");
  EXPECT_EQ(leaks, (std::vector<std::string>{"fixture: access token", "fixture: access token (base64 of SASL XOAUTH2)"}));
}

TEST(LeakDetection, FindsHttpBasicClientCredentials) {
  const auto leaks =
      find_leaks(known(), "Authorization: Basic " + base64_encode("connector:connector-secret"), "fixture");
  EXPECT_EQ(leaks, (std::vector<std::string>{"fixture: client secret of connector (base64 of HTTP Basic credentials)"}));
}

TEST(LeakDetection, FindsJwtShapesWithoutKnowingThem) {
  const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
  EXPECT_EQ(find_jwt_shapes("token: " + jwt + "\n", "out").size(), 1u);
  EXPECT_TRUE(find_jwt_shapes("eyJ alone, eyJabc.notapayload", "out").empty());
}

}  // namespace
}  // namespace mailsim::test
