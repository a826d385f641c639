#include "mockserver/smtp/smtp_server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "common/net/asio.hpp"
#include "common/net/stream.hpp"
#include "mockserver/faults/paced_writer.hpp"
#include "mockserver/session_limits.hpp"
#include "mockserver/smtp/smtp_connection_io.hpp"
#include "mockserver/smtp/smtp_io_fault_tap.hpp"

namespace mailsim::mock {
namespace {

namespace asio = net::asio;
using net::error_code;
using net::tcp;

constexpr std::size_t kMaxKeptSessions = 1000;
constexpr std::size_t kReadChunk = 16 * 1024;
// A TLS close_notify exchange at the end must not hold a session for long.
constexpr net::Millis kShutdownTimeout{1000};
// Refused connections are not capped: one that stalls the TLS handshake
// before its 421 must not hold a socket for the whole idle timeout.
constexpr net::Millis kRefusalHandshakeTimeout{10000};

struct SessionRecord {
  std::string session_id;
  std::shared_ptr<Transcript> transcript = std::make_shared<Transcript>();
  std::atomic<bool> finished{false};
};

// What the admin API sees of an open connection; the session is set once
// the greeting is due (after an implicit TLS handshake).
struct SessionView {
  std::string id;
  std::string peer;
  const SmtpSession* session = nullptr;
};

std::string session_state(const SmtpSession* session) {
  if (session == nullptr) return "opening";
  if (session->in_transaction()) return "mail transaction";
  if (!session->authenticated_user().empty()) return "authenticated";
  if (!session->helo_name().empty()) return "greeted";
  return "connected";
}

std::string random_hex() {
  std::random_device device;
  std::uniform_int_distribution<std::uint64_t> dist;
  return fmt::format("{:016x}", dist(device));
}

}  // namespace

struct SmtpServer::Impl {
  explicit Impl(SmtpServerConfig c)
      : config(std::move(c)), credentials(config.users, config.token_checker), nonce_seed(random_hex()) {
    if (!config.clock) config.clock = system_clock();
    session_config.hostname = config.hostname;
    session_config.security = config.tls.security;
    session_config.auth_required = config.auth_required;
    session_config.auth_requires_tls = config.auth_requires_tls;
    session_config.mechanisms = config.mechanisms;
    session_config.reject_bare_lf = config.reject_bare_lf;
    session_config.auth_style = config.auth_style;
    session_config.smtp_client_auth_disabled = config.smtp_client_auth_disabled;
    session_config.limits = config.limits;
    limiter = std::make_shared<SessionLimiter>(SessionCaps{config.max_sessions, config.max_sessions_per_ip});
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> run_session(tcp::socket socket, std::uint64_t connection);
  void store(SmtpSessionOutput& out);  // the messages accepted, before their replies go out
  asio::awaitable<bool> deliver(net::Stream& stream, SmtpSessionOutput& out);
  // The same, with the bytes shaped by the connection's I/O faults.
  asio::awaitable<faults::PacedWriter::Outcome> deliver(SmtpConnectionIo& io, SmtpSessionOutput& out);
  std::shared_ptr<SessionRecord> add_record(std::string session_id);

  SmtpServerConfig config;
  SmtpSessionConfig session_config;
  SmtpCredentials credentials;
  std::string nonce_seed;
  std::shared_ptr<SessionLimiter> limiter;
  std::shared_ptr<asio::ssl::context> tls_context;

  asio::io_context io{1};
  std::optional<tcp::acceptor> acceptor;
  std::thread thread;
  std::uint16_t port = 0;
  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;

  // Touched only on the I/O thread.
  std::map<std::uint64_t, net::Stream*> live;
  std::set<faults::PacedWriter*> pacers;  // cancelled by stop(): no fault's wait outlives it
  std::map<std::uint64_t, SessionView> views;
  std::uint64_t next_connection = 0;
  bool stopping = false;

  mutable std::mutex mutex;
  mutable std::condition_variable messages_changed;
  std::vector<CapturedMessage> messages;
  std::deque<std::shared_ptr<SessionRecord>> sessions;
};

std::shared_ptr<SessionRecord> SmtpServer::Impl::add_record(std::string session_id) {
  auto record = std::make_shared<SessionRecord>();
  record->session_id = std::move(session_id);
  std::lock_guard lock(mutex);
  sessions.push_back(record);
  if (sessions.size() > kMaxKeptSessions) sessions.pop_front();
  return record;
}

asio::awaitable<void> SmtpServer::Impl::accept_loop() {
  while (!stopping) {
    error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (stopping) co_return;
    if (ec) continue;  // e.g. the client gave up before accept; the listener is fine
    asio::co_spawn(io, run_session(std::move(socket), ++next_connection), asio::detached);
  }
}

void SmtpServer::Impl::store(SmtpSessionOutput& out) {
  if (out.messages.empty()) return;
  // Stored before the 250 goes out, so a client that saw it finds the message.
  std::lock_guard lock(mutex);
  for (auto& message : out.messages) messages.push_back(std::move(message));
  out.messages.clear();
  messages_changed.notify_all();
}

asio::awaitable<bool> SmtpServer::Impl::deliver(net::Stream& stream, SmtpSessionOutput& out) {
  store(out);
  if (out.bytes.empty()) co_return true;
  error_code ec;
  co_await stream.write(out.bytes, config.idle_timeout, ec);
  co_return !ec;
}

asio::awaitable<faults::PacedWriter::Outcome> SmtpServer::Impl::deliver(SmtpConnectionIo& io, SmtpSessionOutput& out) {
  store(out);
  error_code ec;
  co_return co_await io.write(out.bytes, ec);
}

asio::awaitable<void> SmtpServer::Impl::run_session(tcp::socket socket, std::uint64_t connection) {
  // Accepted just before stop() closed the live sessions: never register.
  if (stopping) co_return;
  error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  SmtpSessionContext context;
  context.session_id = fmt::format("{}-{}", config.name, connection);
  context.connection = connection;
  context.client_ip = remote.address().to_string();
  context.client_port = remote.port();
  context.cram_md5_nonce = fmt::format("{}{}", nonce_seed.substr(0, 8), connection);
  const auto record = add_record(context.session_id);
  Transcript& transcript = *record->transcript;

  auto stream = std::make_unique<net::Stream>(std::move(socket), tls_context);
  // Held until the coroutine ends, so active_sessions() counts it until then.
  const auto ticket = SessionLimiter::admit(limiter, context.client_ip);
  live[connection] = stream.get();
  views[connection] = {context.session_id, fmt::format("{}:{}", context.client_ip, context.client_port)};
  // Runs however the coroutine ends, including by an exception.
  struct Cleanup {
    Impl& impl;
    std::uint64_t connection;
    SessionRecord& record;
    ~Cleanup() {
      impl.live.erase(connection);
      impl.views.erase(connection);
      record.finished = true;
    }
  } cleanup{*this, connection, *record};

  if (!ticket.admitted()) {
    const bool per_ip = ticket.admission() == SessionLimiter::Admission::ip_full;
    transcript.event(fmt::format("session {} from {}:{} refused: {} sessions already", context.session_id,
                                 context.client_ip, context.client_port,
                                 per_ip ? config.max_sessions_per_ip : config.max_sessions));
    // On an implicit-TLS listener the 421 goes out inside TLS: written
    // before the handshake, a TLS client would only see garbage.
    if (config.tls.security == Security::ssl_tls) {
      co_await stream->handshake(net::TlsRole::server, std::min(config.idle_timeout, kRefusalHandshakeTimeout), ec);
      if (ec) {
        transcript.event(fmt::format("session {}: TLS handshake before the refusal failed ({})", context.session_id,
                                     ec.message()));
        stream->close();
        co_return;
      }
    }
    SmtpSessionOutput out;
    const std::string line = fmt::format("421 4.7.0 {} Error: too many connections{}", config.hostname,
                                         per_ip ? " from your address" : "");
    transcript.server(line);
    out.bytes = line + "\r\n";
    co_await deliver(*stream, out);
    co_await stream->shutdown(kShutdownTimeout);  // close_notify after a TLS refusal
    co_return;
  }

  if (config.tls.security == Security::ssl_tls) {
    co_await stream->handshake(net::TlsRole::server, config.idle_timeout, ec);
    if (ec) {
      transcript.event(fmt::format("session {} from {}:{}: TLS handshake failed ({})", context.session_id,
                                   context.client_ip, context.client_port, ec.message()));
      stream->close();
      co_return;
    }
    context.tls_active = true;
    context.tls_version = stream->tls_version();
  }

  faults::PacedWriter pacer(stream->executor(), transcript);
  if (stopping) pacer.cancel();
  pacers.insert(&pacer);
  struct Unregister {
    std::set<faults::PacedWriter*>& pacers;
    faults::PacedWriter* pacer;
    ~Unregister() { pacers.erase(pacer); }
  } unregister{pacers, &pacer};
  std::unique_ptr<SmtpIoFaultTap> tap;
  if (config.hooks) tap = std::make_unique<SmtpIoFaultTap>(*config.hooks, pacer.shaper());
  SmtpConnectionIo io(*stream, pacer, tap != nullptr, config.idle_timeout);
  SmtpSession session(session_config, std::move(context), credentials, transcript, tap.get());
  views[connection].session = &session;
  SmtpSessionOutput out = session.open(config.clock->now());
  std::array<char, kReadChunk> buffer{};
  std::string why = "client closed the connection";
  while (true) {
    if (out.bytes.size() > config.max_queued_output) {
      why = fmt::format("more than {} octets of replies queued: the client is not reading", config.max_queued_output);
      break;
    }
    const auto written = co_await deliver(io, out);
    if (written == faults::PacedWriter::Outcome::failed) {
      why = "write failed";
      break;
    }
    if (written == faults::PacedWriter::Outcome::cut) {
      stream->close();
      why = "closed by a fault mid-output";
      break;
    }
    if (out.action == SmtpSessionOutput::Action::close) {
      why = "closed by the server";
      break;
    }
    if (out.action == SmtpSessionOutput::Action::reset) {
      stream->reset();
      why = "reset by the server";
      break;
    }
    if (out.action == SmtpSessionOutput::Action::start_tls) {
      if (!co_await pacer.before_tls_handshake(*stream, config.idle_timeout)) {
        why = "TLS handshake stalled by a fault";
        break;
      }
      co_await stream->handshake(net::TlsRole::server, config.idle_timeout, ec);
      if (ec) {
        why = "TLS handshake failed: " + ec.message();
        break;
      }
      session.tls_established(stream->tls_version());
      out = {};
      continue;
    }
    const std::size_t n = co_await io.read_some(asio::buffer(buffer), ec);
    if (ec == asio::error::timed_out) {
      out = session.idle_timeout();
      co_await deliver(*stream, out);
      why = "idle timeout";
      break;
    }
    if (ec) {
      if (ec != asio::error::eof && ec != asio::ssl::error::stream_truncated) why = ec.message();
      break;
    }
    out = session.receive(std::string_view(buffer.data(), n), config.clock->now());
  }
  session.connection_closed(stopping ? "server stopped" : why);
  if (!stopping && stream->is_open()) co_await stream->shutdown(kShutdownTimeout);
  stream->close();
}

SmtpServer::SmtpServer(SmtpServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

SmtpServer::~SmtpServer() { stop(); }

void SmtpServer::start() {
  Impl& impl = *impl_;
  std::lock_guard lock(impl.lifecycle);
  if (impl.started) throw std::logic_error(fmt::format("mock SMTP server '{}' started twice", impl.config.name));
  const auto& config = impl.config;
  try {
    impl.tls_context = config.tls.security == Security::none
                           ? std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server)
                           : make_listener_context(config.tls);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("mock SMTP server '{}': TLS setup failed: {}", config.name, e.what()));
  }
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(config.bind_address), config.port);
    tcp::acceptor acceptor(impl.io);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    impl.port = acceptor.local_endpoint().port();
    impl.acceptor.emplace(std::move(acceptor));
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(fmt::format("mock SMTP server '{}': cannot listen on {}:{}: {}", config.name,
                                         config.bind_address, config.port, e.code().message()));
  }
  impl.started = true;
  asio::co_spawn(impl.io, impl.accept_loop(), asio::detached);
  impl.thread = std::thread([&impl] { impl.io.run(); });
}

