#pragma once
// A connection's read buffer, sized to what the client sends: small while it
// is quiet (a server holds thousands of sessions in IDLE, each with a read
// pending), grown while reads keep filling it (APPEND literals, pipelined
// commands), and small again once a read comes back short.
#include <cstddef>
#include <memory>
#include <span>

namespace mailsim::mock {

class ReadBuffer {
 public:
  static constexpr std::size_t kSmall = 1024;
  static constexpr std::size_t kLarge = 64 * 1024;

  // Where the next read goes; allocated on first use.
  std::span<char> space();
  // The last read brought n bytes (at most space().size()); sizes the next one.
  void filled(std::size_t n);
  std::size_t size() const { return size_; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = kSmall;
};

}  // namespace mailsim::mock
