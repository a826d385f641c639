#include "client/oauth/authorization_flow.hpp"

#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "client/oauth/authorization_url.hpp"
#include "client/oauth/browser.hpp"
#include "client/oauth/form_urlencoded.hpp"
#include "client/oauth/loopback_listener.hpp"
#include "client/oauth/pkce.hpp"
#include "client/oauth/token_failure.hpp"

namespace mailsim::client::oauth {
namespace {

constexpr std::size_t kMaxWords = 300;

std::string printable(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    if (out.size() >= kMaxWords) return out + "...";
    out += (c >= 0x20 && c <= 0x7e) ? static_cast<char>(c) : '?';
  }
  return out;
}

Failure make_failure(Reason reason, Stage stage, std::string detail, std::string server_words = {},
                     std::string hint = {}) {
  Failure f;
  f.reason = reason;
  f.stage = stage;
  f.detail = std::move(detail);
  f.server_words = std::move(server_words);
  f.hint = hint.empty() ? std::string(default_hint(reason)) : std::move(hint);
  return f;
}

GenerateResult failed(GenerateResult result, Failure f) {
  result.tokens.reset();
  result.failure = std::move(f);
  return result;
}

Reason transport_reason(HttpFailure failure) {
  switch (failure) {
    case HttpFailure::connect_failed: return Reason::connect_refused;
    case HttpFailure::timeout: return Reason::timeout;
    case HttpFailure::tls_untrusted: return Reason::tls_cert_untrusted;
    case HttpFailure::tls_failed: return Reason::tls_handshake_failed;
    case HttpFailure::invalid_url: return Reason::config_invalid;
    case HttpFailure::none:
    case HttpFailure::body_too_large:
    case HttpFailure::connection_lost: break;
  }
  return Reason::connection_lost;
}

// An error answer of the authorization endpoint: the RFC 6749 5.2 shaped
// JSON the mock and most servers send, else the status.
std::string error_words(const HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_discarded() && body.is_object() && body.contains("error") && body["error"].is_string()) {
    std::string words = body["error"].get<std::string>();
    if (body.contains("error_description") && body["error_description"].is_string()) {
      words += ": " + body["error_description"].get<std::string>();
    }
    return printable(words);
  }
  return "HTTP " + std::to_string(response.status);
}

bool is_redirect_to(std::string_view location, std::string_view redirect_uri) {
  if (!location.starts_with(redirect_uri)) return false;
  const auto rest = location.substr(redirect_uri.size());
  return rest.empty() || rest.front() == '?' || rest.front() == '#';
}

// Plays the browser against an auto-consenting server: the authorization
// URL must answer with a redirect to our listener, which we then follow.
std::optional<Failure> follow_headless(HttpTransport& http, const std::string& url, const std::string& redirect_uri) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.headers.emplace_back("Accept", "text/html");
  const auto answer = http.send(request);
  if (!answer.ok()) {
    return make_failure(transport_reason(answer.failure), Stage::authenticate,
                        "the authorization endpoint did not answer (" + std::string(to_string(answer.failure)) +
                            "): " + answer.detail);
  }
  const auto& response = *answer.response;
  if (response.status < 300 || response.status >= 400 || response.location.empty()) {
    // Client and redirect URI problems are answered directly (RFC 6749 4.1.2.1).
    const Reason reason = response.status == 400 || response.status == 401 ? Reason::config_invalid
                                                                              : Reason::protocol_error;
    return make_failure(reason, Stage::authenticate, "the authorization endpoint refused the request",
                        error_words(response), "check client_id, authorization_url and the registered redirect URI");
  }
  if (!is_redirect_to(response.location, redirect_uri)) {
    return make_failure(Reason::oauth_consent_required, Stage::authenticate,
                        "the authorization server wants a person to sign in or consent; headless generate "
                        "only works with an auto-consenting server",
                        {}, "run generate without headless and open the URL in a browser");
  }
  HttpRequest follow;
  follow.method = "GET";
  follow.url = response.location;
  const auto delivered = http.send(follow);
  if (!delivered.ok() || delivered.response->status != 200) {
    return make_failure(Reason::protocol_error, Stage::authenticate,
                        "the redirect could not be delivered to the loopback listener");
  }
  return std::nullopt;
}

