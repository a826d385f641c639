#include "client/oauth/token_endpoint.hpp"

#include <cctype>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "client/oauth/form_urlencoded.hpp"
#include "common/base64.hpp"

namespace mailsim::client::oauth {
namespace {

using nlohmann::json;

// Longer than any token a provider issues (Microsoft's JWTs run to ~3 KiB),
// short enough to keep every SASL line bounded.
constexpr std::size_t kMaxTokenBytes = 16 * 1024;
constexpr std::size_t kMaxScopeBytes = 4 * 1024;
constexpr std::size_t kMaxDescriptionBytes = 300;
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
// Ten years: a longer lifetime is a server bug, and bounding it keeps the
// time arithmetic from overflowing.
constexpr std::int64_t kMaxExpiresIn = 10LL * 365 * 24 * 3600;

ParameterList grant_parameters(const OAuth2Settings& settings, const Grant& grant) {
  struct Visitor {
    const OAuth2Settings& settings;
    ParameterList operator()(const AuthorizationCodeGrant& g) const {
      ParameterList p = {{"grant_type", "authorization_code"}, {"code", g.code}};
      if (!g.redirect_uri.empty()) p.emplace_back("redirect_uri", g.redirect_uri);
      if (!g.code_verifier.empty()) p.emplace_back("code_verifier", g.code_verifier);
      return p;
    }
    ParameterList operator()(const RefreshTokenGrant& g) const {
      return {{"grant_type", "refresh_token"}, {"refresh_token", g.refresh_token}};
    }
    ParameterList operator()(const ClientCredentialsGrant&) const {
      ParameterList p = {{"grant_type", "client_credentials"}};
      if (const auto scope = settings.scope_string(); !scope.empty()) p.emplace_back("scope", scope);
      return p;
    }
  };
  return std::visit(Visitor{settings}, grant);
}

// RFC 6749 A.12 (VSCHAR): what a token may hold. It rules out CR, LF and
// the ^A separator of XOAUTH2, so a token can never break a SASL message.
bool is_vschar_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c <= 0x7e; });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// Server words for messages: printable, bounded.
std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (const unsigned char c : text) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c <= 0x7e) ? static_cast<char>(c) : '?';
  }
  return out;
}

TokenResult failure(TokenError error) {
  TokenResult result;
  result.error = std::move(error);
  return result;
}

TokenResult malformed(int status, std::string detail) {
  TokenError e;
  e.kind = TokenError::Kind::malformed;
  e.status = status;
  e.detail = std::move(detail);
  return failure(std::move(e));
}

std::optional<std::string> optional_string(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return std::string();  // present but unusable: callers reject ""
  return it->get<std::string>();
}

// expires_in as RFC 6749 has it (a number), or as some servers send it (a
// string of digits). nullopt for absent; -1 for unusable.
std::optional<std::int64_t> expires_in(const json& body) {
  const auto it = body.find("expires_in");
  if (it == body.end() || it->is_null()) return std::nullopt;
  std::int64_t value = -1;
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    value = v > static_cast<std::uint64_t>(kMaxExpiresIn) ? -1 : static_cast<std::int64_t>(v);
  } else if (it->is_number_integer()) {
    value = it->get<std::int64_t>();
  } else if (it->is_string()) {
    const auto text = it->get<std::string>();
    if (!text.empty() && text.size() <= 12 &&
        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
      value = std::stoll(text);
    }
  }
  return value >= 0 && value <= kMaxExpiresIn ? value : -1;
}

TokenResult parse_success(const json& body, int status, Clock::time_point sent_at, std::string_view fallback_scope) {
  const auto access = optional_string(body, "access_token");
  if (!access || access->empty()) return malformed(status, "the token response has no access_token");
  if (access->size() > kMaxTokenBytes || !is_vschar_text(*access)) {
    return malformed(status, "the access_token is too long or holds characters a token may not");
  }
  TokenSet set;
  set.access_token = *access;
  if (const auto type = optional_string(body, "token_type")) {
    // Mail servers take bearer tokens only (RFC 7628, XOAUTH2).
    if (!iequals(*type, "bearer")) {
      return malformed(status, "token_type \"" + printable(*type, 40) + "\" is not Bearer");
    }
    set.token_type = "Bearer";
  }
  if (const auto refresh = optional_string(body, "refresh_token")) {
    if (refresh->empty() || refresh->size() > kMaxTokenBytes || !is_vschar_text(*refresh)) {
      return malformed(status, "the refresh_token is empty, too long or holds characters a token may not");
    }
    set.refresh_token = *refresh;
  }
  if (const auto scope = optional_string(body, "scope")) {
    if (!body.at("scope").is_string() || scope->size() > kMaxScopeBytes || !is_vschar_text(*scope)) {
      return malformed(status, "the scope is too long or not a scope string");
    }
    set.scope = *scope;
  } else {
    set.scope = std::string(fallback_scope);
  }
  const auto lifetime = expires_in(body);
  if (lifetime && *lifetime < 0) return malformed(status, "expires_in is not a number of seconds");
  set.obtained_at = sent_at;
  if (lifetime) set.expires_at = sent_at + std::chrono::seconds(*lifetime);
  TokenResult result;
  result.tokens = std::move(set);
  return result;
}

}  // namespace