void SmtpServer::stop() {
  Impl& impl = *impl_;
  std::lock_guard lock(impl.lifecycle);
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  // Closing every socket ends every pending operation, so each session
  // coroutine finishes and run() returns, whatever the clients do.
  asio::post(impl.io, [&impl] {
    impl.stopping = true;
    error_code ignored;
    impl.acceptor->close(ignored);
    for (auto& [connection, stream] : impl.live) stream->close();
    for (auto* pacer : impl.pacers) pacer->cancel();
  });
  impl.thread.join();
}

std::uint16_t SmtpServer::port() const { return impl_->port; }

const SmtpServerConfig& SmtpServer::config() const { return impl_->config; }

std::string SmtpServer::ca_certificate_pem() const {
  const auto& authority = impl_->config.tls.authority;
  return (authority ? authority : default_certificate_authority())->ca_certificate_pem();
}

std::vector<CapturedMessage> SmtpServer::messages() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->messages;
}

bool SmtpServer::wait_for_messages(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->messages_changed.wait_for(lock, timeout, [&] { return impl_->messages.size() >= n; });
}

std::size_t SmtpServer::message_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->messages.size();
}

void SmtpServer::clear_messages() {
  std::lock_guard lock(impl_->mutex);
  impl_->messages.clear();
}

