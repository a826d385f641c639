#include "client/imap/imap_connection.hpp"

#include <openssl/x509.h>

#include <algorithm>
#include <utility>

#include "client/imap/imap_failure.hpp"
#include "client/transport_failure.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::client::imap {

namespace asio = net::asio;

namespace {

// LOGOUT is a courtesy: a server that does not answer it must not hold the
// caller for a whole command timeout.
constexpr net::Millis kLogoutTimeout{5'000};
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMinEchoedSecret = 4;

}  // namespace

struct ImapConnection::OverallState {
  bool expired = false;
  std::weak_ptr<net::Stream> stream;
};

std::string_view to_string(AuthMethod m) {
  switch (m) {
    case AuthMethod::login: return "login";
    case AuthMethod::plain: return "plain";
    case AuthMethod::oauth: return "oauth";
  }
  return "unknown";
}

std::optional<AuthMethod> parse_auth_method(std::string_view text) {
  if (text == "login") return AuthMethod::login;
  if (text == "plain") return AuthMethod::plain;
  if (text == "oauth") return AuthMethod::oauth;
  return std::nullopt;
}

ImapConnection::ImapConnection(ImapClientOptions options)
    : options_(std::move(options)),
      parser_(options_.limits),
      read_buffer_(kReadChunk),
      overall_(std::make_shared<OverallState>()) {}

ImapConnection::~ImapConnection() { close(); }

void ImapConnection::close() {
  if (overall_timer_) overall_timer_->cancel();
  if (stream_) stream_->close();
  in_step_ = false;
}

bool ImapConnection::is_open() const { return stream_ && stream_->is_open() && !bye_; }

std::vector<Response> ImapConnection::take_unsolicited() { return unsolicited_.take(); }

std::string ImapConnection::next_tag() {
  std::string n = std::to_string(next_tag_++);
  return "A" + std::string(n.size() < 3 ? 3 - n.size() : 0, '0') + n;
}

CommandBuilder ImapConnection::builder(std::string_view verb) {
  CommandBuilder b(next_tag(), info_.capabilities.has("LITERAL+"));
  b.atom(verb);
  return b;
}

// ---------------------------------------------------------------- open

asio::awaitable<ImapConnection::Done> ImapConnection::open() {
  if (options_.host.empty()) co_return make_failure(Reason::config_invalid, Stage::config, "host is empty");
  if (stream_) co_return make_failure(Reason::config_invalid, Stage::config, "open() was already called");
  if (options_.timeouts.overall) {
    // The overall timeout closes the stream; whatever waits on it then fails
    // and io_failure() reports a timeout.
    overall_timer_.emplace(co_await asio::this_coro::executor, *options_.timeouts.overall);
    overall_timer_->async_wait([state = overall_](net::error_code ec) {
      if (ec) return;
      state->expired = true;
      if (auto stream = state->stream.lock()) stream->close();
    });
  }
  Done failure = co_await connect();
  if (!failure && options_.security == Security::ssl_tls) failure = co_await handshake(false);
  if (!failure) failure = co_await greeting();
  if (!failure && !info_.capabilities.known()) failure = co_await refresh_capabilities(Stage::capabilities);
  if (!failure && options_.security == Security::starttls) failure = co_await starttls();
  if (!failure && options_.credentials && !info_.preauthenticated) failure = co_await authenticate();
  if (failure) co_await logout();
  co_return failure;
}

asio::awaitable<ImapConnection::Done> ImapConnection::connect() {
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
  const net::Millis timeout = options_.timeouts.connect;
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

asio::awaitable<ImapConnection::Done> ImapConnection::handshake(bool starttls) {
  net::error_code ec;
  co_await stream_->handshake(net::TlsRole::client, options_.timeouts.connect, ec, options_.host);
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
  close();
  co_return make_failure(handshake_reason(kind, starttls), Stage::tls, detail);
}

asio::awaitable<ImapConnection::Done> ImapConnection::greeting() {
  auto result = co_await read_response(Stage::greeting, options_.timeouts.command);
  if (auto* failure = std::get_if<Failure>(&result)) co_return *failure;
  const ParseResult& parsed = std::get<ParseResult>(result);
  if (parsed.kind == ParseResult::Kind::error) {
    close();
    co_return make_failure(Reason::protocol_error, Stage::greeting, "the server's greeting is not IMAP: " + parsed.error);
  }
  const auto* status = std::get_if<StatusResponse>(&parsed.response);
  if (!status || status->tagged() || status->status == Status::no || status->status == Status::bad) {
    close();
    Failure f = make_failure(Reason::protocol_error, Stage::greeting, "the server's greeting is not * OK, PREAUTH or BYE");
    f.server_words = parsed.transcript;
    co_return f;
  }
  observe(parsed.response);
  info_.greeting = status->words();
  if (status->status == Status::bye) {
    close();
    co_return failure_from_response(*status, Stage::greeting);
  }
  info_.preauthenticated = status->status == Status::preauth;
  in_step_ = true;
  co_return std::nullopt;
}

asio::awaitable<ImapConnection::Done> ImapConnection::refresh_capabilities(Stage stage) {
  info_.capabilities = Capabilities();
  const auto take = [](const Response& r) { return std::holds_alternative<CapabilityData>(r); };
  if (auto failure = co_await run_ok(builder("CAPABILITY").finish(), stage, take)) co_return failure;
  if (!info_.capabilities.known())
    co_return make_failure(Reason::protocol_error, stage, "the server answered CAPABILITY without listing any");
  co_return std::nullopt;
}

asio::awaitable<ImapConnection::Done> ImapConnection::starttls() {
  if (info_.preauthenticated)
    co_return make_failure(Reason::starttls_not_offered, Stage::starttls,
                           "the server pre-authenticated the plaintext session (PREAUTH), so STARTTLS is impossible");
  if (!info_.capabilities.has("STARTTLS"))
    co_return make_failure(Reason::starttls_not_offered, Stage::starttls,
                           "the server's CAPABILITY does not list STARTTLS");
  auto result = co_await run(builder("STARTTLS").finish(), Stage::starttls);
  if (!result) co_return result.failure();
  if (result.value().status != Status::ok) co_return failure_from_response(result.value(), Stage::starttls);
  // Bytes that came with or after the OK were sent in plaintext; reading
  // them as if they came over TLS is the STARTTLS injection bug.
  if (const auto dropped = parser_.buffered())
    transcript_.event("discarded " + std::to_string(dropped) +
                      " bytes the server sent after its OK to STARTTLS, before TLS");
  parser_.discard();
  if (auto failure = co_await handshake(true)) co_return failure;
  // Capabilities seen before TLS may have been forged; ask again.
  co_return co_await refresh_capabilities(Stage::starttls);
}

// ---------------------------------------------------------------- I/O core

void ImapConnection::redact_secrets(std::string& text) const {
  if (!options_.credentials) return;
  for (const std::string* secret : {&options_.credentials->password, &options_.credentials->access_token}) {
    // Very short secrets would redact ordinary words; servers echo whole ones.
    if (secret->size() < kMinEchoedSecret) continue;
    for (std::size_t at = 0; (at = text.find(*secret, at)) != std::string::npos;) {
      text.replace(at, secret->size(), kRedacted);
      at += kRedacted.size();
    }
  }
}

asio::awaitable<std::optional<ParseResult>> ImapConnection::next_response(net::Millis timeout, net::error_code& ec) {
  while (true) {
    ParseResult parsed = parser_.next();
    if (parsed.kind == ParseResult::Kind::response) {
      // A server that echoes a command back must not put the password into
      // the transcript or a Failure's server words.
      redact_secrets(parsed.transcript);
      if (auto* status = std::get_if<StatusResponse>(&parsed.response)) {
        redact_secrets(status->text);
        if (status->code) redact_secrets(status->code->arguments);
      }
      transcript_.server(parsed.transcript);
      co_return parsed;
    }
    if (parsed.kind == ParseResult::Kind::error) {
      transcript_.event("unreadable response: " + parsed.error);
      co_return parsed;
    }
    if (!stream_ || !stream_->is_open()) {
      ec = asio::error::not_connected;
      co_return std::nullopt;
    }
    const std::size_t n = co_await stream_->read_some(asio::buffer(read_buffer_), timeout, ec);
    if (ec) co_return std::nullopt;
    parser_.feed(std::string_view(read_buffer_.data(), n));
  }
}

asio::awaitable<ImapConnection::ResponseOrFailure> ImapConnection::read_response(Stage stage, net::Millis timeout) {
  net::error_code ec;
  auto parsed = co_await next_response(timeout, ec);
  if (!parsed) co_return io_failure(ec, stage, "waiting for the server");
  if (parsed->kind == ParseResult::Kind::error && parsed->fatal) {
    close();
    co_return make_failure(Reason::protocol_error, stage, parsed->error);
  }
  co_return std::move(*parsed);
}

asio::awaitable<std::optional<StatusResponse>> ImapConnection::drain_to_tag(std::string tag, net::Millis timeout) {
  while (true) {
    net::error_code ec;
    auto parsed = co_await next_response(timeout, ec);
    if (!parsed || parsed->fatal) co_return std::nullopt;
    if (parsed->kind != ParseResult::Kind::response) continue;
    const auto* status = std::get_if<StatusResponse>(&parsed->response);
    if (status && status->tag == tag) {
      in_step_ = true;
      co_return *status;
    }
    observe(parsed->response);
    if (!status || !status->tagged()) surface(std::move(parsed->response), parsed->size);
  }
}

asio::awaitable<ImapConnection::Done> ImapConnection::write(std::string_view bytes, Stage stage) {
  if (!stream_ || !stream_->is_open())
    co_return make_failure(Reason::connection_lost, stage, "the session is not open");
  net::error_code ec;
  co_await stream_->write(bytes, options_.timeouts.command, ec);
  if (ec) co_return io_failure(ec, stage, "sending a command");
  co_return std::nullopt;
}

bool ImapConnection::overall_expired() const { return overall_->expired; }

Failure ImapConnection::io_failure(const net::error_code& ec, Stage stage, std::string_view doing) {
  in_step_ = false;
  if (overall_->expired) {
    close();
    return make_failure(Reason::timeout, stage,
                        "the overall timeout of " + millis_text(*options_.timeouts.overall) + " passed " +
                            std::string(doing));
  }
  if (ec == asio::error::timed_out) {
    close();
    return make_failure(Reason::timeout, stage,
                        "no answer within " + millis_text(options_.timeouts.command) + " " + std::string(doing));
  }
  close();
  if (bye_) {
    // The server said why before it closed.
    Failure f = failure_from_response(*bye_, stage);
    if (f.reason == Reason::auth_failed || f.reason == Reason::oauth_token_rejected ||
        f.reason == Reason::command_failed)
      f.reason = Reason::connection_lost;
    f.detail = "the server closed the connection";
    f.hint = std::string(default_hint(f.reason));
    return f;
  }
  if (ec == asio::error::connection_reset && stage == Stage::greeting)
    // A reset before any greeting is how a blocked port answers; whether it
    // lands during connect() or the first read is only a matter of timing.
    return make_failure(Reason::connect_refused, Stage::connect, "the server reset the connection before its greeting");
  return make_failure(Reason::connection_lost, stage,
                      "the connection broke " + std::string(doing) + ": " + ec.message());
}

void ImapConnection::observe(const Response& response) {
  if (const auto* caps = std::get_if<CapabilityData>(&response)) {
    info_.capabilities = Capabilities(caps->capabilities);
  } else if (const auto* status = std::get_if<StatusResponse>(&response)) {
    if (status->has_code("CAPABILITY") && status->status != Status::no && status->status != Status::bad)
      info_.capabilities = Capabilities(status->code->list);
    if (status->status == Status::bye) bye_ = *status;
    if (status->has_code("ALERT")) transcript_.event("ALERT from the server: " + status->text);
  } else if (const auto* exists = std::get_if<ExistsData>(&response)) {
    if (selected_) selected_->exists = exists->count;
  } else if (const auto* recent = std::get_if<RecentData>(&response)) {
    if (selected_) selected_->recent = recent->count;
  } else if (std::holds_alternative<ExpungeData>(response)) {
    if (selected_ && selected_->exists > 0) --selected_->exists;
  }
}

void ImapConnection::surface(Response response, std::size_t wire_size) {
  if (std::holds_alternative<CapabilityData>(response)) return;  // kept in session().capabilities
  if (options_.on_unsolicited) options_.on_unsolicited(response);
  unsolicited_.push(std::move(response), wire_size);
}

asio::awaitable<Result<StatusResponse>> ImapConnection::run(Command command, Stage stage, const Consumer& consume) {
  if (!is_open()) {
    if (bye_) co_return io_failure(asio::error::not_connected, stage, "before the command");
    co_return make_failure(Reason::connection_lost, stage, "the session is not open");
  }
  transcript_.client(command.transcript);
  in_step_ = false;
  if (auto failure = co_await write(command.segments.front(), stage)) co_return *failure;
  std::size_t next_segment = 1;
  std::optional<std::string> malformed;  // a response we could not read; the command's result is unreliable
  while (true) {
    auto result = co_await read_response(stage, options_.timeouts.command);
    if (auto* failure = std::get_if<Failure>(&result)) co_return *failure;
    ParseResult& parsed = std::get<ParseResult>(result);
    if (parsed.kind == ParseResult::Kind::error) {
      if (!malformed) malformed = parsed.error;
      continue;
    }
    Response& response = parsed.response;
    if (const auto* status = std::get_if<StatusResponse>(&response); status && status->tagged()) {
      if (status->tag != command.tag) {
        transcript_.event("ignored a completion for unknown tag " + status->tag);
        continue;
      }
      in_step_ = true;
      observe(response);
      if (malformed) {
        Failure f = make_failure(Reason::protocol_error, stage, "the server sent a malformed response: " + *malformed);
        f.server_words = status->words();
        co_return f;
      }
      co_return *status;
    }
    if (std::holds_alternative<Continuation>(response)) {
      if (next_segment < command.segments.size()) {
        if (auto failure = co_await write(command.segments[next_segment++], stage)) co_return *failure;
        continue;
      }
      // The server waits for data we never announced: the session is out of step.
      close();
      co_return make_failure(Reason::protocol_error, stage, "the server asked for data the command does not have");
    }
    observe(response);
    if (!(consume && consume(response))) surface(std::move(response), parsed.size);
  }
}

asio::awaitable<ImapConnection::Done> ImapConnection::run_ok(Command command, Stage stage, const Consumer& consume) {
  auto result = co_await run(std::move(command), stage, consume);
  if (!result) co_return result.failure();
  if (result.value().status != Status::ok) co_return failure_from_response(result.value(), stage);
  co_return std::nullopt;
}

asio::awaitable<ImapConnection::Done> ImapConnection::run_pipelined(std::vector<Command> commands, std::size_t depth,
                                                                      Stage stage, const Consumer& consume,
                                                                      const Completed& completed) {
  if (!is_open()) {
    if (bye_) co_return io_failure(asio::error::not_connected, stage, "before the command");
    co_return make_failure(Reason::connection_lost, stage, "the session is not open");
  }
  for (const Command& command : commands)
    if (command.segments.size() != 1)
      co_return make_failure(Reason::config_invalid, stage, "a pipelined command cannot wait for a continuation");
  depth = std::max<std::size_t>(depth, 1);
  in_step_ = false;
  std::vector<bool> answered(commands.size(), false);
  std::size_t sent = 0;
  std::size_t outstanding = 0;
  Done failure;
  std::string batch;  // commands leave in one write to spare system calls
  while (true) {
    batch.clear();
    for (; !failure && sent < commands.size() && outstanding < depth; ++sent, ++outstanding) {
      transcript_.client(commands[sent].transcript);
      batch += commands[sent].segments.front();
    }
    if (!batch.empty())
      if (auto write_failure = co_await write(batch, stage)) co_return write_failure;
    if (outstanding == 0) break;
    auto result = co_await read_response(stage, options_.timeouts.command);
    if (auto* read_failure = std::get_if<Failure>(&result)) co_return *read_failure;
    ParseResult& parsed = std::get<ParseResult>(result);
    if (parsed.kind == ParseResult::Kind::error) {
      if (!failure)
        failure = make_failure(Reason::protocol_error, stage, "the server sent a malformed response: " + parsed.error);
      continue;
    }
    Response& response = parsed.response;
    if (const auto* status = std::get_if<StatusResponse>(&response); status && status->tagged()) {
      // Servers may finish pipelined commands out of order (RFC 3501 5.5).
      const auto it = std::find_if(commands.begin(), commands.begin() + static_cast<std::ptrdiff_t>(sent),
                                   [&](const Command& c) { return c.tag == status->tag; });
      const auto index = static_cast<std::size_t>(it - commands.begin());
      if (it == commands.begin() + static_cast<std::ptrdiff_t>(sent) || answered[index]) {
        transcript_.event("ignored a completion for unknown tag " + status->tag);
        continue;
      }
      answered[index] = true;
      --outstanding;
      observe(response);
      if (!failure) failure = completed(index, *status);
      continue;
    }
    if (std::holds_alternative<Continuation>(response)) {
      close();
      co_return make_failure(Reason::protocol_error, stage, "the server asked for data the command does not have");
    }
    observe(response);
    if (!(consume && consume(response))) surface(std::move(response), parsed.size);
  }
  in_step_ = true;
  co_return failure;
}

// ---------------------------------------------------------------- simple commands

asio::awaitable<ImapConnection::Done> ImapConnection::noop() {
  co_return co_await run_ok(builder("NOOP").finish(), Stage::command);
}

asio::awaitable<void> ImapConnection::logout() {
  if (stream_ && stream_->is_open() && in_step_ && !bye_) {
    const Command command = builder("LOGOUT").finish();
    transcript_.client(command.transcript);
    net::error_code ec;
    co_await stream_->write(command.segments.front(), kLogoutTimeout, ec);
    if (!ec) co_await drain_to_tag(command.tag, kLogoutTimeout);
  }
  if (stream_ && stream_->is_open()) co_await stream_->shutdown(kLogoutTimeout);
  close();
}

}  // namespace mailsim::client::imap
