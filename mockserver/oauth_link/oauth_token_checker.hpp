#pragma once
// Lets the SMTP and IMAP mocks accept access tokens issued by the in-process
// OAuth mock: its token check becomes a TokenChecker, and each way a token
// can be wrong becomes the verdict the SASL layer turns into the error
// challenge (RFC 7628 3.2.2 status and scope).
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/sasl/sasl_server.hpp"
#include "oauthmock/authorization_server.hpp"
#include "oauthmock/token_check.hpp"

namespace mailsim::mock {

// Same type as the SMTP and IMAP mocks' TokenChecker (an alias may be
// repeated), so this library needs neither of them.
using TokenChecker = std::function<sasl::TokenVerdict(std::string_view user, std::string_view token)>;

struct OAuthLinkOptions {
  // Every scope token a mail token must carry, space separated (e.g.
  // "https://mail.google.com/"); "" accepts any scope. Named in the error
  // challenge's "scope" key.
  std::string required_scope;
  // OAUTHBEARER's "openid-configuration" key (the mock's discovery URL);
  // "" leaves the key out.
  std::string openid_configuration;
};

// The verdict on one check: valid, or invalid_token (expired, revoked,
// unknown, issued to another user) or insufficient_scope, with the scope the
// server needs.
sasl::TokenVerdict to_token_verdict(const oauth::TokenCheck& check, const OAuthLinkOptions& options);

// A checker asking `server` about every token; it keeps the server alive.
// The user is the SASL user (XOAUTH2 user=, OAUTHBEARER a=); "" skips the
// user check, as OAUTHBEARER allows an empty authzid.
TokenChecker make_oauth_token_checker(std::shared_ptr<const oauth::AuthorizationServer> server,
                                      OAuthLinkOptions options = {});

}  // namespace mailsim::mock
