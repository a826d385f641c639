// The client side of every SASL mechanism (common/sasl/sasl_client) over
// hostile server challenges: the first input byte picks the mechanism, each
// line is one challenge, base64-decoded first when it decodes, as the SMTP
// 334 and IMAP "+" handlers do.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base64.hpp"
#include "common/sasl/sasl_client.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"

namespace {

using mailsim::sasl::Mechanism;

constexpr Mechanism kMechanisms[] = {Mechanism::plain, Mechanism::login, Mechanism::cram_md5, Mechanism::xoauth2,
                                     Mechanism::oauthbearer};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  const mailsim::sasl::ClientCredentials credentials{.user = "tim", .password = "tanstaaftanstaaf",
                                                     .access_token = "ya29.token", .host = "mail.example.com",
                                                     .port = 993};
  const auto mechanism = mailsim::sasl::make_client_mechanism(kMechanisms[seed % std::size(kMechanisms)], credentials);
  mechanism->initial_response();
  std::string_view rest = payload;
  while (!rest.empty()) {
    const std::size_t lf = rest.find('\n');
    const std::string_view line = rest.substr(0, lf);
    rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
    const auto decoded = mailsim::base64_decode(line);
    const auto step = mechanism->step(decoded ? std::string_view(*decoded) : line);
    if (step.server_error) FUZZ_CHECK(!step.error_json.empty());
    // A challenge the mechanism cannot answer gets none of our bytes (the caller cancels).
    if (step.protocol_error) FUZZ_CHECK(step.response.empty());
  }
  return 0;
}
