#pragma once
// A tiny blocking IMAP client for real-socket tests of ImapServer: plain,
// implicit TLS or STARTTLS; reads lines and literals; every read gives up
// after a generous socket timeout so a broken server fails the test
// instead of hanging it.
#include <sys/socket.h>
#include <sys/time.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/net/asio.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::mock::testing {

class BlockingClient {
 public:
  // tls: a client context for implicit TLS (handshake at once), else null.
  BlockingClient(std::uint16_t port, std::shared_ptr<net::asio::ssl::context> tls = nullptr)
      : socket_(io_) {
    socket_.connect({net::asio::ip::make_address("127.0.0.1"), port});
    timeval tv{10, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (tls) start_tls(std::move(tls));
  }

  void start_tls(std::shared_ptr<net::asio::ssl::context> tls) {
    tls_context_ = std::move(tls);
    tls_ = std::make_unique<net::asio::ssl::stream<net::tcp::socket&>>(socket_, *tls_context_);
    tls_->handshake(net::asio::ssl::stream_base::client);
  }

  static std::shared_ptr<net::asio::ssl::context> trusting(const std::string& ca_pem) {
    tls::ClientTlsOptions options;
    options.ca_pem = ca_pem;
    auto ctx = tls::make_client_context(options);
    ctx->set_verify_mode(net::asio::ssl::verify_peer);
    return ctx;
  }

  void write(std::string_view bytes) {
    if (tls_) net::asio::write(*tls_, net::asio::buffer(bytes.data(), bytes.size()));
    else net::asio::write(socket_, net::asio::buffer(bytes.data(), bytes.size()));
  }

  // One line without CRLF; throws on EOF or timeout.
  std::string read_line() {
    while (true) {
      const auto eol = buffer_.find("\r\n");
      if (eol != std::string::npos) {
        std::string line = buffer_.substr(0, eol);
        buffer_.erase(0, eol + 2);
        return line;
      }
      fill();
    }
  }

  // Everything up to and including the line tagged `tag`, literals inline.
  std::string read_response(std::string_view tag) {
    std::string out;
    while (true) {
      std::string line = read_line();
      out += line + "\r\n";
      while (line.size() > 2 && line.back() == '}') {
        const auto open = line.rfind('{');
        const std::size_t n = std::stoul(line.substr(open + 1));
        while (buffer_.size() < n) fill();
        out += buffer_.substr(0, n);
        buffer_.erase(0, n);
        line = read_line();
        out += line + "\r\n";
      }
      if (line.starts_with(std::string(tag) + " ")) return out;
    }
  }

  std::string command(std::string_view tag, std::string_view text) {
    write(std::string(tag) + " " + std::string(text) + "\r\n");
    return read_response(tag);
  }

  // True when the server closed the connection (nothing more to read).
  bool at_eof() {
    if (!buffer_.empty()) return false;
    try {
      fill();
    } catch (const std::runtime_error& e) {
      return std::string(e.what()) == "eof";
    }
    return false;
  }

 private:
  void fill() {
    char chunk[4096];
    net::error_code ec;
    const std::size_t n = tls_ ? tls_->read_some(net::asio::buffer(chunk), ec)
                               : socket_.read_some(net::asio::buffer(chunk), ec);
    if (ec == net::asio::error::eof || ec == net::asio::ssl::error::stream_truncated ||
        ec == net::asio::error::connection_reset)
      throw std::runtime_error("eof");
    if (ec) throw std::runtime_error("read failed: " + ec.message());
    buffer_.append(chunk, n);
  }

  net::asio::io_context io_;
  net::tcp::socket socket_;
  std::shared_ptr<net::asio::ssl::context> tls_context_;
  std::unique_ptr<net::asio::ssl::stream<net::tcp::socket&>> tls_;
  std::string buffer_;
};

}  // namespace mailsim::mock::testing