// The error of an authorization response (RFC 6749 4.1.2.1).
Failure authorization_error(const ParameterList& params) {
  const std::string error(find_param(params, "error").value_or(""));
  std::string words = printable(error);
  if (const auto description = find_param(params, "error_description")) words += ": " + printable(*description);
  if (error == "invalid_scope") {
    return make_failure(Reason::config_invalid, Stage::authenticate, "the authorization server refused the scope",
                        words, "check the scope in the oauth2 block");
  }
  if (error == "invalid_request" || error == "unauthorized_client" || error == "unsupported_response_type") {
    return make_failure(Reason::config_invalid, Stage::authenticate, "the authorization server refused the request",
                        words, "check client_id and authorization_parameters in the oauth2 block");
  }
  // access_denied, consent_required, login_required, interaction_required,
  // server_error, temporarily_unavailable: no consent this time.
  return make_failure(Reason::oauth_consent_required, Stage::authenticate, "authorization was not granted", words,
                      "run generate again and grant access");
}

}  // namespace

GenerateResult run_authorization_flow(TokenClient& client, const GenerateOptions& options) {
  GenerateResult result;
  std::unique_ptr<LoopbackListener> listener;
  try {
    listener = std::make_unique<LoopbackListener>(options.callback_path);
  } catch (const std::runtime_error& e) {
    return failed(std::move(result), make_failure(Reason::config_invalid, Stage::config, e.what()));
  }
  const auto pkce = make_pkce();
  const auto state = random_url_token(16);
  const auto redirect_uri = listener->redirect_uri();
  result.authorization_url = build_authorization_url(client.settings(), {redirect_uri, state, pkce.challenge});

  if (options.headless) {
    if (auto f = follow_headless(client.http(), result.authorization_url, redirect_uri)) {
      return failed(std::move(result), std::move(*f));
    }
  } else {
    if (options.show_url) {
      options.show_url(result.authorization_url);
    } else {
      std::cout << "Open this URL in a browser to authorize mailsim:\n" << result.authorization_url << "\n"
                << std::flush;
    }
    if (options.open_browser) open_in_browser(result.authorization_url);
  }

  const auto params = listener->wait(options.timeout);
  listener->stop();
  if (!params) {
    return failed(std::move(result),
                  make_failure(Reason::timeout, Stage::authenticate,
                               "no authorization response reached " + redirect_uri + " in time", {},
                               "open the URL and finish the sign-in before the time runs out"));
  }
  // The state first: a response to some other request is not looked at.
  if (find_param(*params, "state") != std::optional<std::string_view>(state)) {
    return failed(std::move(result),
                  make_failure(Reason::protocol_error, Stage::authenticate,
                               "the authorization response does not carry this request's state", {},
                               "run generate again; ignore responses to older requests"));
  }
  if (find_param(*params, "error")) return failed(std::move(result), authorization_error(*params));
  const auto code = find_param(*params, "code");
  if (!code || code->empty()) {
    return failed(std::move(result), make_failure(Reason::protocol_error, Stage::authenticate,
                                                  "the authorization response has neither code nor error"));
  }

  // A code is good once: no retry here.
  auto tokens = client.exchange_code(*code, redirect_uri, pkce.verifier);
  if (!tokens.ok()) {
    const auto& e = *tokens.error;
    const bool config = e.kind == TokenError::Kind::oauth_error &&
                        (e.error == "invalid_client" || e.error == "unauthorized_client" || e.error == "invalid_scope");
    return failed(std::move(result), token_failure(e, config ? Reason::config_invalid : Reason::oauth_consent_required,
                                                   "exchanging the authorization code"));
  }
  result.tokens = std::move(tokens.tokens);
  return result;
}

GenerateResult generate(TokenClient& client, TokenStore& store, Side side, const GenerateOptions& options) {
  auto result = run_authorization_flow(client, options);
  if (!result.ok()) return result;
  try {
    store.save(side, *result.tokens);
  } catch (const TokenStoreError& e) {
    if (e.kind() != TokenStoreError::Kind::damaged) {
      return failed(std::move(result), make_failure(Reason::config_invalid, Stage::config, e.what()));
    }
    try {
      StoredTokens fresh;
      fresh.of(side) = *result.tokens;
      store.write(fresh);
      result.replaced_damaged_store = true;
    } catch (const TokenStoreError& again) {
      return failed(std::move(result), make_failure(Reason::config_invalid, Stage::config, again.what()));
    }
  }
  return result;
}

}  // namespace mailsim::client::oauth
