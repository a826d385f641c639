#pragma once
// The scenario model: what a scenario file says, typed and checked. The
// loader (scenario_loader.hpp) fills it; the runner executes it. Times in
// here are relative to the scenario's start on its virtual clock.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "client/connection/diagnostic_sink.hpp"
#include "client/reason.hpp"
#include "mockserver/auth_style.hpp"
#include "mockserver/faults/fault_rule.hpp"
#include "mockserver/imap/imap_session_token.hpp"
#include "mockserver/listener_security.hpp"
#include "oauthmock/jws_algorithm.hpp"

namespace mailsim::harness {

using client::Position;
using Millis = std::chrono::milliseconds;

enum class ServerProtocol { smtp, imap };
enum class AuthPolicy { none, optional, required };

struct SeedMessage {
  Position at;
  std::string file;  // resolved path of an .eml file, or empty when built from the fields
  std::string from = "sender@example.com";
  std::string to = "recipient@example.com";
  std::string subject;
  std::string text;
  std::vector<std::string> flags;
};

struct PresetRef {
  std::string name;
  std::optional<std::uint64_t> limit;
  std::optional<Millis> window;
};

struct FaultSpec {
  Position at;
  std::variant<mock::faults::FaultRule, mock::faults::ThrottleRule, mock::faults::ConnectionCap, PresetRef> rule;
  // A rule's window relative to the scenario start: [begin, end).
  std::optional<std::pair<Millis, Millis>> window;
};

struct ServerSpec {
  std::string name;
  Position at;
  ServerProtocol protocol = ServerProtocol::smtp;
  std::optional<std::uint16_t> stands_for;
  mock::ListenerTls tls;
  AuthPolicy auth = AuthPolicy::optional;
  bool auth_requires_tls = false;
  std::map<std::string, std::string> users;  // user -> password
  std::size_t max_message_size = 10 * 1024 * 1024;
  std::size_t max_recipients = 100;
  // Session limits (docs/limits.md); unset keeps the server's default.
  std::optional<std::size_t> max_line;
  std::optional<std::size_t> max_sessions;
  std::optional<std::size_t> max_sessions_per_ip;
  std::optional<Millis> idle_timeout;
  // user -> folder -> messages (IMAP)
  std::map<std::string, std::map<std::string, std::vector<SeedMessage>>> mailboxes;
  std::vector<FaultSpec> faults;
  // What the OAuth mock's tokens must carry here; nullopt: oauth.required_scope.
  std::optional<std::string> required_scope;
  mock::AuthStyle auth_style = mock::AuthStyle::rfc;  // refusal wording (rfc | gmail | exchange)
  bool smtp_client_auth_disabled = false;             // smtp: Exchange's 535 5.7.139 to every AUTH
  mock::ExpiredTokenPolicy token_expiry = mock::ExpiredTokenPolicy::keep;  // imap: keep | bye
  // imap: extensions the server plays without (MOVE, UIDPLUS, IDLE, LITERAL+ ...).
  std::vector<std::string> capabilities_without;
  std::optional<std::size_t> max_literal;  // imap: bytes of literals in one command (APPEND size)
};

// One client registered at the OAuth mock.
struct OAuthClientSpec {
  std::string id;
  Position at;
  std::string secret;
  std::vector<std::string> scopes;  // allowed; empty allows any
  std::chrono::seconds access_token_ttl{3600};
  std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};  // 0 ("never" in files): never expires
  bool rotation = true;
  bool opaque_tokens = false;  // token_format: opaque (else jwt)
  oauth::JwsAlgorithm jwt_alg = oauth::JwsAlgorithm::rs256;  // how JWT access tokens are signed
  std::string user = "user@example.com";
};

// The scenario's OAuth mock: started when the file has an `oauth:` section.
struct OAuthSpec {
  Position at;
  std::vector<OAuthClientSpec> clients;
  std::string required_scope;  // what the mail mocks demand; "" accepts any
  bool https = false;
  // validation: introspection makes the mail mocks ask the OAuth mock's
  // /introspect over HTTP(S) (as the first client with a secret) instead
  // of in-process.
  bool introspection = false;
  // How far the OAuth mock's clock lags the mail servers' and the client's
  // (introspection only: the mail mocks judge "exp" on their own clock).
  Millis clock_skew{0};
};

// What a step's result must be. Unset fields are not checked.
struct OutcomeExpect {
  std::optional<bool> ok;
  std::optional<client::Reason> reason;
  std::optional<client::Stage> stage;
  std::vector<std::string> server_words;  // each a substring of the server's words
  std::optional<std::string> server_words_regex;
  std::optional<std::string> hint;        // a substring of the failure's hint
};

