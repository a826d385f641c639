#include "mockserver/smtp/smtp_session.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "common/base64.hpp"

namespace mailsim::mock {
namespace {

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    words.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

// "AUTH PLAIN <redacted>": the mechanism is shown only when it is one, so a
// client that puts its payload first still leaks nothing.
std::string redact_auth_line(std::string_view line) {
  const auto words = words_of(line);
  std::string shown(words.empty() ? std::string_view("AUTH") : words[0]);
  if (words.size() >= 2) {
    shown += ' ';
    shown += sasl::parse_mechanism(words[1]) ? std::string(words[1]) : std::string(kRedacted);
  }
  if (words.size() >= 3) {
    shown += ' ';
    shown += kRedacted;
  }
  return shown;
}

std::string syntax_error_reply(const SmtpSyntaxError& error) {
  using Kind = SmtpSyntaxError::Kind;
  switch (error.kind) {
    case Kind::syntax:
    case Kind::bad_parameter: return "501 5.5.4 " + error.text;
    case Kind::bad_sender: return "501 5.1.7 Bad sender address syntax";
    case Kind::bad_recipient: return "501 5.1.3 Bad recipient address syntax";
    case Kind::unsupported_parameter: return "555 5.5.4 Unsupported option: " + error.text;
  }
  return "501 5.5.4 Syntax error";
}

struct LineStats {
  std::size_t bare_lfs = 0;
  std::size_t longest = 0;
};

LineStats line_stats(std::string_view raw) {
  LineStats stats;
  std::size_t start = 0;
  while (start < raw.size()) {
    const std::size_t lf = raw.find('\n', start);
    if (lf == std::string_view::npos) {
      stats.longest = std::max(stats.longest, raw.size() - start);
      break;
    }
    const bool crlf = lf > start && raw[lf - 1] == '\r';
    if (!crlf) ++stats.bare_lfs;
    stats.longest = std::max(stats.longest, lf - start - (crlf ? 1 : 0));
    start = lf + 1;
  }
  return stats;
}

constexpr std::string_view kTooBig = "552 5.3.4 Message size exceeds fixed limit";

}  // namespace

SmtpSession::SmtpSession(SmtpSessionConfig config, SmtpSessionContext context, sasl::Verifier& verifier,
                         Transcript& transcript, SmtpSessionHooks* hooks)
    : config_(std::move(config)),
      context_(std::move(context)),
      verifier_(verifier),
      transcript_(transcript),
      hooks_(hooks),
      input_(std::max(config_.limits.max_line, config_.limits.max_auth_line)),
      tls_(context_.tls_active),
      tls_version_(context_.tls_version) {}

SmtpSessionOutput SmtpSession::open(time_point now) {
  SmtpSessionOutput out;
  now_ = now;
  phase_ = Phase::commands;
  transcript_.event(fmt::format("session {} from {}:{}{}", context_.session_id, context_.client_ip,
                                context_.client_port, tls_ ? " over " + tls_version_ : std::string()));
  if (hooks_) {
    const SmtpHookAction action = hooks_->on_connect(*this);
    if (action.reply && !action.reply->starts_with('2')) greeting_rejected_ = true;
    if (apply_hook(action, out)) return out;
  }
  write_line(out, fmt::format("220 {} ESMTP mailsim", config_.hostname));
  return out;
}

SmtpSessionOutput SmtpSession::receive(std::string_view bytes, time_point now) {
  SmtpSessionOutput out;
  // After STARTTLS nothing may be read until the handshake (RFC 3207 5).
  if (phase_ == Phase::closed || phase_ == Phase::awaiting_tls || phase_ == Phase::silent) return out;
  now_ = now;
  // Message content that starts a read goes straight from the caller's bytes
  // into the message: the line buffer would be one more copy of the body.
  while (!bytes.empty() && phase_ == Phase::data && input_.buffered() == 0) {
    bytes.remove_prefix(data_->feed(bytes));
    after_content(out);
  }
  input_.append(bytes);
  pump(out);
  return out;
}

void SmtpSession::tls_established(std::string version) {
  tls_ = true;
  tls_version_ = std::move(version);
  helo_.clear();
  esmtp_ = false;
  user_.clear();
  transaction_.reset();
  auth_.reset();
  input_.discard();
  phase_ = Phase::commands;
  transcript_.event("TLS established (" + tls_version_ + ")");
}

SmtpSessionOutput SmtpSession::idle_timeout() {
  SmtpSessionOutput out;
  if (phase_ == Phase::closed) return out;
  write_line(out, fmt::format("421 4.4.2 {} Error: timeout exceeded", config_.hostname));
  close(out);
  return out;
}

void SmtpSession::connection_closed(std::string_view why) {
  if (closed_notified_) return;
  closed_notified_ = true;
  phase_ = Phase::closed;
  transcript_.event(fmt::format("connection closed ({})", why));
  if (hooks_) hooks_->on_close(*this);
}

void SmtpSession::pump(SmtpSessionOutput& out) {
  while (true) {
    switch (phase_) {
      case Phase::commands:
      case Phase::auth: {
        const auto line = input_.next_line();
        if (!line) return;
        handle_line(*line, out);
        break;
      }
      case Phase::data:
        if (input_.buffered() == 0) return;
        pump_data(out);
        break;
      case Phase::bdat:
        if (chunk_.remaining > 0 && input_.buffered() == 0) return;
        pump_bdat(out);
        break;
      case Phase::greeting:
      case Phase::awaiting_tls:
      case Phase::silent:
      case Phase::closed:
        return;
    }
  }
}

void SmtpSession::handle_line(const net::LineBuffer::Line& line, SmtpSessionOutput& out) {
  if (line.too_long) {
    transcript_.client("<over-long line dropped>");
    if (phase_ == Phase::auth) {
      auth_.reset();
      phase_ = Phase::commands;
    }
    reply(out, "500 5.5.6 Line too long");
    return;
  }
  // A view into the input buffer, which nothing appends to while the line is handled.
  const std::string_view text = line.text;
  if (phase_ == Phase::auth) {
    if (line.bare_lf && config_.reject_bare_lf) {
      transcript_.client(kRedacted);
      reject_bare_lf(out);
      return;
    }
    handle_auth_response(text, out);
    return;
  }
  const SmtpCommand cmd = parse_smtp_command(text);
  if (text.size() > config_.limits.max_line && cmd.verb != SmtpVerb::auth) {
    transcript_.client("<over-long line dropped>");
    return reply(out, "500 5.5.6 Line too long");
  }
  transcript_.client(cmd.verb == SmtpVerb::auth ? redact_auth_line(text) : text);
  if (line.bare_lf && config_.reject_bare_lf) {
    reject_bare_lf(out);
    return;
  }
  handle_command(cmd, line.bare_lf, out);
}

void SmtpSession::handle_command(const SmtpCommand& cmd, bool bare_lf, SmtpSessionOutput& out) {
  if (hooks_ && apply_hook(hooks_->on_command(*this, cmd), out)) return;
  if (greeting_rejected_ && cmd.verb != SmtpVerb::quit) {
    reply(out, "503 5.5.1 Bad sequence of commands");
    return;
  }
  // Sequence errors come before syntax errors, as in Postfix.
  switch (cmd.verb) {
    case SmtpVerb::helo:
    case SmtpVerb::ehlo:
      if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
      return on_ehlo(cmd, out);
    case SmtpVerb::mail: return on_mail(cmd, out);
    case SmtpVerb::rcpt: return on_rcpt(cmd, out);
    case SmtpVerb::data: {
      if (!transaction_) return reply(out, "503 5.5.1 Error: need MAIL command");
      if (transaction_->recipients.empty()) return reply(out, "503 5.5.1 Error: need RCPT command");
      if (transaction_->chunked) return reply(out, "503 5.5.1 Error: DATA after BDAT");
      if (transaction_->mail.params.body == BodyType::binary_mime)
        return reply(out, "503 5.5.1 Error: BODY=BINARYMIME requires BDAT");
      if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
      return on_data(bare_lf, out);
    }
    case SmtpVerb::bdat: return on_bdat(cmd, out);
    case SmtpVerb::rset:
      if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
      transaction_.reset();
      return reply(out, "250 2.0.0 Ok");
    case SmtpVerb::noop: return reply(out, "250 2.0.0 Ok");
    case SmtpVerb::vrfy:
      if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
      return reply(out, "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
    case SmtpVerb::help:
      return reply(out, "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP VRFY HELP QUIT STARTTLS AUTH");
    case SmtpVerb::quit:
      write_line(out, "221 2.0.0 Bye");
      return close(out);
    case SmtpVerb::starttls: return on_starttls(cmd, out);
    case SmtpVerb::auth: return on_auth(cmd, out);
    case SmtpVerb::not_implemented: return reply(out, "502 5.5.1 Error: command not implemented");
    case SmtpVerb::unknown: return reply(out, "500 5.5.2 Error: command not recognized");
  }
}

void SmtpSession::on_ehlo(const SmtpCommand& cmd, SmtpSessionOutput& out) {
  helo_ = cmd.domain;
  esmtp_ = cmd.verb == SmtpVerb::ehlo;
  transaction_.reset();  // EHLO/HELO also reset the transaction (RFC 5321 4.1.4)
  if (!esmtp_) return write_line(out, "250 " + config_.hostname);
  std::vector<std::string> lines{config_.hostname, "PIPELINING",
                                 fmt::format("SIZE {}", config_.limits.max_message_size)};
  if (starttls_offered()) lines.emplace_back("STARTTLS");
  if (auth_offered() && (!config_.auth_requires_tls || tls_)) {
    std::string auth = "AUTH";
    for (const auto m : config_.mechanisms) auth += " " + std::string(sasl::to_string(m));
    lines.push_back(std::move(auth));
  }
  for (const char* keyword : {"ENHANCEDSTATUSCODES", "8BITMIME", "BINARYMIME", "CHUNKING", "SMTPUTF8", "DSN"})
    lines.emplace_back(keyword);
  for (std::size_t i = 0; i < lines.size(); ++i)
    write_line(out, fmt::format("250{}{}", i + 1 < lines.size() ? '-' : ' ', lines[i]));
}

void SmtpSession::on_mail(const SmtpCommand& cmd, SmtpSessionOutput& out) {
  if (helo_.empty()) return reply(out, "503 5.5.1 Error: send HELO/EHLO first");
  if (transaction_) return reply(out, "503 5.5.1 Error: nested MAIL command");
  if (config_.auth_required && user_.empty()) return reply(out, "530 5.7.0 Authentication required");
  if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
  const MailParameters& params = cmd.mail.params;
  if (params.size && *params.size > config_.limits.max_message_size) return reply(out, kTooBig);
  if (cmd.mail.non_ascii && !params.smtputf8)
    return reply(out, "553 5.6.7 Must declare SMTPUTF8 to send unicode address");
  transaction_.emplace();
  transaction_->mail = cmd.mail;
  reply(out, "250 2.1.0 Ok");
}

void SmtpSession::on_rcpt(const SmtpCommand& cmd, SmtpSessionOutput& out) {
  if (!transaction_) return reply(out, "503 5.5.1 Error: need MAIL command");
  if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
  if (transaction_->recipients.size() >= config_.limits.max_recipients)
    return reply(out, "452 4.5.3 Error: too many recipients");
  if (cmd.rcpt.non_ascii && !transaction_->mail.params.smtputf8)
    return reply(out, "553 5.6.7 Must declare SMTPUTF8 to send unicode address");
  transaction_->recipients.push_back({cmd.rcpt.forward_path, cmd.rcpt.params});
  reply(out, "250 2.1.5 Ok");
}

void SmtpSession::on_data(bool bare_lf, SmtpSessionOutput& out) {
  phase_ = Phase::data;
  data_.emplace(config_.limits.max_message_size, !bare_lf);
  write_line(out, "354 End data with <CR><LF>.<CR><LF>");
}

void SmtpSession::pump_data(SmtpSessionOutput& out) {
  const std::string_view view = input_.take_raw(input_.buffered());
  const std::size_t used = data_->feed(view);
  // Whatever follows the end of data is the next pipelined command: it goes
  // back (everything was taken, so the buffer is empty now). A copy first:
  // the view points into the buffer that append() compacts.
  if (used < view.size()) input_.append(std::string(view.substr(used)));
  after_content(out);
}

void SmtpSession::after_content(SmtpSessionOutput& out) {
  if (config_.reject_bare_lf && data_->bare_lf_count() > 0) {
    transcript_.client(fmt::format("<message content: {} octets so far>", data_->size()));
    data_.reset();
    transaction_.reset();
    reject_bare_lf(out);
    return;
  }
  if (data_->finished()) finish_data(out);
}

void SmtpSession::finish_data(SmtpSessionOutput& out) {
  SmtpDataReader reader = std::move(*data_);
  data_.reset();
  phase_ = Phase::commands;
  transcript_.client(fmt::format("<message content: {} octets, {} lines>", reader.size(), reader.line_count()));
  transcript_.client(".");
  if (reader.over_limit()) {
    transaction_.reset();
    return reply(out, kTooBig);
  }
  const std::size_t bare_lfs = reader.bare_lf_count();
  const std::size_t longest = reader.longest_line();
  complete_message(reader.take_content(), false, bare_lfs, longest, out);
}

void SmtpSession::on_bdat(const SmtpCommand& cmd, SmtpSessionOutput& out) {
  // Without a valid size the chunk cannot be skipped: its bytes will be read
  // as commands, as with any server.
  if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
  chunk_ = SmtpPendingChunk{cmd.bdat.size, cmd.bdat.size, cmd.bdat.last, std::nullopt, false};
  if (!transaction_) {
    chunk_.error_reply = "503 5.5.1 Error: need MAIL command";
  } else if (transaction_->recipients.empty()) {
    chunk_.error_reply = "503 5.5.1 Error: need RCPT command";
  } else {
    transaction_->chunked = true;
    chunk_.over_size = transaction_->chunks.size() + cmd.bdat.size > config_.limits.max_message_size;
  }
  phase_ = Phase::bdat;
}

void SmtpSession::pump_bdat(SmtpSessionOutput& out) {
  if (chunk_.remaining > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_.remaining, input_.buffered()));
    const std::string_view bytes = input_.take_raw(want);
    if (!chunk_.error_reply && !chunk_.over_size) transaction_->chunks.append(bytes);
    chunk_.remaining -= bytes.size();
  }
  if (chunk_.remaining == 0) finish_chunk(out);
}

