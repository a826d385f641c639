#pragma once
// The OAuth 2.0 authorization server core: clients, codes, tokens, grants,
// errors and scripts, driven by parsed requests and a Clock, with no HTTP.
// Thread-safe: the HTTP front end calls it from its worker threads while
// tests and the mail mocks call the admin side.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "oauthmock/bounded_map.hpp"
#include "oauthmock/client_config.hpp"
#include "oauthmock/issued_token.hpp"
#include "oauthmock/oauth_error.hpp"
#include "oauthmock/oauth_exchange.hpp"
#include "oauthmock/pkce.hpp"
#include "oauthmock/request_log.hpp"
#include "oauthmock/scope.hpp"
#include "oauthmock/scripts.hpp"
#include "oauthmock/server_config.hpp"
#include "oauthmock/signing_key.hpp"
#include "oauthmock/token_check.hpp"

namespace mailsim::oauth {

// Tokens handed out by AuthorizationServer::issue_tokens.
struct TokenSet {
  std::string access_token;
  std::string refresh_token;  // "" when the client gets none
  std::string scope;
  std::chrono::seconds expires_in{0};
};

class AuthorizationServer {
 public:
  // Throws std::invalid_argument for an invalid client configuration.
  AuthorizationServer(ServerConfig config, std::shared_ptr<Clock> clock);

  // Endpoints. Each call is recorded (see requests()).
  OAuthResponse authorize(const OAuthRequest& request);   // GET|POST /authorize
  OAuthResponse token(const OAuthRequest& request);       // POST /token
  OAuthResponse introspect(const OAuthRequest& request);  // POST /introspect (RFC 7662)
  OAuthResponse revoke(const OAuthRequest& request);      // POST /revoke (RFC 7009)
  OAuthResponse metadata();                               // GET /.well-known/... (RFC 8414)
  OAuthResponse jwks();                                   // GET /jwks
  // A request the front end could not parse (bad form body or content type):
  // invalid_request, recorded like the others.
  OAuthResponse reject_malformed(Endpoint endpoint, std::string description);

  // Configuration.
  void set_issuer(std::string issuer);
  std::string issuer() const;
  // Replaces a client with the same id. Throws std::invalid_argument.
  void add_client(ClientConfig client);
  bool remove_client(std::string_view client_id);

  // Scripts.
  void script_authorize(AuthorizeScript script);
  void fail_token_calls(TokenFault fault);
  void clear_scripts();

  // Admin.
  // Revokes an access token, or a refresh token and its whole grant.
  // False when the token is unknown.
  bool revoke_token(std::string_view token);
  void expire_all_tokens();                        // access and refresh tokens, as of now
  void expire_access_tokens();                     // refresh tokens keep working
  // The live access tokens of one user (subject, ASCII case-insensitive),
  // expired as of now or revoked; refresh tokens keep working. How many.
  // The fault actions expire_token / revoke_token use them.
  std::size_t expire_access_tokens_of(std::string_view user);
  std::size_t revoke_access_tokens_of(std::string_view user);
  std::vector<IssuedToken> issued_tokens() const;  // oldest first
  std::vector<RecordedRequest> requests() const;   // oldest first
  void clear_requests();
  // Tokens for a client and user without going through the endpoints, as if
  // an authorization code grant had just completed. Throws
  // std::invalid_argument for an unknown client or a scope it may not have.
  TokenSet issue_tokens(std::string_view client_id, std::string_view user, std::string_view scope);

  // What a mail server asks: may this access token act for `user` (ASCII
  // case-insensitive; "" skips the check) with every token of
  // `required_scope` ("" skips the check)?
  TokenCheck validate_access_token(std::string_view token, std::string_view user,
                                   std::string_view required_scope) const;

  const std::shared_ptr<Clock>& clock() const { return clock_; }

 private:
  struct AuthorizationCode {
    std::string client_id;
    std::string subject;
    std::string scope;
    std::string redirect_uri;
    bool redirect_uri_given = false;
    std::optional<PkceMethod> pkce_method;
    std::string code_challenge;
    std::uint64_t grant = 0;
    Clock::time_point expires_at;
    bool used = false;
  };
  // Where an authorization response goes, once the redirect URI is trusted.
  struct Redirect {
    std::string uri;
    std::optional<std::string> state;
  };

