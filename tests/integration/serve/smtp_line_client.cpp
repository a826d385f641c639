#include "smtp_line_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace mailsim::test {
namespace {

// Generous: a reply only fails to come when something is broken.
constexpr int kReplyTimeoutMs = 30000;

}  // namespace

SmtpLineClient::SmtpLineClient(std::uint16_t port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  greeting_ = reply();
}

SmtpLineClient::~SmtpLineClient() {
  if (fd_ >= 0) close(fd_);
}

std::string SmtpLineClient::command(const std::string& line) {
  const std::string out = line + "\r\n";
  if (send(fd_, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size())) return "";
  return reply();
}

std::string SmtpLineClient::reply() {
  std::string text;
  while (true) {
    const auto eol = buffer_.find("\r\n");
    if (eol != std::string::npos) {
      const std::string line = buffer_.substr(0, eol + 2);
      buffer_.erase(0, eol + 2);
      text += line;
      if (line.size() < 4 || line[3] != '-') return text;  // "250 ok" ends a reply, "250-..." goes on
      continue;
    }
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, kReplyTimeoutMs) <= 0) return text;
    char chunk[4096];
    const auto n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return text;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace mailsim::test
