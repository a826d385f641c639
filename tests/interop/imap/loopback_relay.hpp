#pragma once
// A one-connection TCP relay on 127.0.0.1 for tests against real servers
// we cannot hook into: it forwards bytes both ways unchanged and lets the
// test wait until the server has sent a line, e.g. IDLE's "+ idling", so a
// second session acts exactly when the first is idling (no sleeps).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace mailsim::imap_interop {

class LoopbackRelay {
 public:
  // Listens on an ephemeral port; the first connection is relayed to
  // 127.0.0.1:upstream_port.
  explicit LoopbackRelay(std::uint16_t upstream_port);
  ~LoopbackRelay();
  LoopbackRelay(const LoopbackRelay&) = delete;
  LoopbackRelay& operator=(const LoopbackRelay&) = delete;

  std::uint16_t port() const { return port_; }
  // True once the server sent a line starting with prefix (false on timeout).
  bool wait_for_server_line(std::string_view prefix, std::chrono::milliseconds timeout);

 private:
  void relay();
  void note_server_bytes(std::string_view bytes);

  // Kept only this many server lines: tests look for early protocol lines.
  static constexpr std::size_t kMaxLines = 10'000;
  static constexpr std::size_t kMaxPartialLine = 64 * 1024;

  std::uint16_t upstream_port_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> server_lines_;
  std::string partial_line_;
  std::thread thread_;
};

}  // namespace mailsim::imap_interop
