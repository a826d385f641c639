#include "client/smtp/smtp_connection.hpp"

#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "client/smtp/commands.hpp"
#include "client/smtp/dot_stuffing.hpp"
#include "client/smtp/mechanism_choice.hpp"
#include "client/smtp/message_check.hpp"
#include "client/smtp/pipelined_batch.hpp"
#include "client/smtp/reply_reason.hpp"
#include "client/smtp/transaction_result.hpp"
#include "client/transport_failure.hpp"
#include "common/base64.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::client::smtp {

namespace asio = net::asio;

namespace {

// QUIT is a courtesy: a server that does not answer it must not hold the
// caller for a whole command timeout.
constexpr net::Millis kQuitTimeout{5'000};
// A SASL exchange longer than this is a server leading us in circles.
constexpr int kMaxSaslRounds = 10;

Failure make_failure(Reason reason, Stage stage, std::string detail) {
  Failure f;
  f.reason = reason;
  f.stage = stage;
  f.detail = std::move(detail);
  f.hint = std::string(default_hint(reason));
  return f;
}

std::string without_crlf(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return std::string(line);
}

const SmtpReply* reply_of(const std::variant<SmtpReply, Failure>& r) { return std::get_if<SmtpReply>(&r); }

}  // namespace

struct SmtpConnection::OverallState {
  bool expired = false;
  std::weak_ptr<net::Stream> stream;
};

SmtpConnection::SmtpConnection(SmtpClientOptions options)
    : options_(std::move(options)), overall_(std::make_shared<OverallState>()) {}

SmtpConnection::~SmtpConnection() { close(); }

void SmtpConnection::close() {
  if (overall_timer_) overall_timer_->cancel();
  if (stream_) stream_->close();
  in_step_ = false;
}

// ---------------------------------------------------------------- open

asio::awaitable<std::optional<Failure>> SmtpConnection::open() {
  if (options_.host.empty()) co_return make_failure(Reason::config_invalid, Stage::config, "host is empty");
  if (auto problem = domain_problem(options_.helo_name))
    co_return make_failure(Reason::config_invalid, Stage::config, "helo_name: " + *problem);

  // The overall timeout closes the stream; whatever was waiting on it then
  // fails and io_failure() reports a timeout.
  overall_timer_.emplace(co_await asio::this_coro::executor, options_.timeouts.overall);
  overall_timer_->async_wait([state = overall_](net::error_code ec) {
    if (ec) return;
    state->expired = true;
    if (auto stream = state->stream.lock()) stream->close();
  });

  std::optional<Failure> failure = co_await connect();
  if (!failure && options_.security == Security::ssl_tls) failure = co_await handshake(false);
  if (!failure) failure = co_await greeting();
  if (!failure) failure = co_await hello();
  if (!failure && options_.security == Security::starttls) failure = co_await starttls();
  if (!failure && options_.credentials) failure = co_await authenticate();
  if (failure) co_await quit();
  co_return failure;
}

asio::awaitable<std::optional<Failure>> SmtpConnection::connect() {
  std::shared_ptr<asio::ssl::context> context;
  if (options_.security != Security::none) {
    try {
      context = tls::make_client_context(options_.tls);
    } catch (const std::exception& e) {
      co_return make_failure(Reason::config_invalid, Stage::config, e.what());
    }
  }
  transcript_.event("connecting to " + options_.host + ":" + std::to_string(options_.port) + " (" +
                    std::string(to_string(options_.security)) + ")");
  net::error_code ec;
  const auto timeout = std::min(options_.timeouts.connect, options_.timeouts.overall);
  auto stream = co_await net::Stream::connect(options_.host, options_.port, context, timeout, ec);
  if (ec || !stream) {
    if (is_dns_error(ec))
      co_return make_failure(Reason::dns_failed, Stage::resolve, options_.host + ": " + ec.message());
    if (ec == asio::error::timed_out)
      co_return make_failure(Reason::connect_timeout, Stage::connect, "no connection within " + millis_text(timeout));
    co_return make_failure(Reason::connect_refused, Stage::connect, ec.message());
  }
  stream_ = std::move(stream);
  overall_->stream = stream_;
  const auto peer = stream_->remote_endpoint();
  transcript_.event("connected to " + peer.address().to_string() + ":" + std::to_string(peer.port()));
  co_return std::nullopt;
}

asio::awaitable<std::optional<Failure>> SmtpConnection::handshake(bool starttls) {
  net::error_code ec;
  co_await stream_->handshake(net::TlsRole::client, options_.timeouts.command, ec, options_.host);
  if (!ec) {
    info_.tls_version = stream_->tls_version();
    info_.tls_cipher = stream_->tls_cipher();
    transcript_.event("TLS established: " + info_.tls_version + " " + info_.tls_cipher);
    co_return std::nullopt;
  }
  in_step_ = false;
  if (overall_->expired || ec == asio::error::timed_out) co_return io_failure(ec, Stage::tls, "in the TLS handshake");
  // With verification off a verify result means nothing.
  const long verify = options_.tls.verify ? stream_->verify_result() : X509_V_OK;
  const auto kind = tls::classify_handshake_failure(verify, ec);
  std::string detail = "TLS handshake failed: " + ec.message();
  if (verify != X509_V_OK) detail += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
  transcript_.event(detail);
  co_return make_failure(handshake_reason(kind, starttls), Stage::tls, detail);
}

asio::awaitable<std::optional<Failure>> SmtpConnection::greeting() {
  auto result = co_await read_reply(Stage::greeting);
  const SmtpReply* reply = reply_of(result);
  if (!reply) co_return std::get<Failure>(result);
  info_.greeting = reply->to_string();
  if (reply->code / 100 != 2) co_return reply_failure(*reply, SmtpPhase::greeting);
  co_return std::nullopt;
}

asio::awaitable<std::optional<Failure>> SmtpConnection::hello() {
  info_.capabilities = {};
  info_.used_helo = false;
  auto result = co_await command(ehlo_command(options_.helo_name), Stage::capabilities);
  const SmtpReply* reply = reply_of(result);
  if (!reply) co_return std::get<Failure>(result);
  if (reply->code / 100 == 2) {
    info_.capabilities = parse_ehlo(*reply);
    co_return std::nullopt;
  }
  // A server that does not know EHLO answers 500/502 (RFC 5321 4.1.4).
  if (!reply->permanent_failure() || looks_throttled(*reply, SmtpPhase::ehlo))
    co_return reply_failure(*reply, SmtpPhase::ehlo);
  auto helo = co_await command(helo_command(options_.helo_name), Stage::capabilities);
  const SmtpReply* helo_reply = reply_of(helo);
  if (!helo_reply) co_return std::get<Failure>(helo);
  if (helo_reply->code / 100 != 2) co_return reply_failure(*helo_reply, SmtpPhase::helo);
  info_.used_helo = true;
  co_return std::nullopt;
}

asio::awaitable<std::optional<Failure>> SmtpConnection::starttls() {
  if (!info_.capabilities.starttls)
    co_return make_failure(Reason::starttls_not_offered, Stage::starttls,
                           info_.used_helo ? "the server refused EHLO, so it offers no extensions"
                                           : "the server's EHLO reply does not list STARTTLS");
  auto result = co_await command(kStartTls, Stage::starttls);
  const SmtpReply* reply = reply_of(result);
  if (!reply) co_return std::get<Failure>(result);
  if (reply->code != 220) co_return reply_failure(*reply, SmtpPhase::starttls);
  // Bytes that came with or after the 220 were sent in plaintext; taking
  // them as replies over TLS is the STARTTLS response-injection bug.
  if (const auto dropped = reader_.discard())
    transcript_.event("discarded " + std::to_string(dropped) +
                      " bytes the server sent after its 220 to STARTTLS, before TLS");
  if (auto failure = co_await handshake(true)) co_return failure;
  co_return co_await hello();
}

asio::awaitable<std::optional<Failure>> SmtpConnection::authenticate() {
  const auto choice = choose_mechanism(info_.capabilities, *options_.credentials, options_.mechanism);
  if (const auto* failure = std::get_if<Failure>(&choice)) {
    Failure f = *failure;
    if (f.reason == Reason::auth_mechanism_unsupported && !stream_->is_tls())
      f.hint = "many servers offer login only over TLS; use security starttls or ssl_tls";
    co_return f;
  }
  const auto mechanism = std::get<sasl::Mechanism>(choice);
  const bool oauth = sasl::is_oauth(mechanism);
  const std::string name(sasl::to_string(mechanism));
  auto sasl = sasl::make_client_mechanism(mechanism, *options_.credentials);

  // SASL-IR when the line stays within SMTP's limit (RFC 4954 section 4);
  // otherwise the initial response answers the server's first, empty 334.
  std::optional<std::string> pending_initial;
  std::string line = auth_command(mechanism, std::nullopt);
  if (const auto initial = sasl->initial_response()) {
    const std::string encoded = base64_encode(*initial);
    const std::string with_initial = auth_command(mechanism, encoded);
    if (with_initial.size() <= kMaxCommandLine) {
      line = with_initial;
      transcript_.client("AUTH " + name + " " + std::string(kRedacted));
    } else {
      pending_initial = encoded;
      transcript_.client("AUTH " + name);
    }
  } else {
    transcript_.client("AUTH " + name);
  }
  if (auto failure = co_await write(line, Stage::authenticate)) co_return failure;

  std::optional<std::string> oauth_error;  // the decoded JSON error challenge
  for (int round = 0;; ++round) {
    auto result = co_await read_reply(Stage::authenticate);
    const SmtpReply* reply = reply_of(result);
    if (!reply) co_return std::get<Failure>(result);
    if (reply->code == 235) {
      info_.auth_mechanism = mechanism;
      transcript_.event("authenticated with " + name);
      co_return std::nullopt;
    }
    if (reply->code != 334) {
      if (oauth_error) co_return oauth_error_failure(*oauth_error, *reply);
      co_return reply_failure(*reply, SmtpPhase::auth, oauth);
    }
    if (oauth_error || round >= kMaxSaslRounds) {
      // A challenge after the OAuth error report, or an endless exchange.
      co_await cancel_sasl();
      if (oauth_error) co_return oauth_error_failure(*oauth_error, std::nullopt);
      co_return make_failure(Reason::protocol_error, Stage::authenticate,
                             "the server sent more than " + std::to_string(kMaxSaslRounds) + " SASL challenges");
    }
    std::string response;
    if (pending_initial) {
      response = *std::exchange(pending_initial, std::nullopt);
    } else {
      const std::string& text = reply->lines.empty() ? std::string() : reply->lines.front();
      const auto challenge = base64_decode(text);
      if (!challenge) {
        co_await cancel_sasl();
        co_return make_failure(Reason::protocol_error, Stage::authenticate, "the server's 334 challenge is not base64");
      }
      const auto step = sasl->step(*challenge);
      if (step.protocol_error) {
        co_await cancel_sasl();
        co_return make_failure(Reason::protocol_error, Stage::authenticate,
                               "the server's challenge makes no sense for " + name);
      }
      if (step.server_error) {
        oauth_error = step.error_json;
        transcript_.event("OAuth error challenge: " + step.error_json);
      }
      response = base64_encode(step.response);
    }
    transcript_.client(kRedacted);
    if (auto failure = co_await write(sasl_response_line(response), Stage::authenticate)) co_return failure;
  }
}

asio::awaitable<void> SmtpConnection::cancel_sasl() {
  transcript_.client("*");
  // Results are named, not discarded: g++ 12 miscompiles a discarded
  // co_await result of class type.
  const auto write_failure = co_await write(kSaslCancel, Stage::authenticate);
  if (write_failure) co_return;
  [[maybe_unused]] const auto answer = co_await read_reply(Stage::authenticate);
}

// ---------------------------------------------------------------- mail

asio::awaitable<SendOutcome> SmtpConnection::send(const SmtpEnvelope& envelope, std::string_view message) {
  SendOutcome outcome;
  if (!stream_ || !stream_->is_open() || !in_step_) {
    outcome.failure = make_failure(Reason::connection_lost, Stage::command, "the session is not open");
    co_return outcome;
  }
  auto check = check_message(envelope, message, info_.capabilities);
  if (auto* refused = std::get_if<Failure>(&check)) {
    outcome.failure = std::move(*refused);
    co_return outcome;
  }
  const std::string mail = mail_from_command(envelope.from, std::get<MailParams>(check));
  if (info_.capabilities.pipelining) co_return co_await send_pipelined(envelope, mail, message);
  co_return co_await send_stepwise(envelope, mail, message);
}

asio::awaitable<std::vector<SendOutcome>> SmtpConnection::send_batch(std::span<const MessageToSend> messages) {
  if (!info_.capabilities.pipelining) co_return co_await send_one_by_one(messages);
  std::vector<SendOutcome> outcomes(messages.size());
  if (!stream_ || !stream_->is_open() || !in_step_) {
    for (auto& outcome : outcomes)
      outcome.failure = make_failure(Reason::connection_lost, Stage::command, "the session is not open");
    co_return outcomes;
  }
  PipelinedBatch batch(info_.capabilities, messages, transcript_);
  while (!batch.done()) {
    if (const auto bytes = batch.output(); !bytes.empty()) {
      if (auto failure = co_await write(bytes, batch.reply_stage())) {
        batch.fail(*failure);
        break;
      }
    }
    auto result = co_await read_reply(batch.reply_stage());
    if (const SmtpReply* reply = reply_of(result))
      batch.on_reply(*reply);
    else
      batch.fail(std::get<Failure>(result));
  }
  co_return batch.take_outcomes();
}

asio::awaitable<std::vector<SendOutcome>> SmtpConnection::send_one_by_one(std::span<const MessageToSend> messages) {
  std::vector<SendOutcome> outcomes;
  outcomes.reserve(messages.size());
  std::optional<Failure> session_lost;
  for (const auto& item : messages) {
    if (session_lost) {
      SendOutcome not_sent;
      not_sent.failure = *session_lost;
      not_sent.failure->detail = "not sent: the session ended before this message (" + session_lost->detail + ")";
      outcomes.push_back(std::move(not_sent));
      continue;
    }
    auto outcome = co_await send(item.envelope, item.message);
    // A refused message leaves the session in step; a lost one does not.
    if (outcome.failure && (!in_step_ || !stream_ || !stream_->is_open())) session_lost = outcome.failure;
    outcomes.push_back(std::move(outcome));
  }
  co_return outcomes;
}

asio::awaitable<SendOutcome> SmtpConnection::send_pipelined(const SmtpEnvelope& envelope, const std::string& mail,
                                                            std::string_view message) {
  // RFC 2920: MAIL, every RCPT and DATA in one write; DATA ends the group.
  SendOutcome outcome;
  std::string batch = mail;
  transcript_.client(without_crlf(mail));
  for (const auto& recipient : envelope.recipients) {
    const std::string rcpt = rcpt_to_command(recipient);
    transcript_.client(without_crlf(rcpt));
    batch += rcpt;
  }
  batch += kData;
  transcript_.client("DATA");
  if (auto failure = co_await write(batch, Stage::command)) {
    outcome.failure = failure;
    co_return outcome;
  }

  auto mail_result = co_await read_reply(Stage::command);
  const SmtpReply* mail_reply = reply_of(mail_result);
  if (!mail_reply) {
    outcome.failure = std::get<Failure>(mail_result);
    co_return outcome;
  }
  std::vector<RecipientResult> recipients;
  for (const auto& recipient : envelope.recipients) {
    auto result = co_await read_reply(Stage::command);
    const SmtpReply* reply = reply_of(result);
    if (!reply) {
      outcome.failure = std::get<Failure>(result);
      if (mail_reply->positive()) outcome.recipients = std::move(recipients);
      co_return outcome;
    }
    recipients.push_back(recipient_result(recipient, *reply));
  }
  auto data_result = co_await read_reply(Stage::data);
  const SmtpReply* data_reply = reply_of(data_result);
  if (!data_reply) {
    outcome.failure = std::get<Failure>(data_result);
    if (mail_reply->positive()) outcome.recipients = std::move(recipients);
    co_return outcome;
  }

  // After a refused MAIL the RCPT replies only echo that refusal.
  if (!mail_reply->positive()) {
    outcome.failure = reply_failure(*mail_reply, SmtpPhase::mail);
    co_await abandon_transaction(data_reply->code == 354);
    co_return outcome;
  }
  outcome.recipients = std::move(recipients);
  if (!any_accepted(outcome.recipients)) {
    outcome.failure = all_refused(outcome.recipients);
    co_await abandon_transaction(data_reply->code == 354);
    co_return outcome;
  }
  if (data_reply->code != 354) {
    outcome.failure = reply_failure(*data_reply, SmtpPhase::data);
    co_await abandon_transaction(false);
    co_return outcome;
  }
  co_await send_body(message, outcome);
  co_return outcome;
}

asio::awaitable<SendOutcome> SmtpConnection::send_stepwise(const SmtpEnvelope& envelope, const std::string& mail,
                                                           std::string_view message) {
  SendOutcome outcome;
  auto mail_result = co_await command(mail, Stage::command);
  const SmtpReply* mail_reply = reply_of(mail_result);
  if (!mail_reply) {
    outcome.failure = std::get<Failure>(mail_result);
    co_return outcome;
  }
  if (!mail_reply->positive()) {
    outcome.failure = reply_failure(*mail_reply, SmtpPhase::mail);
    co_return outcome;
  }
  for (const auto& recipient : envelope.recipients) {
    auto result = co_await command(rcpt_to_command(recipient), Stage::command);
    const SmtpReply* reply = reply_of(result);
    if (!reply) {
      outcome.failure = std::get<Failure>(result);
      co_return outcome;
    }
    outcome.recipients.push_back(recipient_result(recipient, *reply));
  }
  if (!any_accepted(outcome.recipients)) {
    outcome.failure = all_refused(outcome.recipients);
    co_await abandon_transaction(false);
    co_return outcome;
  }
  auto data_result = co_await command(kData, Stage::data);
  const SmtpReply* data_reply = reply_of(data_result);
  if (!data_reply) {
    outcome.failure = std::get<Failure>(data_result);
    co_return outcome;
  }
  if (data_reply->code != 354) {
    outcome.failure = reply_failure(*data_reply, SmtpPhase::data);
    co_await abandon_transaction(false);
    co_return outcome;
  }
  co_await send_body(message, outcome);
  co_return outcome;
}

asio::awaitable<void> SmtpConnection::send_body(std::string_view message, SendOutcome& outcome) {
  const std::string payload = dot_stuff(message);
  transcript_.client("<message: " + std::to_string(message.size()) + " bytes>");
  transcript_.client(".");
  if (auto failure = co_await write(payload, Stage::data)) {
    outcome.failure = failure;
    co_return;
  }
  auto result = co_await read_reply(Stage::data);
  const SmtpReply* reply = reply_of(result);
  if (!reply) {
    outcome.failure = std::get<Failure>(result);
    co_return;
  }
  outcome.message_reply = *reply;
  if (!reply->positive()) outcome.failure = reply_failure(*reply, SmtpPhase::message);
}

asio::awaitable<void> SmtpConnection::abandon_transaction(bool data_accepted) {
  // A server that said 354 anyway gets an empty message it will refuse
  // for want of recipients (RFC 2920 3.1); then RSET clears the state.
  if (data_accepted) {
    transcript_.client(".");
    const auto write_failure = co_await write(".\r\n", Stage::data);
    if (write_failure) co_return;
    const auto answer = co_await read_reply(Stage::data);
    if (!reply_of(answer)) co_return;
  }
  [[maybe_unused]] const auto reset_failure = co_await reset();
}

asio::awaitable<std::optional<Failure>> SmtpConnection::noop() {
  auto result = co_await command(kNoop, Stage::command);
  const SmtpReply* reply = reply_of(result);
  if (!reply) co_return std::get<Failure>(result);
  if (!reply->positive()) co_return reply_failure(*reply, SmtpPhase::noop);
  co_return std::nullopt;
}

asio::awaitable<std::optional<Failure>> SmtpConnection::reset() {
  auto result = co_await command(kRset, Stage::command);
  const SmtpReply* reply = reply_of(result);
  if (!reply) co_return std::get<Failure>(result);
  if (!reply->positive()) co_return reply_failure(*reply, SmtpPhase::rset);
  co_return std::nullopt;
}

asio::awaitable<void> SmtpConnection::quit() {
  if (stream_ && stream_->is_open()) {
    const auto timeout = std::min(options_.timeouts.command, kQuitTimeout);
    if (in_step_) {
      transcript_.client("QUIT");
      const auto write_failure = co_await write(kQuit, Stage::logout, timeout);
      if (!write_failure) {
        [[maybe_unused]] const auto answer = co_await read_reply(Stage::logout, timeout);
      }
    }
    co_await stream_->shutdown(timeout);
  }
  close();
}

// ---------------------------------------------------------------- I/O

asio::awaitable<std::optional<Failure>> SmtpConnection::write(std::string_view bytes, Stage stage,
                                                              net::Millis timeout) {
  in_step_ = false;
  net::error_code ec;
  co_await stream_->write(bytes, timeout, ec);
  if (ec) co_return io_failure(ec, stage, "sending");
  co_return std::nullopt;
}

asio::awaitable<std::optional<Failure>> SmtpConnection::write(std::string_view bytes, Stage stage) {
  co_return co_await write(bytes, stage, options_.timeouts.command);
}

asio::awaitable<SmtpConnection::ReplyOrFailure> SmtpConnection::read_reply(Stage stage, net::Millis timeout) {
  std::array<char, 4096> buffer;
  for (;;) {
    auto next = reader_.next();
    if (next.kind == ReplyReader::Result::Kind::reply) {
      transcript_.server(next.reply.to_string());
      in_step_ = true;
      co_return std::move(next.reply);
    }
    if (next.kind == ReplyReader::Result::Kind::error) {
      in_step_ = false;
      transcript_.event("malformed reply: " + next.error);
      co_return make_failure(Reason::protocol_error, stage, "malformed reply: " + next.error);
    }
    net::error_code ec;
    const auto n = co_await stream_->read_some(asio::buffer(buffer), timeout, ec);
    if (ec) {
      in_step_ = false;
      co_return io_failure(ec, stage, "waiting for a reply");
    }
    reader_.append(std::string_view(buffer.data(), n));
  }
}

asio::awaitable<SmtpConnection::ReplyOrFailure> SmtpConnection::read_reply(Stage stage) {
  co_return co_await read_reply(stage, options_.timeouts.command);
}

asio::awaitable<SmtpConnection::ReplyOrFailure> SmtpConnection::command(std::string_view line, Stage stage) {
  transcript_.client(without_crlf(line));
  if (auto failure = co_await write(line, stage)) co_return *failure;
  co_return co_await read_reply(stage);
}

Failure SmtpConnection::io_failure(const net::error_code& ec, Stage stage, std::string_view doing) {
  in_step_ = false;
  Failure f;
  f.stage = stage;
  if (overall_->expired) {
    f.reason = Reason::timeout;
    f.detail = "the overall timeout of " + millis_text(options_.timeouts.overall) + " ran out " + std::string(doing);
  } else if (ec == asio::error::timed_out) {
    f.reason = Reason::timeout;
    f.detail = "nothing for " + millis_text(options_.timeouts.command) + " " + std::string(doing);
  } else if (ec == asio::error::connection_reset && stage == Stage::greeting) {
    // A reset before any greeting is how a blocked port answers; whether it
    // lands during connect() or the first read is only a matter of timing.
    f.reason = Reason::connect_refused;
    f.stage = Stage::connect;
    f.detail = "the server reset the connection before its greeting";
  } else {
    f.reason = Reason::connection_lost;
    f.detail = (ec == asio::error::eof ? std::string("the server closed the connection") : ec.message()) + " " +
               std::string(doing);
  }
  f.hint = std::string(default_hint(f.reason));
  transcript_.event(f.detail);
  return f;
}

}  // namespace mailsim::client::smtp
