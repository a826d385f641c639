// Construction, configuration, admin calls and the shared machinery of the
// endpoints (recording, client authentication, issuing tokens). The
// endpoints themselves live in authorize_endpoint.cpp, token_endpoint.cpp,
// token_introspection.cpp and server_metadata.cpp.
#include "oauthmock/authorization_server.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "oauthmock/basic_credentials.hpp"
#include "oauthmock/jwt.hpp"
#include "oauthmock/random_token.hpp"
#include "oauthmock/redirect_uri.hpp"

namespace mailsim::oauth {
namespace {

void validate(const ClientConfig& client) {
  const auto fail = [&](const std::string& what) {
    throw std::invalid_argument("oauth client '" + client.id + "': " + what);
  };
  if (client.id.empty()) throw std::invalid_argument("oauth client: empty id");
  if (client.access_token_lifetime.count() <= 0) fail("access_token_lifetime must be positive");
  if (client.refresh_token_lifetime.count() < 0) fail("refresh_token_lifetime must not be negative");
  for (const auto& uri : client.redirect_uris) {
    if (!is_registrable_redirect_uri(uri)) fail("redirect URI is not an absolute URI without fragment: " + uri);
  }
  for (const auto& scope : client.allowed_scopes) {
    const auto parsed = parse_scope(scope);
    if (!parsed || parsed->size() != 1) fail("allowed scope is not a single scope token: " + scope);
  }
  const auto default_scope = parse_scope(client.default_scope);
  if (!default_scope) fail("default_scope is not a valid scope");
  if (!client.allowed_scopes.empty() && !includes_all(client.allowed_scopes, *default_scope)) {
    fail("default_scope is not within allowed_scopes");
  }
  for (const auto& grant : client.grant_types) {
    if (grant != kAuthorizationCodeGrant && grant != kRefreshTokenGrant && grant != kClientCredentialsGrant) {
      fail("unknown grant type: " + grant);
    }
  }
}

bool equals_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

OAuthError invalid_client(std::string description, bool challenge) {
  return {"invalid_client", std::move(description), challenge ? 401 : 400, challenge};
}

}  // namespace

AuthorizationServer::AuthorizationServer(ServerConfig config, std::shared_ptr<Clock> clock)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      codes_(config_.max_codes),
      tokens_(config_.max_tokens),
      log_(config_.max_recorded_requests) {
  if (!clock_) throw std::invalid_argument("oauth server: no clock");
  if (config_.authorization_code_lifetime.count() <= 0) {
    throw std::invalid_argument("oauth server: authorization_code_lifetime must be positive");
  }
  for (auto& client : config_.clients) add_client(std::move(client));
  config_.clients.clear();
}

template <typename Body>
OAuthResponse AuthorizationServer::answer(Endpoint endpoint, const OAuthRequest& request, Body&& body) {
  std::lock_guard lock(mutex_);
  RecordedRequest record = start_record(endpoint, request);
  OAuthResponse response;
  try {
    response = body(record);
  } catch (const OAuthError& e) {
    record.error = e.error;
    response = error_response(e);
  }
  record.status = response.status;
  log_.add(std::move(record));
  return response;
}

OAuthResponse AuthorizationServer::authorize(const OAuthRequest& request) {
  return answer(Endpoint::authorize, request,
                [&](RecordedRequest& record) { return authorize_locked(request, record); });
}

OAuthResponse AuthorizationServer::token(const OAuthRequest& request) {
  std::optional<UnsignedJwt> jwt;
  OAuthResponse response =
      answer(Endpoint::token, request, [&](RecordedRequest& record) { return token_locked(request, record, jwt); });
  if (jwt && response.status == 200) {
    auto body = nlohmann::json::parse(response.body);
    body["access_token"] = sign_issued_jwt(*jwt);
    response.body = body.dump();
  }
  return response;
}

OAuthResponse AuthorizationServer::introspect(const OAuthRequest& request) {
  return answer(Endpoint::introspect, request, [&](RecordedRequest&) { return introspect_locked(request); });
}

OAuthResponse AuthorizationServer::revoke(const OAuthRequest& request) {
  return answer(Endpoint::revoke, request, [&](RecordedRequest&) { return revoke_locked(request); });
}

OAuthResponse AuthorizationServer::metadata() {
  return answer(Endpoint::metadata, {}, [&](RecordedRequest&) {
    OAuthResponse response;
    response.body = metadata_document().dump();
    return response;
  });
}

OAuthResponse AuthorizationServer::jwks() {
  return answer(Endpoint::jwks, {}, [&](RecordedRequest&) {
    // The keys of the algorithms clients are configured with or tokens were
    // signed with; the RS256 key, the default, when there are none.
    bool rsa = rsa_key_ != nullptr;
    bool ec = ec_key_ != nullptr;
    for (const auto& client : clients_) {
      if (client.token_format != TokenFormat::jwt) continue;
      (client.jwt_algorithm == JwsAlgorithm::es256 ? ec : rsa) = true;
    }
    std::vector<std::shared_ptr<const SigningKey>> keys;
    if (rsa || !ec) keys.push_back(signing_key(JwsAlgorithm::rs256));
    if (ec) keys.push_back(signing_key(JwsAlgorithm::es256));
    std::vector<const SigningKey*> published;
    for (const auto& key : keys) published.push_back(key.get());
    OAuthResponse response;
    response.body = jwks_document(published).dump();
    return response;
  });
}

OAuthResponse AuthorizationServer::reject_malformed(Endpoint endpoint, std::string description) {
  return answer(endpoint, {},
                [&](RecordedRequest&) -> OAuthResponse { throw invalid_request(std::move(description)); });
}

void AuthorizationServer::set_issuer(std::string issuer) {
  std::lock_guard lock(mutex_);
  config_.issuer = std::move(issuer);
}

std::string AuthorizationServer::issuer() const {
  std::lock_guard lock(mutex_);
  return config_.issuer;
}

void AuthorizationServer::add_client(ClientConfig client) {
  validate(client);
  std::lock_guard lock(mutex_);
  const auto it = std::find_if(clients_.begin(), clients_.end(), [&](const auto& c) { return c.id == client.id; });
  if (it != clients_.end()) {
    *it = std::move(client);
  } else {
    clients_.push_back(std::move(client));
  }
}

bool AuthorizationServer::remove_client(std::string_view client_id) {
  std::lock_guard lock(mutex_);
  return std::erase_if(clients_, [&](const auto& c) { return c.id == client_id; }) > 0;
}

void AuthorizationServer::script_authorize(AuthorizeScript script) {
  std::lock_guard lock(mutex_);
  authorize_scripts_.push(std::move(script));
}

void AuthorizationServer::fail_token_calls(TokenFault fault) {
  std::lock_guard lock(mutex_);
  token_faults_.push(std::move(fault));
}

void AuthorizationServer::clear_scripts() {
  std::lock_guard lock(mutex_);
  authorize_scripts_.clear();
  token_faults_.clear();
}

bool AuthorizationServer::revoke_token(std::string_view token) {
  std::lock_guard lock(mutex_);
  IssuedToken* found = find_token(token);
  if (!found) return false;
  if (found->kind == TokenKind::refresh) {
    revoke_grant(found->grant);
  } else {
    found->revoked = true;
  }
  return true;
}

void AuthorizationServer::expire_all_tokens() {
  std::lock_guard lock(mutex_);
  const auto now = clock_->now();
  tokens_.for_each([&](IssuedToken& t) {
    if (!t.expired_at(now)) t.expires_at = now;
  });
}

void AuthorizationServer::expire_access_tokens() {
  std::lock_guard lock(mutex_);
  const auto now = clock_->now();
  tokens_.for_each([&](IssuedToken& t) {
    if (t.kind == TokenKind::access && !t.expired_at(now)) t.expires_at = now;
  });
}

std::size_t AuthorizationServer::expire_access_tokens_of(std::string_view user) {
  std::lock_guard lock(mutex_);
  const auto now = clock_->now();
  std::size_t expired = 0;
  tokens_.for_each([&](IssuedToken& t) {
    if (t.kind != TokenKind::access || t.revoked || t.expired_at(now) || !iequals(t.subject, user)) return;
    t.expires_at = now;
    ++expired;
  });
  return expired;
}

std::size_t AuthorizationServer::revoke_access_tokens_of(std::string_view user) {
  std::lock_guard lock(mutex_);
  const auto now = clock_->now();
  std::size_t revoked = 0;
  tokens_.for_each([&](IssuedToken& t) {
    if (t.kind != TokenKind::access || t.revoked || t.expired_at(now) || !iequals(t.subject, user)) return;
    t.revoked = true;
    ++revoked;
  });
  return revoked;
}

std::vector<IssuedToken> AuthorizationServer::issued_tokens() const {
  std::lock_guard lock(mutex_);
  std::vector<IssuedToken> out;
  out.reserve(tokens_.size());
  tokens_.for_each([&](const IssuedToken& t) {
    if (!t.value.empty()) out.push_back(t);  // not still being signed
  });
  return out;
}

std::vector<RecordedRequest> AuthorizationServer::requests() const {
  std::lock_guard lock(mutex_);
  return log_.list();
}

void AuthorizationServer::clear_requests() {
  std::lock_guard lock(mutex_);
  log_.clear();
}

TokenSet AuthorizationServer::issue_tokens(std::string_view client_id, std::string_view user, std::string_view scope) {
  TokenSet out;
  std::optional<UnsignedJwt> jwt;
  {
    std::lock_guard lock(mutex_);
    const ClientConfig* client = find_client(client_id);
    if (!client) throw std::invalid_argument("oauth: unknown client " + std::string(client_id));
    Scopes scopes;
    try {
      scopes = requested_scope(scope.empty() ? std::nullopt : std::optional(scope), *client);
    } catch (const OAuthError& e) {
      throw std::invalid_argument("oauth: " + e.description);
    }
    const auto grant = next_grant_++;
    const auto granted = join_scope(scopes);
    const std::string subject(user.empty() ? std::string_view(client->default_user) : user);
    out.access_token = issue_access_token(*client, subject, granted, grant, jwt).value;
    if (gets_refresh_token(*client, scopes))
      out.refresh_token = issue_refresh_token(*client, subject, granted, grant).value;
    out.scope = granted;
    out.expires_in = client->access_token_lifetime;
  }
  if (jwt) out.access_token = sign_issued_jwt(*jwt);
  return out;
}

TokenCheck AuthorizationServer::validate_access_token(std::string_view token, std::string_view user,
                                                      std::string_view required_scope) const {
  std::lock_guard lock(mutex_);
  TokenCheck check;
  check.required_scope = std::string(required_scope);
  const IssuedToken* found = find_token(token);
  if (!found || found->kind != TokenKind::access) return check;
  check.granted_scope = found->scope;
  check.user = found->subject;
  check.client_id = found->client_id;
  const auto required = parse_scope(required_scope);
  const auto granted = parse_scope(found->scope);
  if (found->revoked) {
    check.status = TokenStatus::revoked;
  } else if (found->expired_at(clock_->now())) {
    check.status = TokenStatus::expired;
  } else if (!user.empty() && !iequals(user, found->subject)) {
    check.status = TokenStatus::wrong_user;
  } else if (!required || !granted || !includes_all(*granted, *required)) {
    check.status = TokenStatus::insufficient_scope;
  } else {
    check.status = TokenStatus::valid;
  }
  return check;
}

RecordedRequest AuthorizationServer::start_record(Endpoint endpoint, const OAuthRequest& request) const {
  RecordedRequest record;
  record.endpoint = endpoint;
  record.at = clock_->now();
  const auto& params = request.params;
  if (const auto client_id = param(params, "client_id")) record.client_id = std::string(*client_id);
  const bool authenticates =
      endpoint == Endpoint::token || endpoint == Endpoint::introspect || endpoint == Endpoint::revoke;
  if (authenticates) {
    if (request.authorization) {
      record.client_auth = is_basic_scheme(*request.authorization) ? "client_secret_basic" : "other";
      if (const auto basic = parse_basic_authorization(*request.authorization)) record.client_id = basic->client_id;
    } else if (param(params, "client_secret")) {
      record.client_auth = "client_secret_post";
    } else if (!record.client_id.empty()) {
      record.client_auth = "none";
    }
  }
  if (const auto grant_type = param(params, "grant_type")) record.grant_type = std::string(*grant_type);
  if (const auto scope = param(params, "scope")) record.scope = std::string(*scope);
  record.params = redact_secrets(params);
  return record;
}

std::shared_ptr<const SigningKey> AuthorizationServer::signing_key(JwsAlgorithm algorithm) {
  auto& key = algorithm == JwsAlgorithm::es256 ? ec_key_ : rsa_key_;
  if (!key) key = SigningKey::shared(algorithm);
  return key;
}

const IssuedToken* AuthorizationServer::find_token(std::string_view presented) const {
  const auto dot = presented.rfind('.');
  const IssuedToken* found = tokens_.find(dot == std::string_view::npos ? presented : presented.substr(0, dot));
  // The whole value must match: a JWT's signature too. A token still being
  // signed has none yet.
  if (!found || found->value.empty() || !equals_constant_time(found->value, presented)) return nullptr;
  return found;
}

IssuedToken* AuthorizationServer::find_token(std::string_view presented) {
  return const_cast<IssuedToken*>(std::as_const(*this).find_token(presented));
}

const ClientConfig* AuthorizationServer::find_client(std::string_view id) const {
  const auto it = std::find_if(clients_.begin(), clients_.end(), [&](const auto& c) { return c.id == id; });
  return it == clients_.end() ? nullptr : &*it;
}

const ClientConfig& AuthorizationServer::authenticate_client(const OAuthRequest& request, bool allow_public) const {
  const auto form_id = param(request.params, "client_id");
  const auto form_secret = param(request.params, "client_secret");
  if (request.authorization) {
    if (!is_basic_scheme(*request.authorization)) {
      throw invalid_client("only HTTP Basic client authentication is supported", true);
    }
    if (form_secret) throw invalid_request("more than one client authentication method used");
    const auto basic = parse_basic_authorization(*request.authorization);
    if (!basic) throw invalid_client("malformed Basic credentials", true);
    if (form_id && *form_id != basic->client_id)
      throw invalid_request("client_id differs from the authenticated client");
    const ClientConfig* client = find_client(basic->client_id);
    if (!client) throw invalid_client("unknown client", true);
    if (!equals_constant_time(client->secret, basic->client_secret)) throw invalid_client("wrong client secret", true);
    if (client->secret.empty() && !allow_public) throw invalid_client("client authentication required", true);
    return *client;
  }
  if (!form_id) throw invalid_client("client authentication required", true);
  const ClientConfig* client = find_client(*form_id);
  if (!client) throw invalid_client("unknown client", false);
  if (client->secret.empty()) {
    if (form_secret) throw invalid_client("wrong client secret", false);
    if (!allow_public) throw invalid_client("client authentication required", true);
  } else {
    if (!form_secret) throw invalid_client("client authentication required", true);
    if (!equals_constant_time(client->secret, *form_secret)) throw invalid_client("wrong client secret", false);
  }
  return *client;
}

Scopes AuthorizationServer::requested_scope(const std::optional<std::string_view>& scope,
                                            const ClientConfig& client) const {
  const auto parsed = parse_scope(scope.value_or(client.default_scope));
  if (!parsed) throw invalid_scope("scope is malformed");
  if (!client.allowed_scopes.empty() && !includes_all(client.allowed_scopes, *parsed)) {
    throw invalid_scope("scope not allowed for this client");
  }
  return *parsed;
}

bool AuthorizationServer::gets_refresh_token(const ClientConfig& client, const Scopes& scope) const {
  const auto& grants = client.grant_types;
  if (std::find(grants.begin(), grants.end(), kRefreshTokenGrant) == grants.end()) return false;
  return !client.refresh_requires_offline_access || includes(scope, "offline_access");
}

IssuedToken& AuthorizationServer::issue_access_token(const ClientConfig& client, const std::string& subject,
                                                     const std::string& scope, std::uint64_t grant,
                                                     std::optional<UnsignedJwt>& jwt) {
  // Whole seconds, so expires_at is exactly the JWT's "exp".
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_->now());
  IssuedToken token;
  token.kind = TokenKind::access;
  token.format = client.token_format;
  token.id = random_token(16);
  token.client_id = client.id;
  token.subject = subject;
  token.scope = scope;
  token.grant = grant;
  token.issued_at = now;
  token.expires_at = now + client.access_token_lifetime;
  if (client.token_format == TokenFormat::jwt) {
    const nlohmann::json claims = {
        {"iss", config_.issuer},     {"sub", subject},
        {"aud", config_.audience},   {"exp", epoch_seconds(*token.expires_at)},
        {"iat", epoch_seconds(now)}, {"scope", scope},
        {"client_id", client.id},    {"jti", token.id},
    };
    auto key = signing_key(client.jwt_algorithm);
    std::string signing_input = jwt_signing_input(*key, claims);
    jwt = UnsignedJwt{signing_input, std::move(key)};
    return tokens_.insert(std::move(signing_input), std::move(token));
  }
  token.value = random_token();
  auto key = token.value;
  return tokens_.insert(std::move(key), std::move(token));
}

