#include "common/sasl/sasl_client.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/base64.hpp"

namespace mailsim::sasl {
namespace {

using namespace std::string_literals;

ClientCredentials password_credentials(std::string user, std::string password) {
  ClientCredentials c;
  c.user = std::move(user);
  c.password = std::move(password);
  return c;
}

ClientCredentials token_credentials(std::string user, std::string token) {
  ClientCredentials c;
  c.user = std::move(user);
  c.access_token = std::move(token);
  return c;
}

// RFC 4616 section 4, first example.
TEST(SaslClientPlain, InitialResponseMatchesRfc4616) {
  const auto client = make_client_mechanism(Mechanism::plain, password_credentials("tim", "tanstaaftanstaaf"));
  EXPECT_EQ(client->mechanism(), Mechanism::plain);
  const auto ir = client->initial_response();
  ASSERT_TRUE(ir);
  EXPECT_EQ(*ir, "\0tim\0tanstaaftanstaaf"s);
  EXPECT_EQ(base64_encode(*ir), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
}

// RFC 4616 section 4, second example: an authorization identity.
TEST(SaslClientPlain, CarriesTheAuthzidFirst) {
  auto c = password_credentials("Kurt", "xipj3plmq");
  c.authzid = "Ursel";
  const auto client = make_client_mechanism(Mechanism::plain, c);
  EXPECT_EQ(client->initial_response(), "Ursel\0Kurt\0xipj3plmq"s);
}

TEST(SaslClientPlain, AnswersOneEmptyChallengeWhenSaslIrIsNotUsed) {
  const auto client = make_client_mechanism(Mechanism::plain, password_credentials("tim", "tanstaaftanstaaf"));
  const auto first = client->step("");
  EXPECT_FALSE(first.protocol_error);
  EXPECT_EQ(first.response, "\0tim\0tanstaaftanstaaf"s);
  EXPECT_TRUE(client->step("").protocol_error);
}

TEST(SaslClientPlain, ANonEmptyChallengeIsAProtocolError) {
  const auto client = make_client_mechanism(Mechanism::plain, password_credentials("tim", "x"));
  const auto step = client->step("what?");
  EXPECT_TRUE(step.protocol_error);
  EXPECT_TRUE(step.response.empty());
}

TEST(SaslClientLogin, AnswersUserThenPasswordThenNothing) {
  const auto client = make_client_mechanism(Mechanism::login, password_credentials("tim", "tanstaaftanstaaf"));
  EXPECT_EQ(client->initial_response(), std::nullopt);
  EXPECT_EQ(client->step("Username:").response, "tim");
  EXPECT_EQ(client->step("Password:").response, "tanstaaftanstaaf");
  EXPECT_TRUE(client->step("Password:").protocol_error);
}

// RFC 2195 section 2's example, byte for byte on the wire.
TEST(SaslClientCramMd5, ResponseMatchesRfc2195) {
  const auto client = make_client_mechanism(Mechanism::cram_md5, password_credentials("tim", "tanstaaftanstaaf"));
  EXPECT_EQ(client->initial_response(), std::nullopt);
  const auto challenge = base64_decode("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
  ASSERT_EQ(challenge, "<1896.697170952@postoffice.reston.mci.net>");
  const auto step = client->step(*challenge);
  EXPECT_FALSE(step.protocol_error);
  EXPECT_EQ(step.response, "tim b913a602c7eda7a495b4e6e7334d3890");
  EXPECT_EQ(base64_encode(step.response), "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
}

TEST(SaslClientCramMd5, NeedsExactlyOneNonEmptyChallenge) {
  const auto client = make_client_mechanism(Mechanism::cram_md5, password_credentials("tim", "tanstaaftanstaaf"));
  EXPECT_TRUE(client->step("").protocol_error);
  EXPECT_FALSE(client->step("<1.2@x>").protocol_error);
  EXPECT_TRUE(client->step("<1.2@x>").protocol_error);
}

// developers.google.com/gmail/imap/xoauth2-protocol, "Initial Client Response".
TEST(SaslClientXOAuth2, InitialResponseMatchesGooglesExample) {
  const auto client = make_client_mechanism(
      Mechanism::xoauth2, token_credentials("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"));
  const auto ir = client->initial_response();
  ASSERT_TRUE(ir);
  EXPECT_EQ(*ir,
            "user=someuser@example.com\x01"
            "auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01");
  EXPECT_EQ(base64_encode(*ir),
            "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZ"
            "Mjl0Q2cBAQ==");
}

TEST(SaslClientXOAuth2, AnswersAnErrorChallengeWithAnEmptyResponse) {
  const auto client = make_client_mechanism(Mechanism::xoauth2, token_credentials("someuser@example.com", "tok"));
  ASSERT_TRUE(client->initial_response());
  const std::string json = R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})";
  const auto step = client->step(json);
  EXPECT_TRUE(step.server_error);
  EXPECT_FALSE(step.protocol_error);
  EXPECT_EQ(step.response, "");
  EXPECT_EQ(step.error_json, json);
  // Nothing may follow the error report but the outcome.
  EXPECT_TRUE(client->step(json).protocol_error);
}

TEST(SaslClientXOAuth2, SendsThePayloadOnAnEmptyChallengeWithoutSaslIr) {
  const auto client = make_client_mechanism(Mechanism::xoauth2, token_credentials("u@example.com", "tok"));
  EXPECT_EQ(client->step("").response,
            "user=u@example.com\x01"
            "auth=Bearer tok\x01\x01");
  EXPECT_TRUE(client->step("").protocol_error);
}

TEST(SaslClientXOAuth2, AChallengeThatIsNotJsonIsAProtocolError) {
  const auto client = make_client_mechanism(Mechanism::xoauth2, token_credentials("u@example.com", "tok"));
  const auto step = client->step("Password:");
  EXPECT_TRUE(step.protocol_error);
  EXPECT_FALSE(step.server_error);
}

ClientCredentials rfc7628_credentials(std::uint16_t port) {
  auto c = token_credentials("user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
  c.host = "server.example.com";
  c.port = port;
  return c;
}

// RFC 7628 section 4.1, the IMAP exchange.
TEST(SaslClientOAuthBearer, InitialResponseMatchesRfc7628Imap) {
  const auto client = make_client_mechanism(Mechanism::oauthbearer, rfc7628_credentials(143));
  const auto ir = client->initial_response();
  ASSERT_TRUE(ir);
  EXPECT_EQ(*ir,
            "n,a=user@example.com,\x01host=server.example.com\x01port=143\x01"
            "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01");
  EXPECT_EQ(base64_encode(*ir),
            "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyI"
            "HZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB");
}

// RFC 7628 section 4.1, the SMTP exchange.
TEST(SaslClientOAuthBearer, InitialResponseMatchesRfc7628Smtp) {
  const auto client = make_client_mechanism(Mechanism::oauthbearer, rfc7628_credentials(587));
  EXPECT_EQ(base64_encode(*client->initial_response()),
            "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmd"
            "DRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB");
}

TEST(SaslClientOAuthBearer, LeavesOutHostAndPortWhenUnknown) {
  const auto client = make_client_mechanism(Mechanism::oauthbearer, token_credentials("u@example.com", "tok"));
  EXPECT_EQ(client->initial_response(),
            "n,a=u@example.com,\x01"
            "auth=Bearer tok\x01\x01"s);
}

TEST(SaslClientOAuthBearer, EscapesCommaAndEqualsInTheAuthzid) {
  const auto client = make_client_mechanism(Mechanism::oauthbearer, token_credentials("a,b=c@example.com", "tok"));
  EXPECT_EQ(client->initial_response(),
            "n,a=a=2Cb=3Dc@example.com,\x01"
            "auth=Bearer tok\x01\x01"s);
}

// RFC 7628 section 4.3: the error challenge is answered with one %x01.
TEST(SaslClientOAuthBearer, AnswersTheRfc7628ErrorChallengeWithKvsep) {
  const auto client = make_client_mechanism(Mechanism::oauthbearer, rfc7628_credentials(143));
  ASSERT_TRUE(client->initial_response());
  const auto challenge = base64_decode(
      "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczov"
      "L2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=");
  ASSERT_TRUE(challenge);
  const auto step = client->step(*challenge);
  EXPECT_TRUE(step.server_error);
  EXPECT_EQ(step.response, "\x01");
  EXPECT_EQ(base64_encode(step.response), "AQ==");
  EXPECT_EQ(step.error_json, *challenge);
  EXPECT_TRUE(client->step(*challenge).protocol_error);
}

TEST(SaslClientCredentials, PasswordMechanismsNeedUserAndPassword) {
  for (const auto m : {Mechanism::plain, Mechanism::login, Mechanism::cram_md5}) {
    EXPECT_TRUE(credentials_allow(m, password_credentials("tim", "pw")));
    EXPECT_FALSE(credentials_allow(m, password_credentials("tim", "")));
    EXPECT_FALSE(credentials_allow(m, password_credentials("", "pw")));
    EXPECT_FALSE(credentials_allow(m, token_credentials("tim", "tok")));
    EXPECT_THROW(make_client_mechanism(m, password_credentials("tim", "")), std::invalid_argument);
  }
}

TEST(SaslClientCredentials, PlainRefusesNulInsideAField) {
  EXPECT_FALSE(credentials_allow(Mechanism::plain, password_credentials("tim", "pw\0x"s)));
  EXPECT_FALSE(credentials_allow(Mechanism::plain, password_credentials("t\0im"s, "pw")));
  auto c = password_credentials("tim", "pw");
  c.authzid = "a\0b"s;
  EXPECT_FALSE(credentials_allow(Mechanism::plain, c));
}

TEST(SaslClientCredentials, TokenMechanismsNeedUserAndACleanToken) {
  for (const auto m : {Mechanism::xoauth2, Mechanism::oauthbearer}) {
    EXPECT_TRUE(credentials_allow(m, token_credentials("u@example.com", "ya29.abc-_~+/=")));
    EXPECT_FALSE(credentials_allow(m, token_credentials("u@example.com", "")));
    EXPECT_FALSE(credentials_allow(m, token_credentials("", "tok")));
    EXPECT_FALSE(credentials_allow(m, password_credentials("u@example.com", "pw")));
    // A space or ^A would end the token early or forge another key.
    EXPECT_FALSE(credentials_allow(m, token_credentials("u@example.com", "to ken")));
    EXPECT_FALSE(credentials_allow(m, token_credentials("u@example.com",
                                                        "tok\x01"
                                                        "auth=x")));
    EXPECT_FALSE(credentials_allow(m, token_credentials("u\x01@example.com", "tok")));
    EXPECT_THROW(make_client_mechanism(m, token_credentials("u@example.com", "")), std::invalid_argument);
  }
}

TEST(SaslClientCredentials, TheErrorNamesTheMechanismButNoSecret) {
  try {
    make_client_mechanism(Mechanism::plain, password_credentials("", "hunter2"));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("PLAIN"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
  }
}

}  // namespace
}  // namespace mailsim::sasl
