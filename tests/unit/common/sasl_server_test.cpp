#include "common/sasl/sasl_server.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "common/base64.hpp"
#include "sasl_test_verifier.hpp"

namespace mailsim::sasl {
namespace {

using namespace std::string_literals;
using Kind = ServerStep::Kind;
using testing::TestVerifier;

constexpr std::string_view kRfc2195Challenge = "<1896.697170952@postoffice.reston.mci.net>";

class SaslServer : public ::testing::Test {
 protected:
  std::unique_ptr<ServerMechanism> make(Mechanism m) {
    ServerOptions options;
    options.cram_md5_challenge = std::string(kRfc2195Challenge);
    return make_server_mechanism(m, verifier, options);
  }

  static void expect_failure(const ServerStep& s, Failure why, std::string_view user = "") {
    EXPECT_EQ(s.kind, Kind::failure);
    EXPECT_EQ(s.failure, why);
    EXPECT_EQ(s.user, user);
  }

  static void expect_success(const ServerStep& s, std::string_view user) {
    EXPECT_EQ(s.kind, Kind::success);
    EXPECT_EQ(s.failure, Failure::none);
    EXPECT_EQ(s.user, user);
  }

  static void expect_challenge(const ServerStep& s, std::string_view bytes) {
    EXPECT_EQ(s.kind, Kind::challenge);
    EXPECT_EQ(s.challenge, bytes);
    EXPECT_FALSE(s.error_challenge);
  }

