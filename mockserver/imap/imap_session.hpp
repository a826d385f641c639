#pragma once
// One IMAP connection's protocol state machine, sans-I/O: bytes in through
// receive(), bytes out through take_output(), plus what the driver must do
// next (STARTTLS handshake, close). States follow RFC 3501 section 3:
// not authenticated, authenticated, selected, logout. Changes other sessions
// make to the selected mailbox arrive through a MailboxWatch; the driver
// calls deliver_updates() when the watch's wake callback fires.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/net/line_buffer.hpp"
#include "common/sasl/sasl_server.hpp"
#include "mockserver/auth_style.hpp"
#include "mockserver/imap/imap_command_parser.hpp"
#include "mockserver/imap/imap_hooks.hpp"
#include "mockserver/imap/imap_session_token.hpp"
#include "mockserver/imap/mailbox_store.hpp"
#include "mockserver/transcript.hpp"

namespace mailsim::mock {

struct ImapLimits {
  std::size_t max_line = 64 * 1024;            // bytes of command text (literals excluded)
  std::size_t max_literal = 64 * 1024 * 1024;  // bytes of literals in one command (APPEND size)
  std::size_t max_bad_commands = 20;           // then BYE and close
};

struct ImapSessionConfig {
  std::string server_name = "mailsim";
  bool starttls_offered = false;           // the listener is a STARTTLS one
  bool login_disabled_before_tls = false;  // LOGINDISABLED and no AUTH= until TLS
  std::vector<sasl::Mechanism> mechanisms = {sasl::Mechanism::plain, sasl::Mechanism::xoauth2,
                                             sasl::Mechanism::oauthbearer};
  // Wording of a refused LOGIN/AUTHENTICATE, and whether a rejected token
  // first gets the OAuth error challenge (Exchange Online sends none).
  AuthStyle auth_style = AuthStyle::rfc;
  // A session logged in by token once that token is no longer valid on the
  // injected clock (or was revoked).
  ExpiredTokenPolicy expired_token = ExpiredTokenPolicy::keep;
  ImapLimits limits;
};

// What the session needs from around it. All references must outlive it.
struct ImapSessionDeps {
  MailboxStore& store;
  sasl::Verifier& verifier;
  const Clock& clock;
  Transcript& transcript;
  ImapHooks& hooks = default_imap_hooks();
  // Called (from any thread, possibly while another session runs a
  // command) when the selected mailbox changed. It must only schedule
  // deliver_updates(), never call into the session itself.
  std::function<void()> wake = {};
};

class ImapSession {
 public:
  enum class State { not_authenticated, authenticated, selected, logout };

  ImapSession(ImapSessionConfig config, ImapSessionDeps deps, ImapHookContext context = {});
  ~ImapSession();
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  // Sends the greeting. tls: the connection is already TLS (implicit TLS).
  void start(bool tls);
  void receive(std::string_view bytes);
  // The driver finished the STARTTLS handshake; commands are read again.
  void tls_started();
  // Sends queued mailbox changes when the protocol allows it now (IDLE).
  // An idling session under ExpiredTokenPolicy::bye also checks its login
  // token again, so a driver wakes it when the clock moves.
  void deliver_updates();
  // The connection sat idle too long: BYE and close.
  void timed_out();

  // All output waiting (tests and small drivers).
  std::string take_output();
  // The driver's way: write pending_output() (valid until the next call on
  // the session), then call output_written(), which keeps the buffer for
  // the next step while a response is still being produced.
  std::string_view pending_output() const { return out_; }
  void output_written();
  // Reading pipelined commands pauses once this much output waits, so a
  // client that sends many big FETCHes without reading cannot make the
  // server buffer all their answers; a FETCH of many messages likewise
  // stops at this mark and goes on in the next step. After flushing, the
  // driver calls resume() while input_paused().
  static constexpr std::size_t kOutputPause = 256 * 1024;
  bool input_paused() const { return paused_; }
  void resume();
  // After flushing output, the driver must do the TLS handshake and then
  // call tls_started(); input stays unread until then.
  bool wants_starttls() const { return mode_ == Mode::starttls; }
  // After flushing output, the driver must close the connection.
  bool wants_close() const { return mode_ == Mode::closed; }
  bool idling() const { return mode_ == Mode::idle; }
  State state() const { return state_; }
  const std::string& user() const { return context_.user; }
  const ImapHookContext& hook_context() const { return context_; }

 private:
  enum class Mode { command, authenticate, idle, starttls, closed };

  // A FETCH whose answer is produced a window at a time.
  struct FetchInProgress {
    std::string tag;
    std::vector<imap::FetchItem> items;
    std::vector<std::size_t> indices;  // into view_
    std::size_t next = 0;
    bool uid = false;
  };

  struct ViewEntry {
    Uid uid = 0;
    MessageFlags flags;
    std::shared_ptr<const StoredMessage> message;
  };

  // Input
  void process_input();
  void handle_command_line(std::string_view line);
  void handle_literal_status(imap::ImapCommandParser::Status status);
  void log_client_line(std::string_view line);
  void execute(const imap::ImapCommand& command);
  bool permitted(const imap::ImapCommand& command);

