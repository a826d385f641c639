#include "mockserver/imap/imap_server.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "common/net/stream.hpp"
#include "mockserver/faults/paced_writer.hpp"
#include "mockserver/imap/imap_io_fault_tap.hpp"
#include "mockserver/imap/read_buffer.hpp"
#include "mockserver/session_limits.hpp"

namespace mailsim::mock {
namespace {

namespace asio = net::asio;
using net::tcp;

// Lets a mailbox watch (which may fire from any thread, even after the
// connection ended) reach the connection's executor safely.
struct Waker {
  std::mutex mutex;
  std::optional<asio::any_io_executor> executor;
  std::function<void()> on_wake;  // runs on the executor

  void wake() {
    std::lock_guard lock(mutex);
    if (executor) asio::post(*executor, on_wake);
  }
  void disable() {
    std::lock_guard lock(mutex);
    executor.reset();
    on_wake = nullptr;
  }
};

struct Connection {
  std::string id;    // "imap-3"
  std::string peer;  // "127.0.0.1:51234"
  std::unique_ptr<net::Stream> stream;
  // The connection's I/O faults; declared before the session, which calls the tap.
  std::unique_ptr<faults::PacedWriter> pacer;
  std::unique_ptr<ImapIoFaultTap> tap;
  std::unique_ptr<ImapSession> session;
  std::shared_ptr<Transcript> transcript;
  std::shared_ptr<Waker> waker = std::make_shared<Waker>();
  ReadBuffer input;  // small while the client is quiet, not in the coroutine frame
  bool reading = false;
  bool woken = false;
};

std::string endpoint_text(const tcp::endpoint& e) { return e.address().to_string() + ":" + std::to_string(e.port()); }

std::string session_state(const ImapSession* session) {
  if (session == nullptr) return "opening";
  if (session->idling()) return "idle";
  switch (session->state()) {
    case ImapSession::State::not_authenticated: return "not authenticated";
    case ImapSession::State::authenticated: return "authenticated";
    case ImapSession::State::selected: return "selected";
    case ImapSession::State::logout: return "logout";
  }
  return "unknown";
}

// Runs fn on the server's I/O thread (where sessions live) and waits for
// its answer; `fallback` when the thread has ended before running it.
template <typename T, typename Fn>
T on_io_thread(asio::io_context& io, T fallback, Fn fn) {
  auto answer = std::make_shared<std::promise<T>>();
  auto future = answer->get_future();
  asio::post(io, [answer, fn] { answer->set_value(fn()); });
  while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
    if (io.stopped()) return fallback;
  return future.get();
}

}  // namespace

struct ImapServer::Impl {
  explicit Impl(ImapServerConfig c) : config(std::move(c)) {
    if (!config.clock) config.clock = system_clock();
    if (!config.store) config.store = std::make_shared<MailboxStore>();
    for (const auto& [user, password] : config.users) config.store->add_user(user);
    verifier = std::make_unique<UserVerifier>(config.users, config.token_checker);
    limiter = std::make_shared<SessionLimiter>(SessionCaps{config.max_sessions, config.max_sessions_per_ip});
  }

  ImapHooks& hooks() { return config.hooks ? *config.hooks : default_imap_hooks(); }

  ImapSessionConfig session_config() const {
    ImapSessionConfig s;
    s.server_name = config.name;
    s.starttls_offered = config.tls.security == Security::starttls;
    s.login_disabled_before_tls = config.login_disabled_before_tls;
    s.auth_style = config.auth_style;
    s.expired_token = config.expired_token;
    s.mechanisms = config.mechanisms;
    s.limits = config.limits;
    return s;
  }

  asio::awaitable<void> accept_loop() {
    while (acceptor && acceptor->is_open()) {
      net::error_code ec;
      tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!acceptor->is_open() || ec == asio::error::operation_aborted) co_return;
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto conn = std::make_shared<Connection>();
      conn->stream = std::make_unique<net::Stream>(std::move(socket), tls_context);
      asio::co_spawn(io, serve(conn), asio::detached);
    }
  }

