#pragma once
// What the fault engine matches and what it makes a server do. A rule is a
// match plus an action; throttles and connection caps are first-class rules
// with their own counting. Everything here is plain data, so scenarios, the
// admin API and presets all build the same values.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace mailsim::mock::faults {

enum class Protocol { smtp, imap, any };

// Points in a session where a server consults the engine.
enum class Trigger {
  connect,        // TCP accepted, before the greeting
  greeting,       // about to send the greeting
  tls_handshake,  // the client asked for STARTTLS (implicit TLS comes before any rule)
  command,        // a complete command line (verb below)
  authenticated,  // the first command after a successful AUTH/LOGIN (user known)
  data_end,       // SMTP end of DATA / last BDAT, before the final reply
  literal,        // IMAP literal announced by the client
};

// Where occurrences are counted.
enum class Scope { connection, user, listener, ip, global };

enum class ActionKind {
  reply,                   // answer with `reply` instead of the normal answer
  delay,                   // wait `duration`, then behave normally
  tarpit,                  // send the reply a byte at a time spread over `duration`
  close,                   // close the connection (after `reply` if set)
  reset,                   // abortive close: TCP RST
  blackhole,               // accept, then say nothing: the client times out
  drop_mid_response,       // send `bytes` of the response (half when 0), then close
  refuse_starttls,         // hide STARTTLS / answer it with `reply` (454 / NO)
  fail_tls_handshake,      // close the connection instead of the handshake
  stall_tls_handshake,     // never answer the ClientHello
  disconnect_after_bytes,  // close after `bytes` more bytes of output
  expire_token,            // expire the session's OAuth access token now
  revoke_token,            // revoke the session's OAuth token now
};

struct Window {
  Clock::time_point begin;  // inclusive
  Clock::time_point end;    // exclusive
};

struct FaultMatch {
  Trigger trigger = Trigger::command;
  Protocol protocol = Protocol::any;
  std::vector<std::string> verbs;  // upper case; empty matches any command
  std::string listener;            // empty matches any listener
  std::string user;                // empty matches any (or no) user
  Scope scope = Scope::connection;
  std::optional<std::uint64_t> nth;    // only the nth occurrence (1-based)
  std::optional<std::uint64_t> every;  // every nth occurrence
  std::optional<std::uint64_t> after;  // occurrences after the first `after`
  std::optional<Window> window;        // only while the clock is inside
};

struct FaultAction {
  ActionKind kind = ActionKind::reply;
  // Protocol text without line ending; "\n" separates the lines of a
  // multi-line reply. IMAP: a reply starting with "* " is sent untagged,
  // otherwise the command's tag is put in front ("NO [ALERT] ...").
  std::string reply;
  bool close_after = false;               // close once `reply` is sent
  std::chrono::milliseconds duration{0};  // delay / tarpit / stall length
  std::size_t bytes = 0;                  // drop_mid_response / disconnect_after_bytes
};

struct FaultRule {
  std::string id;  // given or made by the engine ("rule-3")
  FaultMatch match;
  FaultAction action;
  std::optional<std::uint64_t> max_fires;  // retire the rule after this many
};

enum class ThrottleUnit {
  messages,     // counted at MAIL (SMTP) / APPEND (IMAP)
  recipients,   // counted at RCPT
  connections,  // counted at connect
  commands,     // counted at every command (or `verbs`)
};

// N units per sliding window per scope key, then `reply` (and close).
struct ThrottleRule {
  std::string id;
  Protocol protocol = Protocol::any;
  std::string listener;  // empty: every listener
  ThrottleUnit unit = ThrottleUnit::messages;
  std::vector<std::string> verbs;  // commands only; empty = all
  std::uint64_t limit = 0;
  std::chrono::milliseconds window{std::chrono::minutes(1)};
  Scope scope = Scope::listener;
  std::string reply;  // empty: the protocol's default wording
  bool close_after = false;
};

// At most `max` connections open at once per scope key (listener, user or
// ip). Counted at connect for listener/ip; for user at the first command
// after login, so the login itself succeeds and that command gets `reply`.
struct ConnectionCap {
  std::string id;
  Protocol protocol = Protocol::any;
  std::string listener;
  Scope scope = Scope::listener;
  std::uint64_t max = 0;
  std::string reply;  // empty: the protocol's default wording
  bool close_after = true;
};

std::string_view to_string(Trigger t);
std::optional<Trigger> parse_trigger(std::string_view text);
std::string_view to_string(Scope s);
std::optional<Scope> parse_scope(std::string_view text);
std::string_view to_string(ActionKind k);
std::optional<ActionKind> parse_action(std::string_view text);
std::string_view to_string(ThrottleUnit u);
std::optional<ThrottleUnit> parse_throttle_unit(std::string_view text);
std::string_view to_string(Protocol p);
std::optional<Protocol> parse_protocol(std::string_view text);

}  // namespace mailsim::mock::faults
