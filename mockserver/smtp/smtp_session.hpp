#pragma once
// Sans-I/O SMTP server session (RFC 5321 with PIPELINING, SIZE, 8BITMIME,
// BINARYMIME, CHUNKING, SMTPUTF8, ENHANCEDSTATUSCODES, STARTTLS, AUTH, DSN):
// bytes in, reply bytes and actions out. No socket and no clock: the caller
// passes the time, and the CRAM-MD5 nonce comes in with the context.
//
// Replies follow Postfix's wording, with an enhanced status code (RFC 3463)
// on every reply except the greeting, EHLO/HELO, 334 and 354 (as RFC 2034
// and Postfix do).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/line_buffer.hpp"
#include "common/sasl/sasl_server.hpp"
#include "mockserver/auth_style.hpp"
#include "mockserver/listener_security.hpp"
#include "mockserver/smtp/captured_message.hpp"
#include "mockserver/smtp/smtp_command_parser.hpp"
#include "mockserver/smtp/smtp_data_reader.hpp"
#include "mockserver/smtp/smtp_session_hooks.hpp"
#include "mockserver/transcript.hpp"

namespace mailsim::mock {

struct SmtpLimits {
  std::size_t max_message_size = 10 * 1024 * 1024;  // advertised as SIZE, enforced while reading
  std::size_t max_line = 4096;                      // command lines
  // AUTH lines carry OAuth tokens of several KiB (Microsoft's run past 4 KiB
  // in base64), so AUTH and its responses get a larger bound.
  std::size_t max_auth_line = 64 * 1024;
  std::size_t max_recipients = 100;                 // then 452 4.5.3
  // Error replies before "421 4.7.0 ... too many errors" and close (Postfix's
  // smtpd_hard_error_limit); 0 means no limit.
  std::size_t max_errors = 20;
};

struct SmtpSessionConfig {
  std::string hostname = "localhost";
  Security security = Security::none;  // starttls: STARTTLS offered until TLS is up
  bool auth_required = false;          // MAIL needs a successful AUTH first
  bool auth_requires_tls = false;      // AUTH hidden and refused without TLS, like submission servers
  // Offered in this order; empty means no AUTH at all.
  std::vector<sasl::Mechanism> mechanisms = {sasl::Mechanism::plain, sasl::Mechanism::login,
                                             sasl::Mechanism::cram_md5, sasl::Mechanism::xoauth2,
                                             sasl::Mechanism::oauthbearer};
  // Refuse a bare LF in commands or DATA with "521 5.5.2 ... bare <LF>
  // received" and close, like Postfix 3.9's smtpd_forbid_bare_newline.
  bool reject_bare_lf = false;
  // Wording of a refused AUTH, and whether a rejected token first gets the
  // OAuth error challenge (Exchange Online sends none).
  AuthStyle auth_style = AuthStyle::rfc;
  // Exchange Online's tenant switch: every AUTH ends in 535 5.7.139.
  bool smtp_client_auth_disabled = false;
  SmtpLimits limits;
};

struct SmtpSessionContext {
  std::string session_id;
  std::uint64_t connection = 0;  // unique within the server, for hooks (fault scopes)
  std::string client_ip;
  std::uint16_t client_port = 0;
  bool tls_active = false;     // implicit TLS: the handshake came first
  std::string tls_version;
  std::string cram_md5_nonce;  // unique per session; part of the CRAM-MD5 challenge
};

struct SmtpSessionOutput {
  std::string bytes;  // replies to send, in order
  enum class Action {
    none,
    start_tls,  // after sending bytes, do the server TLS handshake, then call tls_established()
    close,      // after sending bytes, close the connection
    reset,      // after sending bytes, abort the connection (TCP RST)
  } action = Action::none;
  std::vector<CapturedMessage> messages;  // accepted during this call
};

// Session state kept at namespace scope: clang 14 cannot use a nested
// struct's default member initialisers while the enclosing class is incomplete.
struct SmtpOpenTransaction {
  MailFromArgs mail;
  std::vector<CapturedRecipient> recipients;
  bool chunked = false;  // BDAT seen: DATA no longer allowed (RFC 3030 2)
  std::string chunks;    // BDAT content so far
};

struct SmtpPendingChunk {
  std::uint64_t remaining = 0;
  std::uint64_t size = 0;
  bool last = false;
  std::optional<std::string> error_reply;  // chunk is read and dropped, then this is sent
  bool over_size = false;
};

class SmtpSession {
 public:
  using time_point = std::chrono::system_clock::time_point;

