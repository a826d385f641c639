// SASL client and server (common/sasl) talking to each other over base64
// (common/base64), with credentials from the input (cut at 0xff into user,
// secret and authzid; the first byte picks the mechanism and SASL-IR). When
// the client accepts the credentials the server must authenticate exactly
// that user; the saslname encoding of OAUTHBEARER must round-trip too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/base64.hpp"
#include "common/sasl/gs2_header.hpp"
#include "common/sasl/sasl_client.hpp"
#include "common/sasl/sasl_server.hpp"
#include "common/sasl/utf8.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"
#include "support/fixed_verifier.hpp"

namespace {

using mailsim::sasl::Mechanism;
using Kind = mailsim::sasl::ServerStep::Kind;

constexpr Mechanism kMechanisms[] = {Mechanism::plain, Mechanism::login, Mechanism::cram_md5, Mechanism::xoauth2,
                                     Mechanism::oauthbearer};

std::vector<std::string> fields(std::string_view payload) {
  std::vector<std::string> out;
  while (out.size() < 2) {
    const std::size_t cut = payload.find('\xff');
    if (cut == std::string_view::npos) break;
    out.emplace_back(payload.substr(0, cut));
    payload.remove_prefix(cut + 1);
  }
  out.emplace_back(payload);
  while (out.size() < 3) out.emplace_back();
  return out;
}

// What goes over the wire and back: base64 must round-trip exactly.
std::string through_base64(const std::string& bytes) {
  const auto decoded = mailsim::base64_decode(mailsim::base64_encode(bytes));
  FUZZ_CHECK(decoded && *decoded == bytes);
  return *decoded;
}

// Printable ASCII without the separators any mechanism reserves: such
// credentials must always get through.
bool plain_text(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (c <= 0x20 || c >= 0x7f || c == ',' || c == '=') return false;
  return true;
}

// RFC 6750 b64token: what a bearer token is made of.
bool b64token(std::string_view s) {
  if (s.find_last_not_of('=') == std::string_view::npos) return false;
  const std::size_t end = s.find_last_not_of('=') + 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || (c == '=' && i >= end);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  const auto f = fields(payload);
  const Mechanism m = kMechanisms[seed % std::size(kMechanisms)];

  if (mailsim::sasl::is_valid_utf8(f[0]) && f[0].find('\0') == std::string::npos)
    FUZZ_CHECK(mailsim::sasl::decode_saslname(mailsim::sasl::encode_saslname(f[0])) == f[0]);

  const bool clean = plain_text(f[0]) && (mailsim::sasl::is_oauth(m) ? b64token(f[1]) : plain_text(f[1])) &&
                     (seed & 0x20 || f[2].empty());
  const mailsim::sasl::ClientCredentials credentials{.user = f[0], .password = f[1], .access_token = f[1],
                                                     .authzid = seed & 0x20 ? f[0] : f[2]};
  std::unique_ptr<mailsim::sasl::ClientMechanism> client;
  try {
    client = mailsim::sasl::make_client_mechanism(m, credentials);
  } catch (const std::invalid_argument&) {
    FUZZ_CHECK(!clean);
    return 0;
  }
  mailsim::fuzz::FixedVerifier verifier(f[0], f[1], f[1]);
  const auto server = mailsim::sasl::make_server_mechanism(m, verifier, {.cram_md5_challenge = "<1.2@mock.example>"});

  std::optional<std::string> initial;
  if (seed & 0x10) initial = client->initial_response();
  auto step = server->start(initial ? std::optional<std::string_view>(through_base64(*initial)) : std::nullopt);
  for (int rounds = 0; step.kind == Kind::challenge && rounds < 8; ++rounds) {
    const auto answer = client->step(through_base64(step.challenge));
    if (answer.protocol_error) break;
    step = server->step(through_base64(answer.response));
  }
  if (step.kind == Kind::success) FUZZ_CHECK(step.user == f[0]);
  FUZZ_CHECK(step.kind == Kind::success || !clean);
  return 0;
}