HttpRequest make_token_request(const OAuth2Settings& settings, ClientAuthentication authentication,
                               const Grant& grant) {
  HttpRequest request;
  request.method = "POST";
  request.url = settings.access_token_url;
  request.content_type = "application/x-www-form-urlencoded";
  request.headers.emplace_back("Accept", "application/json");
  ParameterList form = grant_parameters(settings, grant);
  const bool secret = !settings.client_secret.empty();
  if (secret && authentication == ClientAuthentication::basic) {
    // RFC 6749 2.3.1: each part form-encoded before the Basic encoding.
    request.headers.emplace_back(
        "Authorization",
        "Basic " + base64_encode(form_encode(settings.client_id) + ":" + form_encode(settings.client_secret)));
  } else {
    form.emplace_back("client_id", settings.client_id);
    if (secret) form.emplace_back("client_secret", settings.client_secret);
  }
  append_extra_params(form, settings.access_token_parameters);
  request.body = serialize_form(form);
  return request;
}

bool TokenError::retryable() const {
  switch (kind) {
    case Kind::transport:
      return transport == HttpFailure::connect_failed || transport == HttpFailure::timeout ||
             transport == HttpFailure::connection_lost;
    case Kind::oauth_error:
      if (error == "server_error" || error == "temporarily_unavailable") return true;
      [[fallthrough]];
    case Kind::http_status:
      return status == 408 || status == 429 || status >= 500;
    case Kind::malformed:
      return false;
  }
  return false;
}

std::string describe(const TokenError& e) {
  std::string out;
  switch (e.kind) {
    case TokenError::Kind::oauth_error:
      out = e.error;
      if (!e.description.empty()) out += ": " + e.description;
      break;
    case TokenError::Kind::http_status:
    case TokenError::Kind::malformed:
      out = e.detail;
      break;
    case TokenError::Kind::transport:
      out = "no answer from the token endpoint (" + std::string(to_string(e.transport)) + ")";
      if (!e.detail.empty()) out += ": " + e.detail;
      break;
  }
  if (e.status != 0) out += " (HTTP " + std::to_string(e.status) + ")";
  return out;
}

TokenResult parse_token_response(const HttpResponse& response, Clock::time_point sent_at,
                                 std::string_view fallback_scope) {
  const int status = response.status;
  if (response.body.size() > kMaxBodyBytes) return malformed(status, "the token response is too large");
  const json body = json::parse(response.body, nullptr, false);
  const bool object = !body.is_discarded() && body.is_object();
  const auto code = object ? optional_string(body, "error") : std::nullopt;
  // Some servers answer errors with 200; an error object without a token is one.
  const bool error_object = code && !code->empty() && !body.contains("access_token");
  if (status == 200 && !error_object) {
    if (!object) return malformed(status, "the token response is not a JSON object");
    return parse_success(body, status, sent_at, fallback_scope);
  }
  TokenError e;
  e.status = status;
  if (code && !code->empty()) {
    e.kind = TokenError::Kind::oauth_error;
    e.error = printable(*code, 64);
    e.description = printable(optional_string(body, "error_description").value_or(""), kMaxDescriptionBytes);
    e.uri = printable(optional_string(body, "error_uri").value_or(""), kMaxDescriptionBytes);
    return failure(std::move(e));
  }
  e.kind = TokenError::Kind::http_status;
  if (status >= 300 && status < 400) {
    e.detail = "the token endpoint redirected instead of answering";
  } else if (status >= 200 && status < 300) {
    e.detail = "the token endpoint answered with an unexpected success status";
  } else {
    e.detail = "the token endpoint failed without an OAuth error";
  }
  return failure(std::move(e));
}

TokenError transport_error(const HttpResult& result) {
  TokenError e;
  e.kind = TokenError::Kind::transport;
  e.transport = result.failure;
  e.detail = result.detail;
  return e;
}

}  // namespace mailsim::client::oauth