  // verifier, transcript and hooks (may be null) must outlive the session.
  SmtpSession(SmtpSessionConfig config, SmtpSessionContext context, sasl::Verifier& verifier,
              Transcript& transcript, SmtpSessionHooks* hooks = nullptr);

  SmtpSessionOutput open(time_point now);  // the greeting
  // Processes every complete command (and content) in bytes, in order.
  SmtpSessionOutput receive(std::string_view bytes, time_point now);
  // The STARTTLS handshake succeeded: everything learnt before it is
  // forgotten (RFC 3207 4.2) and the client starts again with EHLO.
  void tls_established(std::string version);
  SmtpSessionOutput idle_timeout();               // "421 4.4.2 ... timeout exceeded", close
  // The connection is gone: a note in the transcript, and on_close for hooks.
  void connection_closed(std::string_view why);

  const std::string& session_id() const { return context_.session_id; }
  std::uint64_t connection() const { return context_.connection; }
  const std::string& client_ip() const { return context_.client_ip; }
  const std::string& helo_name() const { return helo_; }
  bool tls_active() const { return tls_; }
  const std::string& tls_version() const { return tls_version_; }
  const std::string& authenticated_user() const { return user_; }
  bool in_transaction() const { return transaction_.has_value(); }
  bool closed() const { return phase_ == Phase::closed; }

 private:
  enum class Phase { greeting, commands, auth, data, bdat, awaiting_tls, silent, closed };

  void pump(SmtpSessionOutput& out);
  void handle_line(const net::LineBuffer::Line& line, SmtpSessionOutput& out);
  void handle_command(const SmtpCommand& cmd, bool bare_lf, SmtpSessionOutput& out);
  void handle_auth_response(std::string_view line, SmtpSessionOutput& out);
  void pump_data(SmtpSessionOutput& out);
  // After content was fed: refuses a bare LF if configured, ends the message at its end.
  void after_content(SmtpSessionOutput& out);
  void pump_bdat(SmtpSessionOutput& out);

  void on_ehlo(const SmtpCommand& cmd, SmtpSessionOutput& out);
  void on_mail(const SmtpCommand& cmd, SmtpSessionOutput& out);
  void on_rcpt(const SmtpCommand& cmd, SmtpSessionOutput& out);
  void on_data(bool bare_lf, SmtpSessionOutput& out);
  void on_bdat(const SmtpCommand& cmd, SmtpSessionOutput& out);
  void on_starttls(const SmtpCommand& cmd, SmtpSessionOutput& out);
  void on_auth(const SmtpCommand& cmd, SmtpSessionOutput& out);
  void auth_step(const sasl::ServerStep& step, SmtpSessionOutput& out);
  void finish_data(SmtpSessionOutput& out);
  void finish_chunk(SmtpSessionOutput& out);
  void complete_message(std::string raw, bool chunked, std::size_t bare_lfs, std::size_t longest_line,
                        SmtpSessionOutput& out);

  bool auth_offered() const;
  bool starttls_offered() const;
  void write_line(SmtpSessionOutput& out, std::string_view line);
  // Sends a reply to a command; an error reply (4xx/5xx) counts towards max_errors.
  void reply(SmtpSessionOutput& out, std::string_view line);
  void send_lines(SmtpSessionOutput& out, std::string_view lines);  // hook replies
  // True when the hook replied or closed, i.e. took over.
  bool apply_hook(const SmtpHookAction& action, SmtpSessionOutput& out);
  void close(SmtpSessionOutput& out);
  void reject_bare_lf(SmtpSessionOutput& out);

  SmtpSessionConfig config_;
  SmtpSessionContext context_;
  sasl::Verifier& verifier_;
  Transcript& transcript_;
  SmtpSessionHooks* hooks_;

  net::LineBuffer input_;
  Phase phase_ = Phase::greeting;
  time_point now_{};
  bool greeting_rejected_ = false;
  std::string helo_;
  bool esmtp_ = false;
  bool tls_ = false;
  std::string tls_version_;
  std::string user_;
  std::optional<SmtpOpenTransaction> transaction_;
  std::unique_ptr<sasl::ServerMechanism> auth_;
  std::optional<SmtpDataReader> data_;
  SmtpPendingChunk chunk_;
  std::size_t errors_ = 0;
  std::size_t auth_attempts_ = 0;
  std::size_t messages_ = 0;
  bool closed_notified_ = false;
};

}  // namespace mailsim::mock
