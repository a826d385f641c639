#pragma once
// A plain blocking TCP client that shows exactly which bytes a server sent
// and how the connection ended; socket timeouts turn a server that never
// answers into a failed test instead of a hung one.
#include <sys/socket.h>
#include <sys/time.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/net/asio.hpp"

namespace mailsim::faults_test {

class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(io_) {
    socket_.connect({net::asio::ip::make_address("127.0.0.1"), port});
    timeval tv{20, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  void send(std::string_view bytes) { net::asio::write(socket_, net::asio::buffer(bytes.data(), bytes.size())); }

  // Everything up to and including `marker`; throws when the server closes first.
  std::string read_through(std::string_view marker) {
    while (buffer_.find(marker) == std::string::npos)
      if (!fill()) throw std::runtime_error("closed before \"" + std::string(marker) + "\"; got: " + buffer_);
    const auto end = buffer_.find(marker) + marker.size();
    std::string out = buffer_.substr(0, end);
    buffer_.erase(0, end);
    return out;
  }

  // Everything until the server closes the connection.
  std::string read_to_end() {
    while (fill()) {
    }
    return std::exchange(buffer_, {});
  }

  bool reset_seen() const { return reset_; }

 private:
  // False once the server closed (FIN or RST); throws on a timeout.
  bool fill() {
    char chunk[4096];
    net::error_code ec;
    const std::size_t n = socket_.read_some(net::asio::buffer(chunk), ec);
    if (ec == net::asio::error::eof) return false;
    if (ec == net::asio::error::connection_reset) {
      reset_ = true;
      return false;
    }
    if (ec) throw std::runtime_error("read failed: " + ec.message());
    buffer_.append(chunk, n);
    return true;
  }

  net::asio::io_context io_;
  net::tcp::socket socket_;
  std::string buffer_;
  bool reset_ = false;
};

}  // namespace mailsim::faults_test