  // Output
  void send(std::string response);
  void log_response(std::string_view response);
  void untagged(std::string_view text);
  void tagged(std::string_view tag, std::string_view status, std::string_view text);
  void bad(std::string_view tag, std::string_view text);
  void close_with_bye(std::string_view text);
  std::string capabilities() const;

  // Not authenticated (imap_session_auth.cpp)
  void cmd_capability(const imap::ImapCommand& c);
  void cmd_noop(const imap::ImapCommand& c);
  void cmd_logout(const imap::ImapCommand& c);
  void cmd_id(const imap::ImapCommand& c);
  void cmd_enable(const imap::ImapCommand& c);
  void cmd_namespace(const imap::ImapCommand& c);
  void cmd_starttls(const imap::ImapCommand& c);
  void cmd_login(const imap::ImapCommand& c);
  void cmd_authenticate(const imap::ImapCommand& c);
  void auth_response_line(std::string_view line);
  void auth_step(const sasl::ServerStep& step);
  void logged_in(const std::string& tag, const std::string& user);
  // ExpiredTokenPolicy::bye: true (after sending BYE) when the login token
  // no longer holds.
  bool token_invalidated();
  bool plaintext_auth_refused(const std::string& tag);

  // Mailboxes (imap_session_mailboxes.cpp)
  void cmd_select(const imap::ImapCommand& c);
  void cmd_create(const imap::ImapCommand& c);
  void cmd_delete(const imap::ImapCommand& c);
  void cmd_rename(const imap::ImapCommand& c);
  void cmd_subscribe(const imap::ImapCommand& c);
  void cmd_list(const imap::ImapCommand& c);
  void cmd_status(const imap::ImapCommand& c);
  void cmd_append(const imap::ImapCommand& c);
  void no_for(std::string_view tag, MailboxStore::Result result, std::string_view mailbox);

  // Messages (imap_session_messages.cpp, imap_session_fetch.cpp, imap_session_search.cpp)
  void cmd_fetch(const imap::ImapCommand& c);
  void cmd_search(const imap::ImapCommand& c);
  void cmd_store(const imap::ImapCommand& c);
  void cmd_copy(const imap::ImapCommand& c);
  void cmd_expunge(const imap::ImapCommand& c);
  void cmd_close(const imap::ImapCommand& c);
  void cmd_check(const imap::ImapCommand& c);
  void cmd_idle(const imap::ImapCommand& c);
  void idle_line(std::string_view line);
  // Sends the next messages' FETCH responses until the output reaches
  // kOutputPause, then the tagged OK once all are out.
  void continue_fetch();
  void fetch_one(std::size_t index, const std::vector<imap::FetchItem>& items, bool uid_command);
  void append_fetch_response(std::string& out, std::size_t index, const std::vector<imap::FetchItem>& items,
                             bool uid_command);

  // Selected mailbox view (imap_session_view.cpp)
  struct Selected {
    std::uint32_t uid_next = 1;
    std::vector<std::string> keywords;
  };
  // The mailbox as it was when the view was taken (for SELECT's replies).
  Selected select_mailbox(std::shared_ptr<Mailbox> mailbox, bool read_only);
  void deselect();
  // Indices into view_ that a set names; nullopt when a sequence number is
  // out of range (BAD).
  std::optional<std::vector<std::size_t>> resolve(const imap::SequenceSet& set, bool uid) const;
  std::size_t index_of(Uid uid) const;  // view_.size() when absent
  // Applies queued mailbox changes and sends what they mean. Expunges are
  // held back (allow_expunge=false) during FETCH, STORE and SEARCH, whose
  // sequence numbers must not shift under the client (RFC 3501 7.4.1).
  void sync_updates(bool allow_expunge);
  void announce_size();
  void announce_keywords();
  std::string flags_list(const ViewEntry& entry) const;

  ImapSessionConfig config_;
  ImapSessionDeps deps_;
  ImapHookContext context_;
  State state_ = State::not_authenticated;
  Mode mode_ = Mode::command;
  net::LineBuffer input_;
  imap::ImapCommandParser parser_;
  std::string out_;
  const bool hooks_inspect_;  // deps_.hooks.inspects_responses()
  std::unique_ptr<FetchInProgress> fetch_;
  std::size_t bad_commands_ = 0;
  bool paused_ = false;
  bool redact_command_ = false;  // the command being read carries secrets
  bool allow_expunge_ = true;    // EXPUNGE responses allowed before this command's reply

  // AUTHENTICATE in progress
  std::unique_ptr<sasl::ServerMechanism> sasl_;
  std::string auth_tag_;
  TokenRecorder token_recorder_{deps_.verifier};
  std::optional<TokenRecorder::Accepted> login_token_;  // never logged

  // IDLE in progress
  std::string idle_tag_;

  // Selected mailbox
  std::shared_ptr<Mailbox> mailbox_;
  std::shared_ptr<MailboxWatch> watch_;
  bool read_only_ = false;
  std::vector<ViewEntry> view_;  // ascending UID; sequence number = index + 1
  std::set<Uid> recent_;
  std::deque<MailboxEvent> pending_;
  std::size_t announced_exists_ = 0;
  std::size_t announced_recent_ = 0;
  std::size_t known_keywords_ = 0;
};

}  // namespace mailsim::mock
