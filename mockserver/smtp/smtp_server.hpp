#pragma once
// The in-process mock SMTP server: listens (127.0.0.1, ephemeral port by
// default), runs every connection as a coroutine around a sans-I/O
// SmtpSession on its own I/O thread, and records the messages it accepts and
// a redacted transcript per session. Thread-safe: tests call it from theirs.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/sasl/mechanism.hpp"
#include "mockserver/listener_security.hpp"
#include "mockserver/live_session.hpp"
#include "mockserver/smtp/captured_message.hpp"
#include "mockserver/smtp/smtp_credentials.hpp"
#include "mockserver/smtp/smtp_session.hpp"
#include "mockserver/smtp/smtp_session_hooks.hpp"
#include "mockserver/transcript.hpp"

namespace mailsim::mock {

struct SmtpServerConfig {
  std::string name = "smtp";  // prefixes session ids ("smtp-1") and error messages
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;     // 0: ephemeral, see SmtpServer::port()
  ListenerTls tls;            // security none / ssl_tls / starttls, certificate kind, versions
  std::string hostname = "localhost";  // in the greeting and EHLO reply
  bool auth_required = false;          // MAIL needs AUTH first (530 5.7.0)
  bool auth_requires_tls = false;      // AUTH hidden and refused before TLS (530 5.7.0)
  std::map<std::string, std::string> users;  // user -> password
  TokenChecker token_checker;                // XOAUTH2/OAUTHBEARER; null rejects every token
  std::vector<sasl::Mechanism> mechanisms = {sasl::Mechanism::plain, sasl::Mechanism::login,
                                             sasl::Mechanism::cram_md5, sasl::Mechanism::xoauth2,
                                             sasl::Mechanism::oauthbearer};  // empty: no AUTH
  bool reject_bare_lf = false;  // "521 5.5.2 ... bare <LF> received" and close
  AuthStyle auth_style = AuthStyle::rfc;   // refusal wording; exchange: no OAuth error challenge
  bool smtp_client_auth_disabled = false;  // Exchange Online tenant switch: every AUTH gets 535 5.7.139
  SmtpLimits limits;            // message size, line length, recipients, errors
  std::size_t max_sessions = 100;  // more at once get "421 4.7.0 ... too many connections"
  // More at once from one client address get "421 4.7.0 ... too many
  // connections from your address"; 0: only max_sessions applies.
  std::size_t max_sessions_per_ip = 0;
  // Replies produced by one read that the client has not taken yet; a client
  // that pipelines more than this without reading is dropped.
  std::size_t max_queued_output = 1024 * 1024;
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(5);  // per read/write/handshake
  std::shared_ptr<Clock> clock;               // null: the system clock
  std::shared_ptr<SmtpSessionHooks> hooks;    // null: no faults
};

struct SmtpSessionTranscript {
  std::string session_id;
  std::shared_ptr<const Transcript> transcript;  // still growing while the session is live
  bool finished = false;
};

class SmtpServer {
 public:
  explicit SmtpServer(SmtpServerConfig config);
  ~SmtpServer();  // stop()
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Binds and starts serving on a thread of its own. Throws std::runtime_error
  // naming the server and address when it cannot listen (or the TLS setup
  // fails), std::logic_error when called twice.
  void start();
  // Closes the listener and every session (stuck clients included) and joins
  // the thread. Idempotent; also safe when start() was never called.
  void stop();

  std::uint16_t port() const;  // the bound port, valid after start()
  const SmtpServerConfig& config() const;
  // PEM of the listener's CA: what a client imports to trust a valid certificate.
  std::string ca_certificate_pem() const;

  std::vector<CapturedMessage> messages() const;
  std::size_t message_count() const;  // messages().size() without the copy
  // Blocks until at least n messages have been captured (since the last
  // clear_messages()) or the timeout passes; true when they have.
  bool wait_for_messages(std::size_t n, std::chrono::milliseconds timeout) const;
  void clear_messages();
  // Sessions in the order they started, finished and live; the most recent
  // 1000 are kept.
  std::vector<SmtpSessionTranscript> transcripts() const;
  // Connections open now (empty once stopped), and closing one by its id;
  // false when no open connection has that id.
  std::vector<LiveSession> live_sessions() const;
  bool close_session(const std::string& id);
  // Connections not yet closed, refused ones included: 0 once every session is reaped.
  std::size_t active_sessions() const;
  // Blocks until at most n sessions are open or the timeout passes; true when they are.
  bool wait_for_active_sessions(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mailsim::mock
