#pragma once
// Sans-I/O: remembers the I/O faults armed on one connection and turns the
// next output into a write plan (pieces, each after a wait, and whether the
// connection ends after them). The listener's I/O loop carries the plan out.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mockserver/faults/io_fault.hpp"

namespace mailsim::mock::faults {

class OutputShaper {
 public:
  // A tarpit never splits an output into more pieces than this (nor into
  // pieces shorter than a millisecond apart), so a big response stays cheap.
  static constexpr std::size_t kMaxTarpitPieces = 4096;

  struct Piece {
    std::chrono::milliseconds wait{0};  // before these bytes go out
    std::size_t size = 0;
  };
  struct Plan {
    std::vector<Piece> pieces;  // consecutive; sizes add up to at most the output
    bool close = false;         // end the connection after the pieces
    std::string note;           // for the transcript; empty when nothing was shaped
  };

  void arm(const IoFault& fault);
  // Consumes the faults that apply to an output of `size` bytes. An empty
  // output leaves them armed for the next one.
  Plan plan(std::size_t size);
  // Before a server TLS handshake: the stall armed (0 = forever), once.
  std::optional<std::chrono::milliseconds> take_tls_stall();
  bool silent() const { return silent_; }
  bool reset() const { return reset_; }

 private:
  std::chrono::milliseconds delay_{0};
  std::optional<std::chrono::milliseconds> tarpit_;
  std::optional<std::size_t> drop_at_;  // 0: half of the output
  std::optional<std::size_t> budget_;   // bytes left before the connection ends
  std::optional<std::chrono::milliseconds> tls_stall_;
  bool silent_ = false;
  bool reset_ = false;
};

}  // namespace mailsim::mock::faults