struct StepExpect {
  Position at;
  OutcomeExpect outcome;                 // the step as a whole (test_connection: both sides)
  std::optional<OutcomeExpect> outbound;  // test_connection only
  std::optional<OutcomeExpect> inbound;
  std::optional<std::size_t> count;       // send: messages sent; search: hits; folders: folders
  // send: exactly these recipients refused (the others delivered); each
  // entry may carry the refusal's words after a space ("x@y 452 4.5.3").
  std::optional<std::vector<std::string>> rejected_recipients;
  std::optional<int> exit_code;           // run
  std::vector<std::string> output_contains;  // run: stdout + stderr
};

enum class StepKind {
  test_connection,
  send,
  search,
  fetch,
  flag,
  unflag,
  move,
  copy,
  remove,  // "delete" in files
  append,
  idle,
  folders,
  advance_clock,
  add_fault,
  clear_faults,
  wait_for_messages,
  run,
  generate_token,
  expire_tokens,
  revoke_refresh_token,
  fail_token_calls,
  reload_tokens,
  server_expunge,  // another session expunges a message (server side)
};
std::string_view to_string(StepKind k);

struct SendSpec {
  std::string from;
  std::vector<std::string> to, cc, bcc;
  std::string subject;
  std::optional<std::string> text, html;
  std::string eml_file;  // resolved; replaces the fields above when set
  int repeat = 1;        // send the same message this many times (one step)
};

// fail_token_calls: the next `count` token calls fail with an HTTP status
// or an OAuth error code.
struct TokenFaultSpec {
  int count = 1;
  int status = 0;     // e.g. 503; 0 with error
  std::string error;  // e.g. invalid_grant; "" with status
};

enum class TokenSide { outbound, inbound };

struct Step {
  StepKind kind = StepKind::send;
  Position at;
  SendSpec send;
  std::string folder = "INBOX";
  std::string target_folder;  // move / copy
  std::map<std::string, std::string> criteria;  // search: unseen, from, subject, since ...
  std::optional<std::uint32_t> uid;             // fetch / flag / move ...; nullopt: the last search's hits
  std::vector<std::string> flags;
  std::string message_file;  // append (resolved)
  Millis duration{0};        // advance_clock / idle timeout / wait timeout
  std::string server;        // add_fault / clear_faults / wait_for_messages
  std::optional<FaultSpec> fault;
  std::size_t count = 0;      // wait_for_messages
  std::vector<std::string> command;  // run: argv; ${server.port} etc. expanded at run time
  TokenSide side = TokenSide::outbound;  // generate_token / revoke_refresh_token
  TokenFaultSpec token_fault;            // fail_token_calls
  // idle: a message the IMAP server `server` delivers to `mailbox_user`'s
  // folder once the client idles, as new mail arriving then would.
  std::optional<SeedMessage> deliver;
  std::string mailbox_user;  // idle deliver / server_expunge: whose mailbox
  std::optional<StepExpect> expect;
};

struct MessageExpect {
  Position at;
  std::size_t index = 0;  // 0-based, in capture order
  std::optional<std::string> from;
  std::vector<std::string> to;
  std::optional<std::string> subject;
  std::vector<std::string> body_contains;
  std::optional<bool> tls;
  std::optional<std::string> authenticated_user;
};

struct MailboxExpect {
  Position at;
  std::string user;
  std::string folder;
  std::optional<std::size_t> count;
  std::optional<std::size_t> unseen;
};

struct ServerExpect {
  std::string server;
  Position at;
  std::optional<std::size_t> messages;
  std::vector<MessageExpect> message;
  std::vector<std::string> transcript_contains;
  std::vector<std::string> transcript_not_contains;
  std::map<std::string, std::size_t> faults_fired;  // rule id -> times
  std::vector<MailboxExpect> mailboxes;
};

// Token requests the OAuth mock saw, by grant_type (failed ones included).
struct OAuthExpect {
  Position at;
  std::map<std::string, std::size_t> grants;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::vector<ServerSpec> servers;
  std::optional<OAuthSpec> oauth;
  YAML::Node connection;  // loaded by the runner once the servers' ports are known
  Position connection_at;
  std::vector<Step> steps;
  std::vector<ServerExpect> expect;
  std::optional<OAuthExpect> expect_oauth;
  std::optional<Millis> expect_virtual_time_at_most;

  const ServerSpec* server(std::string_view name) const;
};

}  // namespace mailsim::harness
