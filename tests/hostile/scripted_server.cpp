#include "hostile/scripted_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mailsim::hostile {
namespace {

constexpr int kTimeoutSeconds = 60;

void set_timeouts(int fd) {
  timeval tv{kTimeoutSeconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

bool ScriptedConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::size_t ScriptedConnection::send_forever(std::string_view bytes) {
  std::size_t sent = 0;
  while (send(bytes)) sent += bytes.size();
  return sent;
}

std::optional<std::string> ScriptedConnection::read_line() {
  while (true) {
    const auto lf = buffer_.find('\n');
    if (lf != std::string::npos) {
      std::string line = buffer_.substr(0, lf);
      buffer_.erase(0, lf + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return std::nullopt;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void ScriptedConnection::drain() {
  char chunk[4096];
  while (::recv(fd_, chunk, sizeof chunk, 0) > 0) {
  }
}

ScriptedServer::ScriptedServer(Script script) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener_ < 0) throw std::runtime_error(std::string("socket(): ") + std::strerror(errno));
  set_timeouts(listener_);  // accept() gives up too, should the client never come
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener_, 4) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(listener_);
    throw std::runtime_error(std::string("cannot listen: ") + std::strerror(errno));
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this, script = std::move(script)] {
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    set_timeouts(fd);
    ScriptedConnection connection(fd);
    script(connection);
    ::close(fd);
  });
}

ScriptedServer::~ScriptedServer() {
  thread_.join();
  ::close(listener_);
}

}  // namespace mailsim::hostile
