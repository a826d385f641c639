// Our SASL client against our SASL server, through base64 as on the wire.
#include <gtest/gtest.h>

#include <ostream>

#include "common/base64.hpp"
#include "common/sasl/sasl_client.hpp"
#include "common/sasl/sasl_server.hpp"
#include "sasl_test_verifier.hpp"

namespace mailsim::sasl {
namespace {

using Kind = ServerStep::Kind;

struct Outcome {
  ServerStep last;
  int round_trips = 0;
  bool client_saw_error = false;
  std::string error_json;
};

std::string wire(std::string_view bytes) { return *base64_decode(base64_encode(bytes)); }

Outcome run(ClientMechanism& client, ServerMechanism& server, bool use_initial_response) {
  Outcome out;
  std::optional<std::string> ir;
  if (use_initial_response) ir = client.initial_response();
  out.last = ir ? server.start(wire(*ir)) : server.start(std::nullopt);
  while (out.last.kind == Kind::challenge && out.round_trips < 5) {
    ++out.round_trips;
    const auto step = client.step(wire(out.last.challenge));
    EXPECT_FALSE(step.protocol_error);
    EXPECT_EQ(step.server_error, out.last.error_challenge);
    if (step.server_error) {
      out.client_saw_error = true;
      out.error_json = step.error_json;
    }
    out.last = server.step(wire(step.response));
  }
  return out;
}

struct Case {
  Mechanism mechanism;
  bool initial_response;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << to_string(c.mechanism) << (c.initial_response ? " with" : " without") << " initial response";
}

class SaslExchange : public ::testing::TestWithParam<Case> {
 protected:
  testing::TestVerifier verifier;
  ServerOptions options{"<4242.1767225600@mock.example>"};

  ClientCredentials credentials(std::string_view password, std::string_view token) const {
    ClientCredentials c;
    c.user = "tim";
    if (is_oauth(GetParam().mechanism)) {
      c.access_token = token;
      c.host = "127.0.0.1";
      c.port = 2525;
    } else {
      c.password = password;
    }
    return c;
  }
};

TEST_P(SaslExchange, RightCredentialsSucceed) {
  verifier.tokens["tim"] = "good-token";
  const auto client = make_client_mechanism(GetParam().mechanism, credentials("tanstaaftanstaaf", "good-token"));
  const auto server = make_server_mechanism(GetParam().mechanism, verifier, options);
  const auto outcome = run(*client, *server, GetParam().initial_response);
  EXPECT_EQ(outcome.last.kind, Kind::success);
  EXPECT_EQ(outcome.last.user, "tim");
  EXPECT_FALSE(outcome.client_saw_error);
}

TEST_P(SaslExchange, WrongCredentialsFailWithTheMatchingReason) {
  verifier.tokens["tim"] = "good-token";
  verifier.refusal.scope = "https://mail.example/";
  const auto client = make_client_mechanism(GetParam().mechanism, credentials("wrong", "stale-token"));
  const auto server = make_server_mechanism(GetParam().mechanism, verifier, options);
  const auto outcome = run(*client, *server, GetParam().initial_response);
  EXPECT_EQ(outcome.last.kind, Kind::failure);
  EXPECT_EQ(outcome.last.user, "tim");
  if (is_oauth(GetParam().mechanism)) {
    EXPECT_EQ(outcome.last.failure, Failure::token_rejected);
    EXPECT_TRUE(outcome.client_saw_error);
    EXPECT_NE(outcome.error_json.find("https://mail.example/"), std::string::npos);
  } else {
    EXPECT_EQ(outcome.last.failure, Failure::bad_credentials);
    EXPECT_FALSE(outcome.client_saw_error);
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name(to_string(info.param.mechanism));
  std::erase(name, '-');
  return name + (info.param.initial_response ? "_WithInitialResponse" : "_WithoutInitialResponse");
}

INSTANTIATE_TEST_SUITE_P(AllMechanisms, SaslExchange,
                         ::testing::Values(Case{Mechanism::plain, true}, Case{Mechanism::plain, false},
                                           Case{Mechanism::login, false}, Case{Mechanism::cram_md5, false},
                                           Case{Mechanism::xoauth2, true}, Case{Mechanism::xoauth2, false},
                                           Case{Mechanism::oauthbearer, true}, Case{Mechanism::oauthbearer, false}),
                         case_name);

}  // namespace
}  // namespace mailsim::sasl
