// Commands of any state and of the not-authenticated state: CAPABILITY,
// NOOP, LOGOUT, ID, ENABLE, NAMESPACE, STARTTLS, LOGIN, AUTHENTICATE.
#include <algorithm>

#include "common/base64.hpp"
#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/imap_session.hpp"

namespace mailsim::mock {

using imap::ImapCommand;

void ImapSession::cmd_capability(const ImapCommand& c) {
  untagged("CAPABILITY " + capabilities());
  tagged(c.tag, "OK", "Capability completed.");
}

void ImapSession::cmd_noop(const ImapCommand& c) { tagged(c.tag, "OK", "NOOP completed."); }

void ImapSession::cmd_logout(const ImapCommand& c) {
  untagged("BYE Logging out");
  tagged(c.tag, "OK", "Logout completed.");
  if (mailbox_ && watch_) mailbox_->close(watch_);
  mode_ = Mode::closed;
  state_ = State::logout;
}

void ImapSession::cmd_id(const ImapCommand& c) {
  std::string text = "ID (\"name\" ";
  imap::append_string(text, config_.server_name);
  text += " \"vendor\" \"mailsim\")";
  untagged(text);
  tagged(c.tag, "OK", "ID completed.");
}

void ImapSession::cmd_enable(const ImapCommand& c) {
  // None of the extensions ENABLE can switch on (CONDSTORE, QRESYNC,
  // UTF8=ACCEPT) is offered, so nothing gets enabled (RFC 5161 3.1).
  untagged("ENABLED");
  tagged(c.tag, "OK", "Enabled.");
}

void ImapSession::cmd_namespace(const ImapCommand& c) {
  untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
  tagged(c.tag, "OK", "Namespace completed.");
}

void ImapSession::cmd_starttls(const ImapCommand& c) {
  if (!config_.starttls_offered) {
    bad(c.tag, "STARTTLS is not available.");
    return;
  }
  if (context_.tls) {
    bad(c.tag, "TLS is already active.");
    return;
  }
  tagged(c.tag, "OK", "Begin TLS negotiation now.");
  // Anything the client pipelined after STARTTLS arrived in plaintext and
  // must not be taken as if it came over TLS (command injection, CVE-2011-0411).
  input_.discard();
  parser_.reset();
  mode_ = Mode::starttls;
}

bool ImapSession::plaintext_auth_refused(const std::string& tag) {
  if (!config_.login_disabled_before_tls || context_.tls) return false;
  tagged(tag, "NO", "[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
  return true;
}

void ImapSession::logged_in(const std::string& tag, const std::string& user) {
  state_ = State::authenticated;
  context_.user = user;
  deps_.store.add_user(user);
  deps_.transcript.event("authenticated as " + user);
  tagged(tag, "OK", "[CAPABILITY " + capabilities() + "] Logged in");
}

void ImapSession::cmd_login(const ImapCommand& c) {
  if (plaintext_auth_refused(c.tag)) return;
  const auto& a = std::get<imap::LoginArgs>(c.args);
  if (deps_.verifier.check_password(a.user, a.password)) {
    logged_in(c.tag, a.user);
    return;
  }
  tagged(c.tag, "NO", imap_auth_refusal(config_.auth_style, sasl::Failure::bad_credentials, true));
}

void ImapSession::cmd_authenticate(const ImapCommand& c) {
  if (plaintext_auth_refused(c.tag)) return;
  const auto& a = std::get<imap::AuthenticateArgs>(c.args);
  const auto mech = sasl::parse_mechanism(a.mechanism);
  if (!mech || std::find(config_.mechanisms.begin(), config_.mechanisms.end(), *mech) == config_.mechanisms.end()) {
    tagged(c.tag, "NO", "Unsupported authentication mechanism.");
    return;
  }
  std::optional<std::string> initial;
  if (a.initial_response) {
    if (*a.initial_response == "=") {
      initial = std::string();
    } else {
      initial = base64_decode(*a.initial_response);
      if (!initial) {
        bad(c.tag, "Invalid base64 data in initial response.");
        return;
      }
    }
  }
  sasl_ = sasl::make_server_mechanism(*mech, token_recorder_);
  auth_tag_ = c.tag;
  mode_ = Mode::authenticate;
  auth_step(initial ? sasl_->start(std::string_view(*initial)) : sasl_->start(std::nullopt));
}

void ImapSession::auth_response_line(std::string_view line) {
  if (line == "*") {
    deps_.transcript.client("*");
    mode_ = Mode::command;
    sasl_.reset();
    bad(auth_tag_, "Authentication aborted by client.");
    return;
  }
  deps_.transcript.client(kRedacted);
  const auto decoded = line.empty() ? std::optional<std::string>(std::string()) : base64_decode(line);
  if (!decoded) {
    mode_ = Mode::command;
    sasl_.reset();
    bad(auth_tag_, "Invalid base64 data in continued response.");
    return;
  }
  auth_step(sasl_->step(*decoded));
}

void ImapSession::auth_step(const sasl::ServerStep& step) {
  using Kind = sasl::ServerStep::Kind;
  // Exchange Online refuses a token at once, without the error challenge.
  const bool refuse_token_now =
      step.kind == Kind::challenge && step.error_challenge && !sends_oauth_error_challenge(config_.auth_style);
  if (step.kind == Kind::challenge && !refuse_token_now) {
    send("+ " + base64_encode(step.challenge) + "\r\n");
    return;
  }
  mode_ = Mode::command;
  sasl_.reset();
  if (step.kind == Kind::success) {
    login_token_ = token_recorder_.take_accepted();
    logged_in(auth_tag_, step.user);
    return;
  }
  token_recorder_.take_accepted();
  const auto failure = refuse_token_now ? sasl::Failure::token_rejected : step.failure;
  tagged(auth_tag_, "NO", imap_auth_refusal(config_.auth_style, failure, false));
}

bool ImapSession::token_invalidated() {
  if (config_.expired_token != ExpiredTokenPolicy::bye || !login_token_) return false;
  if (deps_.verifier.check_token(login_token_->user, login_token_->token).valid) return false;
  deps_.transcript.event("login token no longer valid: session invalidated");
  login_token_.reset();
  // Exchange Online's words when a session outlives its access token.
  close_with_bye("Session invalidated - AccessTokenExpired");
  return true;
}

}  // namespace mailsim::mock
