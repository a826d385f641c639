// The server side of every SASL mechanism (common/sasl/sasl_server) over
// hostile client messages: the first input byte picks the mechanism and
// whether the first line is an initial response; each further line is one
// client message, base64-decoded first when it decodes (common/base64), as
// the SMTP and IMAP sessions do.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/base64.hpp"
#include "common/sasl/sasl_server.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"
#include "support/fixed_verifier.hpp"

namespace {

using mailsim::sasl::Mechanism;
using Kind = mailsim::sasl::ServerStep::Kind;

constexpr Mechanism kMechanisms[] = {Mechanism::plain, Mechanism::login, Mechanism::cram_md5, Mechanism::xoauth2,
                                     Mechanism::oauthbearer};

std::string message_of(std::string_view line) {
  if (auto decoded = mailsim::base64_decode(line)) return *decoded;
  return std::string(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  mailsim::fuzz::FixedVerifier verifier("tim", "tanstaaftanstaaf", "ya29.token");
  const auto mechanism = mailsim::sasl::make_server_mechanism(
      kMechanisms[seed % std::size(kMechanisms)], verifier,
      {.cram_md5_challenge = "<1896.697170952@postoffice.example.net>"});

  std::string_view rest = payload;
  auto next_line = [&rest]() {
    const std::size_t lf = rest.find('\n');
    const std::string_view line = rest.substr(0, lf);
    rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
    return message_of(line);
  };
  std::optional<std::string> initial;
  if (seed & 0x10) initial = next_line();
  auto step = mechanism->start(initial ? std::optional<std::string_view>(*initial) : std::nullopt);
  for (int rounds = 0; step.kind == Kind::challenge; ++rounds) {
    FUZZ_CHECK(rounds < 8);  // every mechanism settles in a few rounds
    step = mechanism->step(next_line());
  }
  if (step.kind == Kind::success) FUZZ_CHECK(step.user == "tim");
  // After the outcome the exchange is over, whatever the client sends.
  FUZZ_CHECK(mechanism->step("tim").kind == Kind::failure);
  return 0;
}
