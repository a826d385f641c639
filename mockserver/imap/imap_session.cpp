#include "mockserver/imap/imap_session.hpp"

#include <utility>

#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/imap_reader.hpp"

namespace mailsim::mock {

using imap::ImapCommand;
using imap::ImapCommandParser;
using imap::Verb;

ImapSession::ImapSession(ImapSessionConfig config, ImapSessionDeps deps, ImapHookContext context)
    : config_(std::move(config)),
      deps_(std::move(deps)),
      context_(std::move(context)),
      input_(config_.limits.max_line),
      parser_({config_.limits.max_line, config_.limits.max_literal}),
      hooks_inspect_(deps_.hooks.inspects_responses()) {}

ImapSession::~ImapSession() {
  if (mailbox_ && watch_) mailbox_->close(watch_);
}

std::string ImapSession::capabilities() const {
  std::string caps = "IMAP4rev1 SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN";
  if (state_ != State::not_authenticated) return caps;
  if (config_.starttls_offered && !context_.tls) caps += " STARTTLS";
  if (config_.login_disabled_before_tls && !context_.tls) {
    caps += " LOGINDISABLED";
  } else {
    for (auto m : config_.mechanisms) {
      caps += " AUTH=";
      caps += sasl::to_string(m);
    }
  }
  return caps;
}

void ImapSession::start(bool tls) {
  context_.tls = tls;
  const HookAction action = deps_.hooks.on_connect(context_);
  if (action.kind == HookAction::Kind::reply) {
    send(action.text + "\r\n");
    return;
  }
  if (action.kind == HookAction::Kind::close) {
    if (!action.text.empty()) send(action.text + "\r\n");
    mode_ = Mode::closed;
    state_ = State::logout;
    return;
  }
  untagged("OK [CAPABILITY " + capabilities() + "] " + config_.server_name + " ready.");
}

void ImapSession::receive(std::string_view bytes) {
  if (mode_ == Mode::closed || mode_ == Mode::starttls) return;
  input_.append(bytes);
  process_input();
}

void ImapSession::tls_started() {
  context_.tls = true;
  deps_.transcript.event("tls established");
  if (mode_ == Mode::starttls) mode_ = Mode::command;
}

void ImapSession::deliver_updates() {
  if (mode_ == Mode::idle && token_invalidated()) return;
  if (state_ == State::selected && mode_ == Mode::idle) sync_updates(true);
}

void ImapSession::timed_out() {
  if (mode_ == Mode::closed) return;
  close_with_bye("Disconnected for inactivity.");
}

std::string ImapSession::take_output() { return std::exchange(out_, {}); }

void ImapSession::output_written() {
  // An idle session should not keep the largest answer's buffer.
  if (paused_) {
    out_.clear();
  } else {
    out_ = std::string();
  }
}

void ImapSession::resume() { process_input(); }

void ImapSession::process_input() {
  paused_ = false;
  while (mode_ == Mode::command || mode_ == Mode::authenticate || mode_ == Mode::idle) {
    if (out_.size() >= kOutputPause) {
      paused_ = true;
      return;
    }
    if (fetch_) {
      continue_fetch();
      continue;
    }
    if (mode_ == Mode::command && parser_.status() == ImapCommandParser::Status::need_literal) {
      const std::string_view chunk = input_.take_raw(parser_.literal_remaining());
      if (chunk.empty() && parser_.literal_remaining() > 0) return;
      parser_.add_literal(chunk);
      continue;
    }
    auto line = input_.next_line();
    if (!line) return;
    if (line->too_long) {
      deps_.transcript.event("line over the limit dropped");
      if (mode_ == Mode::authenticate) {
        mode_ = Mode::command;
        sasl_.reset();
        bad(auth_tag_, "Authentication response too long");
      } else if (mode_ == Mode::idle) {
        mode_ = Mode::command;
        bad(idle_tag_, "Expected DONE.");
      } else {
        const std::string tag = parser_.in_command() ? parser_.tag() : std::string("*");
        parser_.reset();
        bad(tag, "[TOOBIG] Command line too long");
      }
      continue;
    }
    switch (mode_) {
      case Mode::command: handle_command_line(line->text); break;
      case Mode::authenticate: auth_response_line(line->text); break;
      case Mode::idle: idle_line(line->text); break;
      default: return;
    }
  }
}

void ImapSession::log_client_line(std::string_view line) {
  // Called before the parser sees the line, so in_command() tells whether
  // this is the command's first line. Secrets are redacted here: LOGIN's
  // arguments after the user name and AUTHENTICATE's initial response.
  if (!parser_.in_command()) {
    redact_command_ = false;
    imap::ImapReader r(line);
    auto tag = r.tag();
    std::optional<std::string> verb;
    if (tag && r.consume(' ')) verb = r.atom();
    const std::string upper = verb ? imap::upper_ascii(*verb) : std::string();
    if (upper == "LOGIN") {
      redact_command_ = true;
      std::string shown = *tag + " " + *verb;
      if (r.consume(' ') && r.peek() != '{')
        if (auto user = r.astring()) shown += " " + *user;
      deps_.transcript.client(shown + " " + std::string(kRedacted));
      return;
    }
    if (upper == "AUTHENTICATE") {
      redact_command_ = true;
      std::string shown = *tag + " " + *verb;
      if (r.consume(' '))
        if (auto mech = r.atom()) shown += " " + *mech;
      if (!r.at_end()) shown += " " + std::string(kRedacted);
      deps_.transcript.client(shown);
      return;
    }
    deps_.transcript.client(line);
    return;
  }
  if (!redact_command_) deps_.transcript.client(line);
}

void ImapSession::handle_command_line(std::string_view line) {
  log_client_line(line);
  // Until a command is known to be valid, no EXPUNGE may go out before its
  // reply (a rejected FETCH still counts on stable sequence numbers).
  allow_expunge_ = false;
  switch (parser_.add_line(line)) {
    case ImapCommandParser::Status::need_literal:
      if (parser_.literal_synchronizing()) send("+ Ready for literal data\r\n");
      return;
    case ImapCommandParser::Status::complete: {
      imap::ParseResult result = parser_.take();
      if (!result.command) {
        bad(result.tag, result.error);
        return;
      }
      execute(*result.command);
      return;
    }
    case ImapCommandParser::Status::literal_too_large:
      if (parser_.literal_synchronizing()) {
        // The client sends nothing more for this command.
        tagged(parser_.tag(), "NO", "[TOOBIG] Literal size exceeds the server limit");
      } else {
        // The client is already sending the literal; rather than reading
        // (possibly gigabytes) to skip it, give up on the connection.
        tagged(parser_.tag(), "BAD", "[TOOBIG] Literal size exceeds the server limit");
        close_with_bye("Literal too large, closing the connection.");
      }
      return;
    case ImapCommandParser::Status::command_too_long:
      bad(parser_.tag(), "[TOOBIG] Command too long");
      return;
    case ImapCommandParser::Status::need_line:
      return;
  }
}

bool ImapSession::permitted(const ImapCommand& c) {
  switch (c.verb) {
    case Verb::capability: case Verb::noop: case Verb::logout: case Verb::id:
      return true;
    case Verb::starttls: case Verb::authenticate: case Verb::login:
      if (state_ == State::not_authenticated) return true;
      bad(c.tag, "Already authenticated.");
      return false;
    case Verb::check: case Verb::close: case Verb::unselect: case Verb::expunge: case Verb::search:
    case Verb::fetch: case Verb::store: case Verb::copy: case Verb::move:
      if (state_ == State::selected) return true;
      bad(c.tag, state_ == State::not_authenticated ? "Please login first." : "No mailbox selected.");
      return false;
    default:
      if (state_ != State::not_authenticated) return true;
      bad(c.tag, "Please login first.");
      return false;
  }
}

void ImapSession::execute(const ImapCommand& c) {
  const HookAction action = deps_.hooks.on_command(context_, c);
  if (action.kind == HookAction::Kind::reply) {
    send(c.tag + " " + action.text + "\r\n");
    return;
  }
  if (action.kind == HookAction::Kind::close) {
    if (!action.text.empty()) send((action.tagged ? c.tag + " " : std::string()) + action.text + "\r\n");
    mode_ = Mode::closed;
    state_ = State::logout;
    return;
  }
  // LOGOUT still ends the session politely.
  if (c.verb != Verb::logout && token_invalidated()) return;
  if (!permitted(c)) return;
  allow_expunge_ = c.uid || (c.verb != Verb::fetch && c.verb != Verb::store && c.verb != Verb::search);
  switch (c.verb) {
    case Verb::capability: cmd_capability(c); break;
    case Verb::noop: cmd_noop(c); break;
    case Verb::logout: cmd_logout(c); break;
    case Verb::id: cmd_id(c); break;
    case Verb::enable: cmd_enable(c); break;
    case Verb::namespace_: cmd_namespace(c); break;
    case Verb::starttls: cmd_starttls(c); break;
    case Verb::login: cmd_login(c); break;
    case Verb::authenticate: cmd_authenticate(c); break;
    case Verb::select: case Verb::examine: cmd_select(c); break;
    case Verb::create: cmd_create(c); break;
    case Verb::delete_: cmd_delete(c); break;
    case Verb::rename: cmd_rename(c); break;
    case Verb::subscribe: case Verb::unsubscribe: cmd_subscribe(c); break;
    case Verb::list: case Verb::lsub: cmd_list(c); break;
    case Verb::status: cmd_status(c); break;
    case Verb::append: cmd_append(c); break;
    case Verb::idle: cmd_idle(c); break;
    case Verb::check: cmd_check(c); break;
    case Verb::close: case Verb::unselect: cmd_close(c); break;
    case Verb::expunge: cmd_expunge(c); break;
    case Verb::search: cmd_search(c); break;
    case Verb::fetch: cmd_fetch(c); break;
    case Verb::store: cmd_store(c); break;
    case Verb::copy: case Verb::move: cmd_copy(c); break;
  }
}

void ImapSession::send(std::string response) {
  deps_.hooks.before_response(context_, response);
  if (response.empty()) return;
  log_response(response);
  out_ += response;
}

void ImapSession::log_response(std::string_view response) {
  const std::size_t eol = response.find("\r\n");
  if (eol == std::string_view::npos || eol + 2 == response.size()) {
    deps_.transcript.server(response.substr(0, eol));
  } else {
    deps_.transcript.server(std::string(response.substr(0, eol)) + " ...");
  }
}

void ImapSession::untagged(std::string_view text) {
  std::string line = "* ";
  line += text;
  line += "\r\n";
  send(std::move(line));
}

void ImapSession::tagged(std::string_view tag, std::string_view status, std::string_view text) {
  // Pending mailbox changes go out before a command completes.
  if (state_ == State::selected && mode_ != Mode::closed) sync_updates(allow_expunge_);
  std::string line(tag);
  line += ' ';
  line += status;
  line += ' ';
  line += text;
  line += "\r\n";
  send(std::move(line));
}

void ImapSession::bad(std::string_view tag, std::string_view text) {
  tagged(tag, "BAD", text);
  if (++bad_commands_ >= config_.limits.max_bad_commands && mode_ != Mode::closed)
    close_with_bye("Too many invalid IMAP commands.");
}

void ImapSession::close_with_bye(std::string_view text) {
  untagged("BYE " + std::string(text));
  fetch_.reset();
  if (mailbox_ && watch_) mailbox_->close(watch_);
  mode_ = Mode::closed;
  state_ = State::logout;
}

}  // namespace mailsim::mock