void SmtpSession::finish_chunk(SmtpSessionOutput& out) {
  phase_ = Phase::commands;
  transcript_.client(fmt::format("<chunk: {} octets>", chunk_.size));
  if (chunk_.error_reply) return reply(out, *chunk_.error_reply);
  if (chunk_.over_size) {
    transaction_.reset();
    return reply(out, kTooBig);
  }
  if (!chunk_.last) return reply(out, fmt::format("250 2.0.0 Ok: {} octets received", chunk_.size));
  std::string raw = std::move(transaction_->chunks);
  const LineStats stats = line_stats(raw);
  complete_message(std::move(raw), true, stats.bare_lfs, stats.longest, out);
}

void SmtpSession::complete_message(std::string raw, bool chunked, std::size_t bare_lfs, std::size_t longest_line,
                                   SmtpSessionOutput& out) {
  CapturedMessage message;
  message.session_id = context_.session_id;
  message.queue_id = fmt::format("{}.{}", context_.session_id, messages_ + 1);
  message.helo = helo_;
  message.esmtp = esmtp_;
  message.mail_from = transaction_->mail.reverse_path;
  message.mail_params = transaction_->mail.params;
  message.recipients = std::move(transaction_->recipients);
  message.raw = std::move(raw);
  message.chunked = chunked;
  message.bare_lf_count = bare_lfs;
  message.longest_line = longest_line;
  message.tls = tls_;
  message.tls_version = tls_version_;
  message.authenticated_user = user_;
  message.received_at = now_;
  transaction_.reset();

  const std::string queue_id = message.queue_id;
  const auto accept = [&] {
    ++messages_;
    transcript_.event(fmt::format("message {} accepted ({} octets)", queue_id, message.raw.size()));
    out.messages.push_back(std::move(message));
  };
  if (hooks_) {
    const SmtpHookAction action = hooks_->on_data_end(*this, message);
    if (action.reply || action.close) {
      if (action.reply && action.reply->starts_with('2')) accept();
      apply_hook(action, out);
      return;
    }
  }
  accept();
  reply(out, "250 2.0.0 Ok: queued as " + queue_id);
}