  asio::awaitable<bool> flush(Connection& c) {
    const std::string_view out = c.session->pending_output();
    if (out.empty()) co_return true;
    net::error_code ec;
    const auto outcome = co_await c.pacer->write(*c.stream, out, config.io_timeout, ec);
    c.session->output_written();
    if (outcome == faults::PacedWriter::Outcome::cut) c.stream->close();
    if (ec) c.transcript->event("write failed: " + ec.message());
    co_return outcome == faults::PacedWriter::Outcome::written;
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> conn) {
    Connection& c = *conn;
    net::error_code ec;
    c.transcript = std::make_shared<Transcript>();
    const std::uint64_t session_number = ++next_session_id;
    const std::string session_id = config.name + "-" + std::to_string(session_number);
    net::error_code endpoint_error;
    const auto peer = c.stream->socket().remote_endpoint(endpoint_error);
    const std::string remote = endpoint_error ? std::string("unknown") : endpoint_text(peer);
    c.transcript->event(session_id + " connection from " + remote);
    c.id = session_id;
    c.peer = remote;
    keep_transcript(c.transcript);
    // Declared before cleanup so the slot is given back last.
    const auto ticket = SessionLimiter::admit(limiter, endpoint_error ? std::string() : peer.address().to_string());
    register_connection(conn);
    struct Cleanup {
      Impl& impl;
      std::shared_ptr<Connection> conn;
      ~Cleanup() {
        conn->waker->disable();
        if (conn->session) impl.hooks().on_disconnect(conn->session->hook_context());
        conn->session.reset();
        impl.unregister_connection(conn);
      }
    } cleanup{*this, conn};

    if (!ticket.admitted()) {
      const bool per_ip = ticket.admission() == SessionLimiter::Admission::ip_full;
      c.transcript->event(per_ip ? "refused: too many sessions from this address" : "refused: too many sessions");
      const std::string bye =
          per_ip ? "* BYE Too many connections from your address.\r\n" : "* BYE Too many connections.\r\n";
      // On an implicit-TLS listener the BYE goes out inside TLS (written
      // before the handshake, a TLS client would only see garbage). Refused
      // connections are not capped, so a stalled handshake is cut short.
      if (config.tls.security == Security::ssl_tls) {
        constexpr std::chrono::milliseconds kRefusalHandshakeTimeout{10000};
        co_await c.stream->handshake(net::TlsRole::server, std::min(config.io_timeout, kRefusalHandshakeTimeout), ec);
        if (ec) {
          c.transcript->event("tls handshake before the refusal failed: " + ec.message());
          c.stream->close();
          co_return;
        }
      }
      co_await c.stream->write(bye, config.io_timeout, ec);
      co_await c.stream->shutdown(std::chrono::milliseconds(500));  // close_notify after a TLS refusal
      co_return;
    }
    if (config.tls.security == Security::ssl_tls) {
      co_await c.stream->handshake(net::TlsRole::server, config.io_timeout, ec);
      if (ec) {
        c.transcript->event("tls handshake failed: " + ec.message());
        c.stream->close();
        co_return;
      }
      c.transcript->event("tls established (" + c.stream->tls_version() + ")");
    }

    auto executor = co_await asio::this_coro::executor;
    {
      std::lock_guard lock(c.waker->mutex);
      c.waker->executor = executor;
      std::weak_ptr<Connection> weak = conn;
      c.waker->on_wake = [weak] {
        auto locked = weak.lock();
        if (!locked) return;
        locked->woken = true;
        // Only an idling session needs to be interrupted; otherwise the
        // changes go out with the next command's reply.
        if (locked->reading && locked->session && locked->session->idling()) {
          net::error_code ignored;
          locked->stream->socket().cancel(ignored);
        }
      };
    }
    c.pacer = std::make_unique<faults::PacedWriter>(executor, *c.transcript);
    if (stopping.load()) c.pacer->cancel();
    c.tap = std::make_unique<ImapIoFaultTap>(hooks(), c.pacer->shaper());
    std::weak_ptr<Waker> weak_waker = c.waker;
    ImapSessionDeps deps{*config.store, *verifier, *config.clock, *c.transcript, *c.tap, [weak_waker] {
                           if (auto w = weak_waker.lock()) w->wake();
                         }};
    ImapHookContext context{session_number, remote, "", false};
    c.session = std::make_unique<ImapSession>(session_config(), deps, context);
    c.session->start(c.stream->is_tls());

    while (!stopping.load()) {
      if (!co_await flush(c)) break;
      if (c.session->wants_close()) {
        // A blackhole keeps the socket open and ignores the client; a reset
        // ends the connection with a RST.
        if (c.pacer->shaper().silent()) co_await c.pacer->ignore_client(*c.stream, config.idle_timeout);
        if (c.pacer->shaper().reset()) c.stream->reset();
        break;
      }
      if (c.session->wants_starttls()) {
        if (!co_await c.pacer->before_tls_handshake(*c.stream, config.idle_timeout)) break;
        co_await c.stream->handshake(net::TlsRole::server, config.io_timeout, ec);
        if (ec) {
          c.transcript->event("tls handshake failed: " + ec.message());
          break;
        }
        c.session->tls_started();
        continue;
      }
      if (c.session->input_paused()) {
        c.session->resume();
        continue;
      }
      if (c.woken) {
        c.woken = false;
        c.session->deliver_updates();
        continue;
      }
      c.reading = true;
      const std::span<char> space = c.input.space();
      const std::size_t n = co_await c.stream->read_some(asio::buffer(space.data(), space.size()), config.idle_timeout, ec);
      c.reading = false;
      if (ec == asio::error::operation_aborted && c.woken && !stopping.load()) continue;
      if (ec == asio::error::timed_out) {
        c.session->timed_out();
        co_await flush(c);
        break;
      }
      if (ec) {
        c.transcript->event(ec == asio::error::eof ? "connection closed by client" : "connection lost: " + ec.message());
        break;
      }
      c.session->receive(std::string_view(space.data(), n));
      c.input.filled(n);
    }
    c.transcript->event("closed");
    if (c.stream->is_open()) co_await c.stream->shutdown(std::chrono::milliseconds(500));
  }

