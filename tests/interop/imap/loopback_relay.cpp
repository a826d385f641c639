#include "loopback_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace mailsim::imap_interop {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

// Writes all of data; false when the peer is gone.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

LoopbackRelay::LoopbackRelay(std::uint16_t upstream_port) : upstream_port_(upstream_port) {
  if (pipe(stop_pipe_) != 0) throw std::runtime_error("pipe() failed");
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(0);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listen_fd_, 1) != 0)
    throw std::runtime_error("the relay cannot listen on 127.0.0.1");
  socklen_t length = sizeof address;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { relay(); });
}

LoopbackRelay::~LoopbackRelay() {
  const char stop = 's';
  write_all(stop_pipe_[1], &stop, 1);
  thread_.join();
  close(listen_fd_);
  close(stop_pipe_[0]);
  close(stop_pipe_[1]);
}

bool LoopbackRelay::wait_for_server_line(std::string_view prefix, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    return std::any_of(server_lines_.begin(), server_lines_.end(),
                       [&](const std::string& line) { return line.starts_with(prefix); });
  });
}

void LoopbackRelay::note_server_bytes(std::string_view bytes) {
  {
    std::lock_guard lock(mutex_);
    for (const char c : bytes) {
      if (c == '\n') {
        if (server_lines_.size() < kMaxLines) server_lines_.push_back(partial_line_);
        partial_line_.clear();
      } else if (partial_line_.size() < kMaxPartialLine) {
        partial_line_ += c;
      }
    }
  }
  changed_.notify_all();
}

void LoopbackRelay::relay() {
  pollfd accept_wait[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
  if (poll(accept_wait, 2, -1) <= 0 || (accept_wait[1].revents & POLLIN)) return;
  const int client = accept(listen_fd_, nullptr, nullptr);
  if (client < 0) return;
  const int server = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in upstream = loopback(upstream_port_);
  if (server < 0 || connect(server, reinterpret_cast<const sockaddr*>(&upstream), sizeof upstream) != 0) {
    close(client);
    if (server >= 0) close(server);
    return;
  }
  char buffer[16 * 1024];
  for (;;) {
    pollfd fds[3] = {{client, POLLIN, 0}, {server, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 3, -1) <= 0 || (fds[2].revents & POLLIN)) break;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = recv(client, buffer, sizeof buffer, 0);
      if (n <= 0 || !write_all(server, buffer, static_cast<std::size_t>(n))) break;
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = recv(server, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      note_server_bytes({buffer, static_cast<std::size_t>(n)});
      if (!write_all(client, buffer, static_cast<std::size_t>(n))) break;
    }
  }
  close(client);
  close(server);
}

}  // namespace mailsim::imap_interop