  // A JWT access token whose claims are fixed: it is stored under its
  // signing input (header.payload) with an empty value, and signed after the
  // lock is released, so worker threads sign in parallel (an RSA-2048
  // signature takes milliseconds). Revocation and expiry reach it meanwhile.
  struct UnsignedJwt {
    std::string signing_input;
    std::shared_ptr<const SigningKey> key;
  };

  // The endpoint bodies, called with the lock held; an error answer that is
  // not thrown names its code in record.error. Token grants leave the access
  // token to sign in `jwt` (its value in the body is "" until then).
  OAuthResponse authorize_locked(const OAuthRequest& request, RecordedRequest& record);
  OAuthResponse redirect_error(const Redirect& to, const OAuthError& error, std::chrono::milliseconds delay) const;
  OAuthResponse token_locked(const OAuthRequest& request, RecordedRequest& record, std::optional<UnsignedJwt>& jwt);
  OAuthResponse token_grant(const OAuthRequest& request, std::optional<UnsignedJwt>& jwt);
  static OAuthResponse scripted_failure(const TokenFault& fault, const RecordedRequest& record);
  nlohmann::json grant_authorization_code(const OAuthRequest& request, const ClientConfig& client,
                                          std::optional<UnsignedJwt>& jwt);
  nlohmann::json grant_refresh_token(const OAuthRequest& request, const ClientConfig& client,
                                     std::optional<UnsignedJwt>& jwt);
  nlohmann::json grant_client_credentials(const OAuthRequest& request, const ClientConfig& client,
                                          std::optional<UnsignedJwt>& jwt);
  OAuthResponse introspect_locked(const OAuthRequest& request);
  OAuthResponse revoke_locked(const OAuthRequest& request);
  nlohmann::json metadata_document() const;

  // Client authentication (RFC 6749 2.3.1); throws OAuthError.
  const ClientConfig& authenticate_client(const OAuthRequest& request, bool allow_public) const;
  const ClientConfig* find_client(std::string_view id) const;
  // The requested scope (or the client's default), checked against what the
  // client may have; throws invalid_scope.
  Scopes requested_scope(const std::optional<std::string_view>& scope, const ClientConfig& client) const;
  bool gets_refresh_token(const ClientConfig& client, const Scopes& scope) const;

  // A JWT access token is left in `jwt` for sign_issued_jwt.
  IssuedToken& issue_access_token(const ClientConfig& client, const std::string& subject, const std::string& scope,
                                  std::uint64_t grant, std::optional<UnsignedJwt>& jwt);
  // Signs without the lock, then stores the value; the compact JWT.
  std::string sign_issued_jwt(const UnsignedJwt& jwt);
  // The token presented, if issued and fully signed: JWTs are stored under
  // their signing input, other tokens under their value.
  const IssuedToken* find_token(std::string_view presented) const;
  IssuedToken* find_token(std::string_view presented);
  IssuedToken& issue_refresh_token(const ClientConfig& client, const std::string& subject, const std::string& scope,
                                   std::uint64_t grant);
  // The token response of RFC 6749 5.1.
  static nlohmann::json token_response(const ClientConfig& client, const IssuedToken& access,
                                       const IssuedToken* refresh);
  void revoke_grant(std::uint64_t grant);

  RecordedRequest start_record(Endpoint endpoint, const OAuthRequest& request) const;
  // Runs an endpoint body, turning a thrown OAuthError into its response.
  template <typename Body>
  OAuthResponse answer(Endpoint endpoint, const OAuthRequest& request, Body&& body);
  std::shared_ptr<const SigningKey> signing_key(JwsAlgorithm algorithm);

  mutable std::mutex mutex_;
  ServerConfig config_;
  std::shared_ptr<Clock> clock_;
  // Made on first JWT of their algorithm or the first JWKS request.
  std::shared_ptr<const SigningKey> rsa_key_;
  std::shared_ptr<const SigningKey> ec_key_;
  std::vector<ClientConfig> clients_;
  BoundedMap<AuthorizationCode> codes_;
  BoundedMap<IssuedToken> tokens_;
  RequestLog log_;
  ScriptQueue<AuthorizeScript> authorize_scripts_;
  ScriptQueue<TokenFault> token_faults_;
  std::uint64_t next_grant_ = 1;
};

}  // namespace mailsim::oauth
