// What the client reads from an OAuth server (client/oauth/): the token
// endpoint's answer (the first input byte picks the HTTP status), the
// redirect's query string, an endpoint URL; and the token store's plaintext
// document, which must round-trip through serialize_tokens/parse_tokens.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/http_url.hpp"
#include "client/oauth/token_endpoint.hpp"
#include "client/oauth/token_set.hpp"
#include "common/clock.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"

namespace {

namespace oauth = mailsim::client::oauth;

constexpr int kStatuses[] = {200, 200, 200, 201, 204, 302, 400, 401, 403, 408, 429, 500, 503, 0, -1, 999};

void check_token_response(int status, std::string_view body) {
  const oauth::HttpResponse response{.status = status, .content_type = "application/json", .body = std::string(body)};
  const auto sent_at = mailsim::VirtualClock::default_start();
  const auto result = oauth::parse_token_response(response, sent_at, "mail");
  FUZZ_CHECK(result.tokens.has_value() != result.error.has_value());
  if (result.error) {
    oauth::describe(*result.error);
    result.error->retryable();
    return;
  }
  FUZZ_CHECK(!result.tokens->access_token.empty());
  if (result.tokens->expires_at) FUZZ_CHECK(*result.tokens->expires_at >= sent_at);

  // What the store keeps must read back as it was.
  oauth::StoredTokens stored;
  stored.outbound = *result.tokens;
  FUZZ_CHECK(oauth::parse_tokens(oauth::serialize_tokens(stored)) == stored);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  check_token_response(kStatuses[seed % std::size(kStatuses)], payload);

  if (const auto params = oauth::parse_form(payload)) {
    FUZZ_CHECK(oauth::parse_form(oauth::serialize_form(*params)) == params);
    oauth::find_param(*params, "code");
  }
  FUZZ_CHECK(oauth::form_decode(oauth::form_encode(payload)) == std::string(payload));
  if (const auto url = oauth::parse_http_url(payload)) {
    FUZZ_CHECK(!url->host.empty() && url->port != 0 && url->target.starts_with('/'));
  }
  try {
    oauth::parse_tokens(payload);
  } catch (const std::runtime_error&) {
    // A damaged store document is an error the caller reports.
  }
  return 0;
}