  TestVerifier verifier;
};

// ---- life cycle, shared by every mechanism ----

constexpr Mechanism kAll[] = {Mechanism::plain, Mechanism::login, Mechanism::cram_md5, Mechanism::xoauth2,
                              Mechanism::oauthbearer};

TEST_F(SaslServer, ReportsItsMechanism) {
  for (const auto m : kAll) EXPECT_EQ(make(m)->mechanism(), m);
}

TEST_F(SaslServer, AStepBeforeStartIsMalformed) {
  for (const auto m : kAll) expect_failure(make(m)->step("x"), Failure::malformed);
}

TEST_F(SaslServer, StartingTwiceIsMalformed) {
  for (const auto m : kAll) {
    const auto server = make(m);
    ASSERT_EQ(server->start(std::nullopt).kind, Kind::challenge);
    expect_failure(server->start(std::nullopt), Failure::malformed);
  }
}

TEST_F(SaslServer, AnOversizedMessageIsMalformed) {
  const std::string huge(100 * 1024, 'a');
  for (const auto m : kAll) {
    expect_failure(make(m)->start(huge), Failure::malformed);
    const auto server = make(m);
    server->start(std::nullopt);
    expect_failure(server->step(huge), Failure::malformed);
  }
}

TEST_F(SaslServer, GarbageNeverAuthenticatesAndNeverCrashes) {
  std::mt19937 random(20260101);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 80);
  for (const auto m : kAll) {
    for (int round = 0; round < 300; ++round) {
      std::string garbage(static_cast<std::size_t>(length(random)), '\0');
      for (char& c : garbage) c = static_cast<char>(byte(random));
      const auto server = make(m);
      auto s = server->start(std::nullopt);
      for (int i = 0; i < 3 && s.kind == Kind::challenge; ++i) s = server->step(garbage);
      EXPECT_NE(s.kind, Kind::success) << to_string(m);
      if (s.kind == Kind::challenge) {
        EXPECT_EQ(server->step(garbage).kind, Kind::failure);
      }
    }
  }
}

// ---- PLAIN ----

TEST_F(SaslServer, PlainAsksWithAnEmptyChallenge) {
  const auto server = make(Mechanism::plain);
  expect_challenge(server->start(std::nullopt), "");
  expect_success(server->step("\0tim\0tanstaaftanstaaf"s), "tim");
}

// RFC 4616 section 4, first example, taken from the wire.
TEST_F(SaslServer, PlainAcceptsTheRfc4616Example) {
  const auto message = base64_decode("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
  ASSERT_TRUE(message);
  expect_success(make(Mechanism::plain)->start(*message), "tim");
}

// RFC 4616 section 4, second example: Kurt may not act as Ursel.
TEST_F(SaslServer, PlainRefusesAnotherAuthorizationIdentity) {
  expect_failure(make(Mechanism::plain)->start("Ursel\0Kurt\0xipj3plmq"s), Failure::bad_credentials, "Kurt");
}

TEST_F(SaslServer, PlainAcceptsTheUserAsItsOwnAuthzid) {
  expect_success(make(Mechanism::plain)->start("Kurt\0Kurt\0xipj3plmq"s), "Kurt");
}

TEST_F(SaslServer, PlainRefusesAWrongPasswordAndAnUnknownUser) {
  expect_failure(make(Mechanism::plain)->start("\0tim\0tanstaaf"s), Failure::bad_credentials, "tim");
  expect_failure(make(Mechanism::plain)->start("\0nobody\0tanstaaftanstaaf"s), Failure::bad_credentials, "nobody");
}

TEST_F(SaslServer, PlainRejectsMalformedMessages) {
  for (const auto& bad : {""s, "tim"s, "\0tim"s, "tim\0tanstaaftanstaaf"s, "\0\0tanstaaftanstaaf"s, "\0tim\0"s,
                          "\0tim\0tanstaaftanstaaf\0"s, "\0tim\0pw\0extra"s, "\0t\xffm\0pw"s, "\0tim\0p\xc3"s,
                          "\xc0\xaf\0tim\0tanstaaftanstaaf"s}) {
    expect_failure(make(Mechanism::plain)->start(bad), Failure::malformed);
  }
}

TEST_F(SaslServer, PlainTakesNoStepAfterTheOutcome) {
  const auto server = make(Mechanism::plain);
  expect_success(server->start("\0tim\0tanstaaftanstaaf"s), "tim");
  expect_failure(server->step("\0tim\0tanstaaftanstaaf"s), Failure::malformed);
  const auto refused = make(Mechanism::plain);
  refused->start("\0tim\0wrong"s);
  expect_failure(refused->step("\0tim\0tanstaaftanstaaf"s), Failure::malformed);
}

// ---- LOGIN ----

TEST_F(SaslServer, LoginAsksForUserThenPassword) {
  const auto server = make(Mechanism::login);
  expect_challenge(server->start(std::nullopt), "Username:");
  expect_challenge(server->step("tim"), "Password:");
  expect_success(server->step("tanstaaftanstaaf"), "tim");
  expect_failure(server->step("again"), Failure::malformed);
}

TEST_F(SaslServer, LoginTakesTheInitialResponseAsTheUser) {
  const auto server = make(Mechanism::login);
  expect_challenge(server->start("tim"), "Password:");
  expect_success(server->step("tanstaaftanstaaf"), "tim");
}

TEST_F(SaslServer, LoginRefusesAWrongPasswordAndAnUnknownUser) {
  auto server = make(Mechanism::login);
  server->start("tim");
  expect_failure(server->step("guess"), Failure::bad_credentials, "tim");
  server = make(Mechanism::login);
  server->start("nobody");
  expect_failure(server->step("tanstaaftanstaaf"), Failure::bad_credentials, "nobody");
}

TEST_F(SaslServer, LoginRejectsAnEmptyOrBinaryUser) {
  for (const auto& bad : {""s, "t\0m"s, "\xff\xfe"s}) {
    expect_failure(make(Mechanism::login)->start(bad), Failure::malformed);
    const auto server = make(Mechanism::login);
    server->start(std::nullopt);
    expect_failure(server->step(bad), Failure::malformed);
  }
}

// ---- CRAM-MD5 ----

// RFC 2195 section 2's example from the server's side.
TEST_F(SaslServer, CramMd5AcceptsTheRfc2195Example) {
  const auto server = make(Mechanism::cram_md5);
  const auto first = server->start(std::nullopt);
  expect_challenge(first, kRfc2195Challenge);
  EXPECT_EQ(base64_encode(first.challenge), "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
  const auto response = base64_decode("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
  ASSERT_TRUE(response);
  expect_success(server->step(*response), "tim");
}

TEST_F(SaslServer, CramMd5AcceptsUppercaseHex) {
  const auto server = make(Mechanism::cram_md5);
  server->start(std::nullopt);
  expect_success(server->step("tim B913A602C7EDA7A495B4E6E7334D3890"), "tim");
}

TEST_F(SaslServer, CramMd5RefusesAWrongDigestAndAnUnknownUser) {
  auto server = make(Mechanism::cram_md5);
  server->start(std::nullopt);
  expect_failure(server->step("tim b913a602c7eda7a495b4e6e7334d3891"), Failure::bad_credentials, "tim");
  server = make(Mechanism::cram_md5);
  server->start(std::nullopt);
  expect_failure(server->step("nobody b913a602c7eda7a495b4e6e7334d3890"), Failure::bad_credentials, "nobody");
}

TEST_F(SaslServer, CramMd5RejectsMalformedResponses) {
  for (const auto& bad : {""s, "tim"s, " b913a602c7eda7a495b4e6e7334d3890"s, "tim b913a602c7eda7a495b4e6e7334d389"s,
                          "tim b913a602c7eda7a495b4e6e7334d38900"s, "tim g913a602c7eda7a495b4e6e7334d3890"s, "tim "s,
                          "t\0m b913a602c7eda7a495b4e6e7334d3890"s}) {
    const auto server = make(Mechanism::cram_md5);
    server->start(std::nullopt);
    expect_failure(server->step(bad), Failure::malformed);
  }
}

TEST_F(SaslServer, CramMd5RefusesAnInitialResponse) {
  expect_failure(make(Mechanism::cram_md5)->start("tim b913a602c7eda7a495b4e6e7334d3890"), Failure::malformed);
}

TEST_F(SaslServer, CramMd5NeedsAChallengeFromTheProtocolLayer) {
  EXPECT_THROW(make_server_mechanism(Mechanism::cram_md5, verifier, ServerOptions{}), std::invalid_argument);
}

// ---- XOAUTH2 ----

const std::string kGoogleToken = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg";

TEST_F(SaslServer, XOAuth2AcceptsGooglesExample) {
  verifier.tokens["someuser@example.com"] = kGoogleToken;
  const auto message = base64_decode(
      "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cB"
      "AQ==");
  ASSERT_TRUE(message);
  expect_success(make(Mechanism::xoauth2)->start(*message), "someuser@example.com");
  ASSERT_EQ(verifier.token_checks.size(), 1u);
  EXPECT_EQ(verifier.token_checks[0].second, kGoogleToken);
}

TEST_F(SaslServer, XOAuth2AsksWithAnEmptyChallengeWithoutSaslIr) {
  verifier.tokens["u@example.com"] = "tok";
  const auto server = make(Mechanism::xoauth2);
  expect_challenge(server->start(std::nullopt), "");
  expect_success(server->step("user=u@example.com\x01"
                              "auth=Bearer tok\x01\x01"),
                 "u@example.com");
}

TEST_F(SaslServer, XOAuth2ReadsTheSchemeWithoutRegardToCase) {
  verifier.tokens["u@example.com"] = "tok";
  expect_success(make(Mechanism::xoauth2)
                     ->start("user=u@example.com\x01"
                             "auth=BEARER tok\x01\x01"),
                 "u@example.com");
}

TEST_F(SaslServer, XOAuth2SendsGmailsErrorChallengeThenFails) {
  verifier.refusal.scope = "https://mail.google.com/";
  const auto server = make(Mechanism::xoauth2);
  const auto s = server->start(
      "user=u@example.com\x01"
      "auth=Bearer expired\x01\x01");
  EXPECT_EQ(s.kind, Kind::challenge);
  EXPECT_TRUE(s.error_challenge);
  EXPECT_EQ(s.challenge, R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})");
  EXPECT_EQ(s.user, "u@example.com");
  expect_failure(server->step(""), Failure::token_rejected, "u@example.com");
  expect_failure(server->step(""), Failure::malformed);
}

TEST_F(SaslServer, XOAuth2EndsTheErrorRoundWhateverTheClientSays) {
  const auto server = make(Mechanism::xoauth2);
  ASSERT_TRUE(server
                  ->start("user=u@example.com\x01"
                          "auth=Bearer bad\x01\x01")
                  .error_challenge);
  expect_failure(server->step("user=u@example.com\x01"
                              "auth=Bearer good\x01\x01"),
                 Failure::token_rejected, "u@example.com");
  EXPECT_EQ(verifier.token_checks.size(), 1u);
}

TEST_F(SaslServer, XOAuth2ErrorOmitsAnEmptyScopeAndKeepsACustomStatus) {
  const auto plain = make(Mechanism::xoauth2)
                         ->start(
                             "user=u@example.com\x01"
                             "auth=Bearer bad\x01\x01");
  EXPECT_EQ(plain.challenge, R"({"status":"401","schemes":"bearer"})");
  verifier.refusal.status = "400";
  const auto custom = make(Mechanism::xoauth2)
                          ->start(
                              "user=u@example.com\x01"
                              "auth=Bearer bad\x01\x01");
  EXPECT_EQ(custom.challenge, R"({"status":"400","schemes":"bearer"})");
}

TEST_F(SaslServer, XOAuth2ErrorJsonEscapesQuotes) {
  verifier.refusal.scope = "a\"b\\c";
  const auto s = make(Mechanism::xoauth2)
                     ->start(
                         "user=u@example.com\x01"
                         "auth=Bearer bad\x01\x01");
  EXPECT_EQ(s.challenge, R"({"status":"401","schemes":"bearer","scope":"a\"b\\c"})");
}

TEST_F(SaslServer, XOAuth2RejectsMalformedMessages) {
  verifier.tokens["u@example.com"] = "tok";
  for (const auto& bad : {
           ""s, "\x01"s,
           "user=u@example.com\x01"
           "auth=Bearer tok\x01"s,  // one kvsep short
           "user=u@example.com\x01"
           "auth=Bearer tok"s,          // no kvsep at all
           "auth=Bearer tok\x01\x01"s,  // no user
           "user=\x01"
           "auth=Bearer tok\x01\x01"s,     // empty user
           "user=u@example.com\x01\x01"s,  // no auth
           "user=u@example.com\x01"
           "auth=\x01\x01"s,  // empty auth
           "user=u@example.com\x01"
           "auth=Basic dTpw\x01\x01"s,  // another scheme
           "user=u@example.com\x01"
           "auth=Bearertok\x01\x01"s,  // no space
           "user=u@example.com\x01"
           "auth=Bearer to ken\x01\x01"s,  // not a b64token
           "user=u@example.com\x01user=v@example.com\x01"
           "auth=Bearer tok\x01\x01"s,  // repeated key
           "user=u@example.com\x01"
           "1uth=Bearer tok\x01\x01"s,  // key not ALPHA
           "=u@example.com\x01"
           "auth=Bearer tok\x01\x01"s,  // empty key
           "user=u\0@example.com\x01"
           "auth=Bearer tok\x01\x01"s,  // NUL in a value
           "user=\xff\x01"
           "auth=Bearer tok\x01\x01"s,  // not UTF-8
       }) {
    expect_failure(make(Mechanism::xoauth2)->start(bad), Failure::malformed);
  }
  EXPECT_TRUE(verifier.token_checks.empty());
}

// ---- OAUTHBEARER ----

const std::string kRfc7628Token = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";

// RFC 7628 section 4.1, the IMAP initial response taken from the wire.
TEST_F(SaslServer, OAuthBearerAcceptsTheRfc7628Example) {
  verifier.tokens["user@example.com"] = kRfc7628Token;
  const auto message = base64_decode(
      "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNS"
      "bGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB");
  ASSERT_TRUE(message);
  expect_success(make(Mechanism::oauthbearer)->start(*message), "user@example.com");
}

// RFC 7628 section 4.3: an empty "auth" asks for the scope; the server
// answers with the error challenge, the client with %x01, then failure.
TEST_F(SaslServer, OAuthBearerFailedExchangeMatchesRfc7628) {
  verifier.refusal.scope = "example_scope";
  verifier.refusal.openid_configuration = "https://example.com/.well-known/openid-configuration";
  const auto server = make(Mechanism::oauthbearer);
  const auto message =
      base64_decode("bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9AQE=");
  ASSERT_EQ(message,
            "n,a=user@example.com,\x01host=server.example.com\x01port=143\x01"
            "auth=\x01\x01");
  const auto s = server->start(*message);
  EXPECT_EQ(s.kind, Kind::challenge);
  EXPECT_TRUE(s.error_challenge);
  EXPECT_EQ(
      base64_encode(s.challenge),
      "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczov"
      "L2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=");
  expect_failure(server->step(*base64_decode("AQ==")), Failure::token_rejected, "user@example.com");
}

TEST_F(SaslServer, OAuthBearerNeverLogsInWithAnEmptyToken) {
  verifier.tokens["u@example.com"] = "";
  const auto s = make(Mechanism::oauthbearer)
                     ->start(
                         "n,a=u@example.com,\x01"
                         "auth=\x01\x01");
  EXPECT_EQ(s.kind, Kind::challenge);
  EXPECT_TRUE(s.error_challenge);
}

TEST_F(SaslServer, OAuthBearerErrorLeavesOutEmptyKeys) {
  const auto s = make(Mechanism::oauthbearer)
                     ->start(
                         "n,a=u@example.com,\x01"
                         "auth=Bearer bad\x01\x01");
  EXPECT_EQ(s.challenge, R"({"status":"invalid_token"})");
  verifier.refusal.status = "insufficient_scope";
  verifier.refusal.scope = "mail";
  const auto scoped = make(Mechanism::oauthbearer)
                          ->start(
                              "n,a=u@example.com,\x01"
                              "auth=Bearer bad\x01\x01");
  EXPECT_EQ(scoped.challenge, R"({"status":"insufficient_scope","scope":"mail"})");
}

TEST_F(SaslServer, OAuthBearerAsksWithAnEmptyChallengeWithoutSaslIr) {
  verifier.tokens["u@example.com"] = "tok";
  const auto server = make(Mechanism::oauthbearer);
  expect_challenge(server->start(std::nullopt), "");
  expect_success(server->step("n,a=u@example.com,\x01"
                              "auth=Bearer tok\x01\x01"),
                 "u@example.com");
}

TEST_F(SaslServer, OAuthBearerDecodesTheEscapedAuthzid) {
  verifier.tokens["a,b=c@example.com"] = "tok";
  expect_success(make(Mechanism::oauthbearer)
                     ->start("n,a=a=2Cb=3Dc@example.com,\x01"
                             "auth=Bearer tok\x01\x01"),
                 "a,b=c@example.com");
}

TEST_F(SaslServer, OAuthBearerIgnoresUnknownKeysAndTheChannelBindingYesFlag) {
  verifier.tokens["u@example.com"] = "tok";
  expect_success(make(Mechanism::oauthbearer)
                     ->start("y,a=u@example.com,\x01"
                             "qs=\x01mthd=POST\x01"
                             "auth=Bearer tok\x01\x01"),
                 "u@example.com");
}

TEST_F(SaslServer, OAuthBearerRejectsMalformedMessages) {
  verifier.tokens["u@example.com"] = "tok";
  for (const auto& bad : {
           ""s,
           "\x01"s,  // the dummy reply as a first message
           "n,,\x01"
           "auth=Bearer tok\x01\x01"s,  // no authzid: we need the user
           "n,a=,\x01"
           "auth=Bearer tok\x01\x01"s,  // empty authzid
           "n,user=someuser@example.com,\x01"
           "auth=Bearer tok\x01\x01"s,  // RFC 7628 4.4's non-GS2 header
           "p=tls-unique,a=u@example.com,\x01"
           "auth=Bearer tok\x01\x01"s,  // channel binding
           "x,a=u@example.com,\x01"
           "auth=Bearer tok\x01\x01"s,  // unknown flag
           "n,a=u@example.com\x01"
           "auth=Bearer tok\x01\x01"s,                    // header not closed
           "n,a=u@example.com,auth=Bearer tok\x01\x01"s,  // no kvsep after the header
           "n,a=u=2Dx@example.com,\x01"
           "auth=Bearer tok\x01\x01"s,  // bad saslname escape
           "n,a=u=@example.com,\x01"
           "auth=Bearer tok\x01\x01"s,     // truncated escape
           "n,a=u@example.com,\x01\x01"s,  // no auth
           "n,a=u@example.com,\x01"
           "auth=Bearer tok\x01"s,  // missing final kvsep
           "n,a=u@example.com,\x01"
           "auth=Bearer tok"s,
           "n,a=u@example.com,\x01"
           "auth=MAC tok\x01\x01"s,
           "n,a=u@example.com,\x01port=0143\x01"
           "auth=Bearer tok\x01\x01"s,
           "n,a=u@example.com,\x01port=70000\x01"
           "auth=Bearer tok\x01\x01"s,
           "n,a=u@example.com,\x01port=\x01"
           "auth=Bearer tok\x01\x01"s,
           "n,a=u@example.com,\x01host\x01"
           "auth=Bearer tok\x01\x01"s,
           "n,a=\xff,\x01"
           "auth=Bearer tok\x01\x01"s,
       }) {
    expect_failure(make(Mechanism::oauthbearer)->start(bad), Failure::malformed);
  }
  EXPECT_TRUE(verifier.token_checks.empty());
}

}  // namespace
}  // namespace mailsim::sasl
