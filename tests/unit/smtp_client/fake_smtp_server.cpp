#include "fake_smtp_server.hpp"

#include "common/tls/tls_context.hpp"

namespace mailsim::client::smtp::test {

namespace asio = net::asio;
using asio::use_awaitable;

FakeSmtpServer::FakeSmtpServer()
    : acceptor_(io_, net::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      plain_context_(std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server)) {
  port_ = acceptor_.local_endpoint().port();
}

FakeSmtpServer::~FakeSmtpServer() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

FakeSmtpServer& FakeSmtpServer::send(std::string bytes) {
  script_.push_back({Step::Kind::send, std::move(bytes), nullptr});
  return *this;
}

FakeSmtpServer& FakeSmtpServer::expect(std::string prefix) {
  script_.push_back({Step::Kind::expect, std::move(prefix), nullptr});
  return *this;
}

FakeSmtpServer& FakeSmtpServer::expect_data() {
  script_.push_back({Step::Kind::expect_data, {}, nullptr});
  return *this;
}

FakeSmtpServer& FakeSmtpServer::start_tls(const TestCertificate& certificate) {
  tls::ServerTlsOptions options;
  options.certificate_chain_pem = certificate.certificate_pem;
  options.private_key_pem = certificate.private_key_pem;
  script_.push_back({Step::Kind::start_tls, {}, tls::make_server_context(options)});
  return *this;
}

FakeSmtpServer& FakeSmtpServer::close() {
  script_.push_back({Step::Kind::close, {}, nullptr});
  return *this;
}

FakeSmtpServer& FakeSmtpServer::wait_for_close() {
  script_.push_back({Step::Kind::wait_for_close, {}, nullptr});
  return *this;
}

void FakeSmtpServer::start() {
  asio::co_spawn(io_, play(), [this](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        fail(std::string("exception: ") + ex.what());
      }
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    done_cv_.notify_all();
  });
  thread_ = std::thread([this] { io_.run(); });
}

bool FakeSmtpServer::wait_done(std::chrono::seconds limit) {
  std::unique_lock lock(mutex_);
  return done_cv_.wait_for(lock, limit, [this] { return done_; });
}

std::vector<std::string> FakeSmtpServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

bool FakeSmtpServer::received_line_starting(const std::string& prefix) const {
  std::lock_guard lock(mutex_);
  for (const auto& line : received_)
    if (line.rfind(prefix, 0) == 0) return true;
  return false;
}

std::string FakeSmtpServer::data() const {
  std::lock_guard lock(mutex_);
  return data_;
}

std::string FakeSmtpServer::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void FakeSmtpServer::record(std::string line) {
  std::lock_guard lock(mutex_);
  received_.push_back(std::move(line));
}

void FakeSmtpServer::fail(std::string message) {
  std::lock_guard lock(mutex_);
  if (error_.empty()) error_ = std::move(message);
}

asio::awaitable<bool> FakeSmtpServer::read_more() {
  char buffer[4096];
  net::error_code ec;
  std::size_t n = 0;
  if (tls_)
    n = co_await stream_->async_read_some(asio::buffer(buffer), asio::redirect_error(use_awaitable, ec));
  else
    n = co_await stream_->next_layer().async_read_some(asio::buffer(buffer), asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  inbox_.append(buffer, n);
  co_return true;
}

asio::awaitable<std::optional<std::string>> FakeSmtpServer::read_line() {
  for (;;) {
    const auto lf = inbox_.find('\n');
    if (lf != std::string::npos) {
      std::string line = inbox_.substr(0, lf);
      inbox_.erase(0, lf + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      co_return line;
    }
    if (!co_await read_more()) co_return std::nullopt;
  }
}

asio::awaitable<void> FakeSmtpServer::play() {
  auto socket = co_await acceptor_.async_accept(use_awaitable);
  stream_ = std::make_unique<asio::ssl::stream<net::tcp::socket>>(std::move(socket), *plain_context_);
  co_await play_script();
  // Like a real server at the end of a session: the client sees EOF at once.
  net::error_code ignored;
  stream_->next_layer().close(ignored);
}

asio::awaitable<void> FakeSmtpServer::play_script() {
  for (const auto& step : script_) {
    net::error_code ec;
    switch (step.kind) {
      case Step::Kind::send:
        if (tls_)
          co_await asio::async_write(*stream_, asio::buffer(step.text), asio::redirect_error(use_awaitable, ec));
        else
          co_await asio::async_write(stream_->next_layer(), asio::buffer(step.text),
                                     asio::redirect_error(use_awaitable, ec));
        if (ec) {
          fail("send failed: " + ec.message());
          co_return;
        }
        break;
      case Step::Kind::expect: {
        auto line = co_await read_line();
        if (!line) {
          fail("connection closed while expecting '" + step.text + "'");
          co_return;
        }
        record(*line);
        if (line->rfind(step.text, 0) != 0) {
          fail("expected '" + step.text + "', got '" + *line + "'");
          co_return;
        }
        break;
      }
      case Step::Kind::expect_data: {
        // Raw bytes, so bare LFs and stuffing arrive exactly as sent.
        std::size_t end = std::string::npos;
        for (;;) {
          if (inbox_.rfind(".\r\n", 0) == 0) end = 3;
          else if (const auto mark = inbox_.find("\r\n.\r\n"); mark != std::string::npos) end = mark + 5;
          if (end != std::string::npos) break;
          if (!co_await read_more()) {
            fail("connection closed inside DATA");
            co_return;
          }
        }
        std::lock_guard lock(mutex_);
        data_ = inbox_.substr(0, end);
        inbox_.erase(0, end);
        break;
      }
      case Step::Kind::start_tls: {
        // Like a real server, the TLS stream starts from what the socket
        // delivers next; nothing read in plaintext carries over.
        inbox_.clear();
        auto socket = std::move(stream_->next_layer());
        stream_ = std::make_unique<asio::ssl::stream<net::tcp::socket>>(std::move(socket), *step.tls);
        co_await stream_->async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
        if (ec) {
          fail("TLS handshake failed: " + ec.message());
          co_return;
        }
        tls_ = true;
        break;
      }
      case Step::Kind::close:
        co_return;
      case Step::Kind::wait_for_close:
        while (auto line = co_await read_line()) record(*line);
        co_return;
    }
  }
}

}  // namespace mailsim::client::smtp::test