void SmtpSession::on_starttls(const SmtpCommand& cmd, SmtpSessionOutput& out) {
  if (config_.security != Security::starttls) return reply(out, "502 5.5.1 Error: command not implemented");
  if (tls_) return reply(out, "554 5.5.1 Error: TLS already active");
  if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
  write_line(out, "220 2.0.0 Ready to start TLS");
  // The command-injection defence: bytes pipelined after STARTTLS came in
  // plaintext and must never be read as if they came over TLS.
  if (const std::size_t dropped = input_.buffered(); dropped > 0)
    transcript_.event(fmt::format("discarded {} octets sent in plaintext after STARTTLS", dropped));
  input_.discard();
  phase_ = Phase::awaiting_tls;
  out.action = SmtpSessionOutput::Action::start_tls;
}

void SmtpSession::on_auth(const SmtpCommand& cmd, SmtpSessionOutput& out) {
  if (!auth_offered()) return reply(out, "503 5.5.1 Error: authentication not enabled");
  if (helo_.empty()) return reply(out, "503 5.5.1 Error: send HELO/EHLO first");
  if (config_.auth_requires_tls && !tls_) return reply(out, "530 5.7.0 Must issue a STARTTLS command first");
  if (!user_.empty()) return reply(out, "503 5.5.1 Error: already authenticated");
  if (transaction_) return reply(out, "503 5.5.1 Error: MAIL transaction in progress");
  if (cmd.error) return reply(out, syntax_error_reply(*cmd.error));
  const auto mechanism = sasl::parse_mechanism(cmd.auth.mechanism);
  if (!mechanism ||
      std::find(config_.mechanisms.begin(), config_.mechanisms.end(), *mechanism) == config_.mechanisms.end())
    return reply(out, "504 5.5.4 Unrecognized authentication type");
  std::optional<std::string> initial;
  if (cmd.auth.initial_response) {
    initial = *cmd.auth.initial_response == "=" ? std::string() : base64_decode(*cmd.auth.initial_response);
    if (!initial) return reply(out, "501 5.5.2 Cannot Base64-decode Client responses");
  }
  ++auth_attempts_;
  sasl::ServerOptions options;
  options.cram_md5_challenge = fmt::format("<{}.{}@{}>", context_.cram_md5_nonce, auth_attempts_, config_.hostname);
  auth_ = sasl::make_server_mechanism(*mechanism, verifier_, options);
  phase_ = Phase::auth;
  auth_step(initial ? auth_->start(std::string_view(*initial)) : auth_->start(std::nullopt), out);
}