std::string AuthorizationServer::sign_issued_jwt(const UnsignedJwt& jwt) {
  std::string value = sign_jwt(*jwt.key, jwt.signing_input);
  std::lock_guard lock(mutex_);
  // Gone only when newer tokens pushed it out of the store meanwhile.
  if (IssuedToken* stored = tokens_.find(jwt.signing_input)) stored->value = value;
  return value;
}

IssuedToken& AuthorizationServer::issue_refresh_token(const ClientConfig& client, const std::string& subject,
                                                      const std::string& scope, std::uint64_t grant) {
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_->now());
  IssuedToken token;
  token.kind = TokenKind::refresh;
  token.format = TokenFormat::opaque;
  token.id = random_token(16);
  token.value = random_token();
  token.client_id = client.id;
  token.subject = subject;
  token.scope = scope;
  token.grant = grant;
  token.issued_at = now;
  if (client.refresh_token_lifetime.count() > 0) token.expires_at = now + client.refresh_token_lifetime;
  auto key = token.value;
  return tokens_.insert(std::move(key), std::move(token));
}

nlohmann::json AuthorizationServer::token_response(const ClientConfig& client, const IssuedToken& access,
                                                   const IssuedToken* refresh) {
  nlohmann::json body = {
      {"access_token", access.value},
      {"token_type", "Bearer"},
      {"expires_in", client.access_token_lifetime.count()},
      {"scope", access.scope},
  };
  if (refresh) body["refresh_token"] = refresh->value;
  return body;
}

void AuthorizationServer::revoke_grant(std::uint64_t grant) {
  tokens_.for_each([&](IssuedToken& t) {
    if (t.grant == grant) t.revoked = true;
  });
}

}  // namespace mailsim::oauth
