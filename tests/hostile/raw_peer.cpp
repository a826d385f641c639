#include "hostile/raw_peer.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mailsim::hostile {
namespace {

constexpr int kTimeoutSeconds = 30;

sockaddr_in loopback(const char* address, std::uint16_t port) {
  sockaddr_in out{};
  out.sin_family = AF_INET;
  out.sin_port = htons(port);
  if (::inet_pton(AF_INET, address, &out.sin_addr) != 1) throw std::runtime_error("bad address");
  return out;
}

}  // namespace

RawPeer::RawPeer(std::uint16_t port, std::string_view source, int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket(): ") + std::strerror(errno));
  timeval tv{kTimeoutSeconds, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  if (!source.empty()) {
    const sockaddr_in from = loopback(std::string(source).c_str(), 0);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
      ::close(fd_);
      throw std::runtime_error(std::string("bind(): ") + std::strerror(errno));
    }
  }
  const sockaddr_in to = loopback("127.0.0.1", port);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    const int error = errno;
    ::close(fd_);
    throw std::runtime_error(std::string("connect(): ") + std::strerror(error));
  }
}

RawPeer::~RawPeer() { close(); }

void RawPeer::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void RawPeer::send(std::string_view bytes) {
  if (!try_send(bytes)) throw std::runtime_error("send failed");
}

bool RawPeer::try_send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::size_t RawPeer::send_until_blocked(std::string_view unit, std::size_t max_bytes) {
  std::string batch;  // whole units, sent cyclically so no unit is ever split
  while (batch.size() < 64 * 1024) batch.append(unit);
  std::size_t sent = 0;
  std::size_t offset = 0;
  while (sent < max_bytes) {
    const ssize_t n = ::send(fd_, batch.data() + offset, batch.size() - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) break;  // EAGAIN: full; anything else: the server is gone
    sent += static_cast<std::size_t>(n);
    offset = (offset + static_cast<std::size_t>(n)) % batch.size();
  }
  return sent;
}

void RawPeer::fill() {
  char chunk[4096];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n == 0) throw std::runtime_error("end of stream");
  if (n < 0) throw std::runtime_error(std::string("recv(): ") + std::strerror(errno));
  buffer_.append(chunk, static_cast<std::size_t>(n));
}

std::string RawPeer::read_line() {
  while (true) {
    const auto lf = buffer_.find('\n');
    if (lf != std::string::npos) {
      std::string line = buffer_.substr(0, lf);
      buffer_.erase(0, lf + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    fill();
  }
}

std::string RawPeer::read_until_line_starting(std::string_view prefix) {
  std::string out;
  while (true) {
    const std::string line = read_line();
    out += line + "\r\n";
    if (line.starts_with(prefix)) return out;
  }
}

bool RawPeer::wait_closed() {
  buffer_.clear();
  char chunk[16 * 1024];
  while (true) {
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

}  // namespace mailsim::hostile
