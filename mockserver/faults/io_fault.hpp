#pragma once
// A fault on the bytes and timing of a connection rather than on what the
// protocol session answers: the session goes on normally and the listener's
// I/O loop shapes what actually goes out (see OutputShaper, PacedWriter).
#include <chrono>
#include <cstddef>

namespace mailsim::mock::faults {

struct IoFault {
  enum class Kind {
    delay,                   // hold the next output back for `duration`
    tarpit,                  // send the next output in small pieces spread over `duration`
    drop_mid_response,       // send `bytes` of the next output (half when 0), then close
    disconnect_after_bytes,  // close once `bytes` more bytes have gone out
    stall_tls_handshake,     // do not answer the ClientHello (for `duration`, or ever when 0)
    blackhole,               // say nothing more and ignore the client
    reset,                   // end the connection with a TCP RST instead of a FIN
  };
  Kind kind = Kind::delay;
  std::chrono::milliseconds duration{0};
  std::size_t bytes = 0;
};

}  // namespace mailsim::mock::faults