std::size_t SmtpServer::active_sessions() const { return impl_->limiter->open_connections(); }

bool SmtpServer::wait_for_active_sessions(std::size_t n, std::chrono::milliseconds timeout) const {
  return impl_->limiter->wait_for_open_at_most(n, timeout);
}

std::vector<SmtpSessionTranscript> SmtpServer::transcripts() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<SmtpSessionTranscript> out;
  for (const auto& record : impl_->sessions) out.push_back({record->session_id, record->transcript, record->finished});
  return out;
}

std::vector<LiveSession> SmtpServer::live_sessions() const {
  Impl& impl = *impl_;
  // Held so stop() cannot end the I/O thread before it answers.
  std::lock_guard lock(impl.lifecycle);
  if (!impl.started || impl.stopped) return {};
  std::promise<std::vector<LiveSession>> answer;
  asio::post(impl.io, [&impl, &answer] {
    std::vector<LiveSession> out;
    for (const auto& [connection, view] : impl.views) {
      const auto* session = view.session;
      out.push_back({view.id, view.peer, session_state(session), session ? session->authenticated_user() : "",
                     session != nullptr && session->tls_active()});
    }
    answer.set_value(std::move(out));
  });
  return answer.get_future().get();
}

bool SmtpServer::close_session(const std::string& id) {
  Impl& impl = *impl_;
  std::lock_guard lock(impl.lifecycle);
  if (!impl.started || impl.stopped) return false;
  std::promise<bool> answer;
  asio::post(impl.io, [&impl, &answer, &id] {
    for (const auto& [connection, view] : impl.views) {
      if (view.id != id) continue;
      impl.live.at(connection)->close();
      answer.set_value(true);
      return;
    }
    answer.set_value(false);
  });
  return answer.get_future().get();
}

}  // namespace mailsim::mock
