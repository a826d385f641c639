// The OAuth mock's request handling (oauthmock/): form bodies and query
// strings, HTTP Basic client credentials, PKCE, scopes and redirect URIs,
// through the real endpoints of an AuthorizationServer. Each input line is
// one request: its first byte picks the endpoint, an optional
// "Authorization-value TAB" prefix the header, the rest is the form. "$CODE",
// "$ACCESS" and "$REFRESH" in a form stand for the latest code and tokens
// the server handed out, so grants and revocation are reached too. The
// encoders must round-trip through their parsers.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "oauthmock/authorization_server.hpp"
#include "oauthmock/base64url.hpp"
#include "oauthmock/basic_credentials.hpp"
#include "oauthmock/form_encoding.hpp"
#include "oauthmock/redirect_uri.hpp"
#include "oauthmock/scope.hpp"
#include "support/check.hpp"

namespace {

namespace oauth = mailsim::oauth;

oauth::ServerConfig config() {
  oauth::ClientConfig confidential{.id = "mail-app", .secret = "s3cret",
                                   .redirect_uris = {"http://127.0.0.1/callback", "https://app.example/cb"},
                                   .allowed_scopes = {"mail", "offline_access", "openid"},
                                   .default_scope = "mail",
                                   .token_format = oauth::TokenFormat::opaque};
  oauth::ClientConfig pkce_public{.id = "cli", .redirect_uris = {"http://localhost/cb"},
                                  .require_pkce = true, .token_format = oauth::TokenFormat::opaque,
                                  .users = {"alice@example.com"}};
  return {.issuer = "http://127.0.0.1:8080", .clients = {confidential, pkce_public},
          .max_tokens = 64, .max_codes = 16, .max_recorded_requests = 16};
}

struct Latest {
  std::string code, access, refresh;
};

std::string substituted(std::string_view text, const Latest& latest) {
  std::string out(text);
  for (const auto& [name, value] : {std::pair{"$CODE", &latest.code}, std::pair{"$ACCESS", &latest.access},
                                    std::pair{"$REFRESH", &latest.refresh}}) {
    const std::string encoded = oauth::form_encode(*value);
    for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name, at + encoded.size()))
      out.replace(at, std::string_view(name).size(), encoded);
  }
  return out;
}

void remember(const oauth::OAuthResponse& response, Latest& latest) {
  const auto location = response.header("Location");
  if (const auto q = location.find('?'); q != std::string_view::npos) {
    if (const auto params = oauth::parse_form(location.substr(q + 1))) {
      if (const auto code = oauth::param(*params, "code")) latest.code = *code;
    }
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) return;
  if (body.contains("access_token")) latest.access = body["access_token"].get<std::string>();
  if (body.contains("refresh_token")) latest.refresh = body["refresh_token"].get<std::string>();
}

void check_encoders(std::string_view line) {
  const std::string text(line);
  FUZZ_CHECK(oauth::form_decode(oauth::form_encode(text)) == text);
  FUZZ_CHECK(oauth::base64url_decode(oauth::base64url_encode(text)) == text);
  const std::size_t colon = line.find(':');
  const std::string id(line.substr(0, colon));
  const std::string secret(colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1));
  if (!id.empty()) {
    const auto basic = oauth::parse_basic_authorization(oauth::basic_authorization(id, secret));
    FUZZ_CHECK(basic && basic->client_id == id && basic->client_secret == secret);
  }
  if (const auto params = oauth::parse_form(line)) FUZZ_CHECK(oauth::parse_form(oauth::serialize_form(*params)) == params);
  if (const auto scopes = oauth::parse_scope(line)) FUZZ_CHECK(oauth::parse_scope(oauth::join_scope(*scopes)) == scopes);
  oauth::redirect_uri_matches("http://127.0.0.1/callback", line);
  oauth::is_registrable_redirect_uri(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto clock = std::make_shared<mailsim::VirtualClock>();
  oauth::AuthorizationServer server(config(), clock);
  Latest latest;
  std::string_view rest = input;
  while (!rest.empty()) {
    const std::size_t lf = rest.find('\n');
    std::string_view line = rest.substr(0, lf);
    rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
    check_encoders(line);
    if (line.empty()) continue;
    const auto selector = static_cast<unsigned char>(line.front());
    line.remove_prefix(1);

    oauth::OAuthRequest request;
    if (const std::size_t tab = line.find('\t'); tab != std::string_view::npos) {
      request.authorization = std::string(line.substr(0, tab));
      line.remove_prefix(tab + 1);
    }
    const auto params = oauth::parse_form(substituted(line, latest));
    if (!params) {
      server.reject_malformed(oauth::Endpoint::token, "the form body is malformed");
      continue;
    }
    request.params = *params;
    oauth::OAuthResponse response;
    switch (selector % 5) {
      case 0: response = server.authorize(request); break;
      case 1: response = server.token(request); break;
      case 2: response = server.introspect(request); break;
      case 3: response = server.revoke(request); break;
      default:
        clock->advance(std::chrono::seconds(selector));  // lets codes and tokens expire
        continue;
    }
    FUZZ_CHECK(response.status >= 200 && response.status < 600);
    remember(response, latest);
  }
  FUZZ_CHECK(server.requests().size() <= 16);
  return 0;
}