  void keep_transcript(std::shared_ptr<Transcript> t) {
    std::lock_guard lock(mutex);
    transcripts.push_back(std::move(t));
    while (transcripts.size() > config.max_transcripts) transcripts.pop_front();
  }

  void register_connection(const std::shared_ptr<Connection>& c) {
    ++active;
    std::lock_guard lock(mutex);
    connections.push_back(c);
  }

  void unregister_connection(const std::shared_ptr<Connection>& c) {
    --active;
    std::lock_guard lock(mutex);
    std::erase_if(connections, [&](const std::weak_ptr<Connection>& w) {
      auto p = w.lock();
      return !p || p == c;
    });
  }

  ImapServerConfig config;
  std::unique_ptr<UserVerifier> verifier;
  std::shared_ptr<SessionLimiter> limiter;
  asio::io_context io{1};
  std::unique_ptr<tcp::acceptor> acceptor;
  std::shared_ptr<asio::ssl::context> tls_context;
  std::thread thread;
  std::atomic<bool> started{false};
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> active{0};
  std::atomic<std::uint64_t> next_session_id{0};
  std::uint16_t bound_port = 0;
  mutable std::mutex mutex;
  std::deque<std::shared_ptr<Transcript>> transcripts;
  std::vector<std::weak_ptr<Connection>> connections;
};

