#pragma once
// A hostile or well-behaved peer on a plain POSIX socket, independent of our
// own transport: it may bind a chosen loopback source address (127.0.0.2 is
// "another client"), send byte by byte, stop reading, or hang up mid-way.
// Every blocking call gives up after a generous socket timeout, so a server
// that never answers fails the test instead of hanging it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mailsim::hostile {

class RawPeer {
 public:
  // Connects to 127.0.0.1:port from source (an IPv4 address; empty: the
  // kernel's choice). receive_buffer > 0 shrinks SO_RCVBUF before connecting.
  explicit RawPeer(std::uint16_t port, std::string_view source = {}, int receive_buffer = 0);
  ~RawPeer();
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  void send(std::string_view bytes);  // all of it; throws std::runtime_error
  bool try_send(std::string_view bytes);  // false once the server has gone
  // Sends unit again and again without blocking until the kernel buffers are
  // full (the server stopped reading) or max_bytes went out; bytes sent.
  std::size_t send_until_blocked(std::string_view unit, std::size_t max_bytes);
  // One line without its CRLF; throws on timeout or end of stream.
  std::string read_line();
  // Lines up to and including the first starting with prefix, CRLFs kept.
  std::string read_until_line_starting(std::string_view prefix);
  // Reads and drops everything until the server closes; false on timeout.
  bool wait_closed();
  void close();
  int fd() const { return fd_; }

 private:
  void fill();
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace mailsim::hostile
