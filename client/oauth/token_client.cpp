#include "client/oauth/token_client.hpp"

#include <stdexcept>

namespace mailsim::client::oauth {
namespace {

// The secrets a request carried, so an error description that echoes one
// (some servers quote the grant back) never reaches a message.
std::vector<std::string> secrets_of(const OAuth2Settings& settings, const Grant& grant) {
  std::vector<std::string> secrets;
  if (!settings.client_secret.empty()) secrets.push_back(settings.client_secret);
  if (const auto* code = std::get_if<AuthorizationCodeGrant>(&grant)) {
    secrets.push_back(code->code);
    secrets.push_back(code->code_verifier);
  } else if (const auto* refresh = std::get_if<RefreshTokenGrant>(&grant)) {
    secrets.push_back(refresh->refresh_token);
  }
  return secrets;
}

void redact(std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "[redacted]");
    }
  }
}

}  // namespace

TokenClient::TokenClient(OAuth2Settings settings, std::shared_ptr<HttpTransport> http, std::shared_ptr<Clock> clock,
                         ClientAuthentication authentication)
    : settings_(std::move(settings)), http_(std::move(http)), clock_(std::move(clock)), authentication_(authentication) {
  if (!http_ || !clock_) throw std::invalid_argument("token client: no HTTP transport or clock");
}

TokenResult TokenClient::exchange_code(std::string_view code, std::string_view redirect_uri,
                                       std::string_view code_verifier) {
  return request(AuthorizationCodeGrant{std::string(code), std::string(redirect_uri), std::string(code_verifier)});
}

TokenResult TokenClient::refresh(std::string_view refresh_token) {
  return request(RefreshTokenGrant{std::string(refresh_token)});
}

TokenResult TokenClient::client_credentials() { return request(ClientCredentialsGrant{}); }

TokenResult TokenClient::request(const Grant& grant) {
  const auto sent_at = clock_->now();
  const auto answer = http_->send(make_token_request(settings_, authentication_, grant));
  TokenResult result;
  if (!answer.ok()) {
    result.error = transport_error(answer);
  } else {
    // A refresh that names no scope keeps the granted one: the caller knows it.
    const bool refresh = std::holds_alternative<RefreshTokenGrant>(grant);
    result = parse_token_response(*answer.response, sent_at, refresh ? std::string() : settings_.scope_string());
  }
  if (result.error) {
    const auto secrets = secrets_of(settings_, grant);
    redact(result.error->description, secrets);
    redact(result.error->uri, secrets);
    redact(result.error->detail, secrets);
  }
  return result;
}

}  // namespace mailsim::client::oauth
