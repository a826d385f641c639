#pragma once
// Sans-I/O half of token introspection (RFC 7662): the verdict a mail
// server draws from an introspection response body, judged on its own
// clock. No HTTP here, so every branch is testable with byte strings.
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "oauthmock/token_check.hpp"

namespace mailsim::mock {

struct IntrospectionVerdict {
  // status unknown when the answer is "active": false (RFC 7662 2.2 gives
  // no reason, so expired, revoked and never-issued look alike).
  oauth::TokenCheck check;
  std::optional<Clock::time_point> expires_at;  // "exp" of an active token
  // Set when the body is not a usable introspection response; the token is
  // then refused. Never contains the token.
  std::string error;
};

// `user` "" skips the user check (OAUTHBEARER's empty authzid);
// `required_scope` "" skips the scope check. An active token whose "exp" is
// not after `now` counts as expired: the mail server's clock decides, as a
// resource server caching the answer would.
IntrospectionVerdict judge_introspection(std::string_view body, std::string_view user,
                                         std::string_view required_scope, Clock::time_point now);

}  // namespace mailsim::mock