void SmtpSession::handle_auth_response(std::string_view line, SmtpSessionOutput& out) {
  if (line == "*") {
    transcript_.client("*");
    auth_.reset();
    phase_ = Phase::commands;
    return reply(out, "501 5.0.0 Authentication aborted");
  }
  transcript_.client(kRedacted);
  const std::optional<std::string> decoded = line.empty() ? std::string() : base64_decode(line);
  if (!decoded) {
    auth_.reset();
    phase_ = Phase::commands;
    return reply(out, "501 5.5.2 Cannot Base64-decode Client responses");
  }
  auth_step(auth_->step(*decoded), out);
}

void SmtpSession::auth_step(const sasl::ServerStep& step, SmtpSessionOutput& out) {
  using Kind = sasl::ServerStep::Kind;
  // Exchange Online refuses a token at once, without the error challenge.
  const bool refuse_token_now = step.kind == Kind::challenge && step.error_challenge &&
                                (config_.smtp_client_auth_disabled || !sends_oauth_error_challenge(config_.auth_style));
  if (step.kind == Kind::challenge && !refuse_token_now) return write_line(out, "334 " + base64_encode(step.challenge));
  auth_.reset();
  phase_ = Phase::commands;
  if (config_.smtp_client_auth_disabled) {
    transcript_.event("authentication refused: SMTP client authentication is disabled");
    return reply(out, smtp_client_auth_disabled_refusal(config_.hostname));
  }
  if (step.kind == Kind::success) {
    user_ = step.user;
    transcript_.event("authenticated as " + user_);
    return reply(out, "235 2.7.0 Authentication successful");
  }
  const auto failure = refuse_token_now ? sasl::Failure::token_rejected : step.failure;
  const char* why = failure == sasl::Failure::malformed        ? "malformed response"
                    : failure == sasl::Failure::token_rejected ? "token rejected"
                                                               : "bad credentials";
  transcript_.event(fmt::format("authentication failed: {}", why));
  const auto lines = smtp_auth_refusal(config_.auth_style, config_.hostname);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) write_line(out, lines[i]);
  reply(out, lines.back());
}

