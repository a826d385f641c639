#pragma once
// The in-process mock IMAP server: binds (127.0.0.1, ephemeral port by
// default), runs one coroutine per connection on its own thread, and drives
// an ImapSession per connection over net::Stream. Sessions on the same
// mailbox see each other's changes (also while IDLE). Mailboxes and
// transcripts can be inspected while it runs.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "mockserver/imap/imap_hooks.hpp"
#include "mockserver/imap/imap_session.hpp"
#include "mockserver/imap/imap_verifier.hpp"
#include "mockserver/imap/mailbox_store.hpp"
#include "mockserver/listener_security.hpp"
#include "mockserver/live_session.hpp"
#include "mockserver/transcript.hpp"

namespace mailsim::mock {

struct ImapServerConfig {
  std::string name = "imap";  // greeting and ID name; prefixes session ids ("imap-1") and errors
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: ephemeral
  ListenerTls tls;
  std::map<std::string, std::string, std::less<>> users;  // user -> password
  TokenChecker token_checker;                             // XOAUTH2/OAUTHBEARER; unset refuses all
  bool login_disabled_before_tls = false;
  AuthStyle auth_style = AuthStyle::rfc;  // refusal wording; exchange: no OAuth error challenge
  // A session logged in by token once the token no longer holds: keep
  // (Gmail) or "* BYE Session invalidated - AccessTokenExpired" (Exchange).
  ExpiredTokenPolicy expired_token = ExpiredTokenPolicy::keep;
  std::vector<sasl::Mechanism> mechanisms = {sasl::Mechanism::plain, sasl::Mechanism::xoauth2,
                                             sasl::Mechanism::oauthbearer};
  ImapLimits limits;
  std::size_t max_sessions = 100;  // more connections get "* BYE" and are closed
  std::size_t max_sessions_per_ip = 0;  // more from one client address get "* BYE"; 0: no cap
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(30);  // autologout (IDLE included)
  std::chrono::milliseconds io_timeout = std::chrono::seconds(30);    // TLS handshake, one write
  std::shared_ptr<Clock> clock;         // system_clock() when null
  std::shared_ptr<MailboxStore> store;  // a new empty store when null
  std::shared_ptr<ImapHooks> hooks;     // default_imap_hooks() when null
  std::size_t max_transcripts = 1000;   // transcripts kept, oldest dropped
};

class ImapServer {
 public:
  explicit ImapServer(ImapServerConfig config);
  ~ImapServer();
  ImapServer(const ImapServer&) = delete;
  ImapServer& operator=(const ImapServer&) = delete;

  // Binds and starts serving on a thread of its own. Throws
  // std::runtime_error naming the server and address when it cannot listen,
  // std::logic_error when called twice.
  void start();
  // Closes the listener and every session and joins the thread. Idempotent;
  // also safe when start() was never called.
  void stop();
  std::uint16_t port() const;
  bool running() const;

  MailboxStore& store();
  std::shared_ptr<MailboxStore> shared_store() const;
  // One per session, in the order they started, finished and live (a live
  // one still grows); the most recent max_transcripts are kept. Each begins
  // with an event naming the session ("imap-1") and the peer.
  std::vector<std::shared_ptr<const Transcript>> transcripts() const;
  std::size_t active_sessions() const;
  // The injected clock moved: wakes every session so an idling one checks
  // again what depends on time (its login token under ExpiredTokenPolicy::bye).
  void clock_advanced();
  // Blocks until at most n sessions are open or the timeout passes; true when they are.
  bool wait_for_active_sessions(std::size_t n, std::chrono::milliseconds timeout) const;
  // Connections open now (empty once stopped), and closing one by its id;
  // false when no open connection has that id.
  std::vector<LiveSession> live_sessions() const;
  bool close_session(const std::string& id);
  // PEM of the CA that issued the listener certificate (to trust in clients).
  std::string ca_certificate_pem() const;
  const ImapServerConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mailsim::mock
