#pragma once
// The I/O half of the connection-level faults: writes a listener's output as
// its OutputShaper plans it (waits, pieces, an early close), stalls a TLS
// handshake, and ignores a blackholed client. Every wait is a steady_timer
// that cancel() ends at once, so a server's stop() never waits for a fault.
// One per connection, used on the listener's I/O thread only.
#include <string_view>

#include "common/net/asio.hpp"
#include "common/net/stream.hpp"
#include "mockserver/faults/output_shaper.hpp"
#include "mockserver/transcript.hpp"

namespace mailsim::mock::faults {

class PacedWriter {
 public:
  PacedWriter(net::asio::any_io_executor executor, Transcript& transcript);

  OutputShaper& shaper() { return shaper_; }

  enum class Outcome {
    written,  // all of it went out
    failed,   // the write failed (or the server is stopping)
    cut,      // a fault ended the connection; the caller closes (or resets) it
  };
  // ec tells why a write failed.
  net::asio::awaitable<Outcome> write(net::Stream& stream, std::string_view bytes, net::Millis io_timeout,
                                      net::error_code& ec);
  // Before a server TLS handshake. False when the handshake must not happen:
  // the stall lasted until the client gave up (or the server stopped).
  net::asio::awaitable<bool> before_tls_handshake(net::Stream& stream, net::Millis idle_timeout);
  // Reads and throws away whatever the client sends until it closes, the
  // read times out, or cancel(): a blackholed port.
  net::asio::awaitable<void> ignore_client(net::Stream& stream, net::Millis idle_timeout);
  // The server is stopping: every wait ends now and no further one starts.
  void cancel();

 private:
  net::asio::awaitable<bool> wait(net::Millis duration);

  OutputShaper shaper_;
  net::asio::steady_timer timer_;
  Transcript& transcript_;
  bool cancelled_ = false;
};

}  // namespace mailsim::mock::faults