bool SmtpSession::auth_offered() const { return !config_.mechanisms.empty(); }

bool SmtpSession::starttls_offered() const { return config_.security == Security::starttls && !tls_; }

void SmtpSession::write_line(SmtpSessionOutput& out, std::string_view line) {
  out.bytes.append(line);
  out.bytes.append("\r\n");
  transcript_.server(line);
}

void SmtpSession::reply(SmtpSessionOutput& out, std::string_view line) {
  write_line(out, line);
  if (line.empty() || (line.front() != '4' && line.front() != '5')) return;
  ++errors_;
  if (config_.limits.max_errors == 0 || errors_ < config_.limits.max_errors) return;
  write_line(out, fmt::format("421 4.7.0 {} Error: too many errors", config_.hostname));
  close(out);
}

void SmtpSession::send_lines(SmtpSessionOutput& out, std::string_view lines) {
  std::size_t pos = 0;
  while (pos <= lines.size()) {
    std::size_t end = std::min(lines.find('\n', pos), lines.size());
    std::string_view line = lines.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    write_line(out, line);
    pos = end + 1;
  }
}

bool SmtpSession::apply_hook(const SmtpHookAction& action, SmtpSessionOutput& out) {
  if (action.silent) {
    transcript_.event("silent from now on (fault)");
    phase_ = Phase::silent;
    return true;
  }
  if (action.reply) send_lines(out, *action.reply);
  if (action.close) {
    close(out);
    if (action.reset) {
      transcript_.event("connection reset (fault)");
      out.action = SmtpSessionOutput::Action::reset;
    }
  }
  return action.reply.has_value() || action.close;
}

void SmtpSession::close(SmtpSessionOutput& out) {
  phase_ = Phase::closed;
  auth_.reset();
  data_.reset();
  out.action = SmtpSessionOutput::Action::close;
}

void SmtpSession::reject_bare_lf(SmtpSessionOutput& out) {
  write_line(out, fmt::format("521 5.5.2 {} Error: bare <LF> received", config_.hostname));
  close(out);
}

}  // namespace mailsim::mock
