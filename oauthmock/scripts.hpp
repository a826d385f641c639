#pragma once
// Scripted behaviour: how the next authorizations end, and token calls that
// fail or are slow.
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::oauth {

enum class AuthorizeOutcome {
  consent,           // the user agrees (what happens unscripted)
  access_denied,     // the user refuses
  consent_required,  // OpenID Connect: consent needed but not obtainable
  invalid_scope,     // the scope was refused
};

struct AuthorizeScript {
  AuthorizeOutcome outcome = AuthorizeOutcome::access_denied;
  std::chrono::milliseconds delay{0};  // before the redirect is answered
  int times = 1;                       // how many authorizations; 0 or less: all until cleared
  std::string client_id;               // only this client's; "": any client's
};

// A scripted token call is answered before its grant is looked at, so codes
// stay unused and refresh tokens unrotated; only `slow` answers normally.
struct TokenFault {
  enum class Kind {
    slow,            // answer normally, after `delay`
    oauth_error,     // an RFC 6749 5.2 error
    http_status,     // a bare HTTP error, as a proxy or an overloaded server gives
    malformed_json,  // 200 with a body that is not JSON
  };
  Kind kind = Kind::oauth_error;
  std::string error = "invalid_grant";  // oauth_error: the code
  std::string description = "scripted failure";
  // oauth_error: 0 for the usual status (400, or 401 for invalid_client);
  // http_status: the status to send, e.g. 503.
  int status = 0;
  std::chrono::milliseconds delay{0};  // added before any kind of answer
  int times = 1;                       // how many token calls; 0 or less: all until cleared
  std::string client_id;               // only calls naming this client; "": any
};

// Scripts in the order given; a call takes the first one for its client.
template <typename Script>
class ScriptQueue {
 public:
  void push(Script script) { scripts_.push_back(std::move(script)); }
  void clear() { scripts_.clear(); }

  std::optional<Script> take(std::string_view client_id) {
    for (auto it = scripts_.begin(); it != scripts_.end(); ++it) {
      if (!it->client_id.empty() && it->client_id != client_id) continue;
      Script script = *it;
      if (it->times > 0 && --it->times == 0) scripts_.erase(it);
      return script;
    }
    return std::nullopt;
  }

 private:
  std::deque<Script> scripts_;
};

}  // namespace mailsim::oauth