ImapServer::ImapServer(ImapServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

ImapServer::~ImapServer() { stop(); }

void ImapServer::start() {
  Impl& i = *impl_;
  if (i.started.exchange(true)) throw std::logic_error(i.config.name + ": start() called twice");
  // A plain listener's connections share one context that never handshakes:
  // net::Stream would otherwise make an SSL_CTX per connection (~6 KiB each).
  i.tls_context = i.config.tls.security != Security::none
                      ? make_listener_context(i.config.tls)
                      : std::make_shared<asio::ssl::context>(asio::ssl::context::tls);
  net::error_code ec;
  const auto address = asio::ip::make_address(i.config.bind_address, ec);
  if (ec) throw std::runtime_error(i.config.name + ": bad bind address " + i.config.bind_address);
  i.acceptor = std::make_unique<tcp::acceptor>(i.io);
  const tcp::endpoint endpoint(address, i.config.port);
  i.acceptor->open(endpoint.protocol(), ec);
  if (!ec) i.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) i.acceptor->bind(endpoint, ec);
  if (!ec) i.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    i.acceptor.reset();
    throw std::runtime_error(i.config.name + ": cannot listen on " + i.config.bind_address + ":" +
                             std::to_string(i.config.port) + ": " + ec.message());
  }
  i.bound_port = i.acceptor->local_endpoint().port();
  asio::co_spawn(i.io, i.accept_loop(), asio::detached);
  i.thread = std::thread([&i] { i.io.run(); });
}

void ImapServer::stop() {
  Impl& i = *impl_;
  if (!i.started.load() || i.stopping.exchange(true)) return;
  asio::post(i.io, [&i] {
    net::error_code ignored;
    if (i.acceptor) i.acceptor->close(ignored);
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(i.mutex);
      for (auto& w : i.connections)
        if (auto c = w.lock()) live.push_back(c);
    }
    for (auto& c : live) {
      c->stream->close();
      if (c->pacer) c->pacer->cancel();
    }
  });
  if (i.thread.joinable()) i.thread.join();
}

std::uint16_t ImapServer::port() const { return impl_->bound_port; }

bool ImapServer::running() const { return impl_->started.load() && !impl_->stopping.load(); }

MailboxStore& ImapServer::store() { return *impl_->config.store; }

std::shared_ptr<MailboxStore> ImapServer::shared_store() const { return impl_->config.store; }

std::vector<std::shared_ptr<const Transcript>> ImapServer::transcripts() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->transcripts.begin(), impl_->transcripts.end()};
}

std::size_t ImapServer::active_sessions() const { return impl_->active.load(); }

void ImapServer::clock_advanced() {
  std::lock_guard lock(impl_->mutex);
  for (const auto& w : impl_->connections)
    if (auto c = w.lock()) c->waker->wake();
}

bool ImapServer::wait_for_active_sessions(std::size_t n, std::chrono::milliseconds timeout) const {
  // The slot is given back after the session's cleanup, so this also covers active_sessions().
  return impl_->limiter->wait_for_open_at_most(n, timeout);
}

std::vector<LiveSession> ImapServer::live_sessions() const {
  Impl& i = *impl_;
  if (!running()) return {};
  return on_io_thread(i.io, std::vector<LiveSession>{}, [&i] {
    std::lock_guard lock(i.mutex);
    std::vector<LiveSession> out;
    for (const auto& w : i.connections) {
      auto c = w.lock();
      if (!c) continue;
      const ImapSession* session = c->session.get();
      out.push_back({c->id, c->peer, session_state(session), session ? session->user() : "", c->stream->is_tls()});
    }
    return out;
  });
}

bool ImapServer::close_session(const std::string& id) {
  Impl& i = *impl_;
  if (!running()) return false;
  return on_io_thread(i.io, false, [&i, id] {
    std::shared_ptr<Connection> found;
    {
      std::lock_guard lock(i.mutex);
      for (const auto& w : i.connections)
        if (auto c = w.lock(); c && c->id == id) found = c;
    }
    if (found) found->stream->close();
    return found != nullptr;
  });
}

std::string ImapServer::ca_certificate_pem() const {
  const auto& authority = impl_->config.tls.authority ? impl_->config.tls.authority : default_certificate_authority();
  return authority->ca_certificate_pem();
}

const ImapServerConfig& ImapServer::config() const { return impl_->config; }

}  // namespace mailsim::mock
