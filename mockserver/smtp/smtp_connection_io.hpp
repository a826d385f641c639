#pragma once
// How one mock SMTP session reads and writes its connection. Reads on a
// plain connection without I/O faults are bounded by one LazyIdleTimer
// rather than a timer armed per read; TLS connections and those with I/O
// faults read through net::Stream. Writes go through the PacedWriter (which
// carries out the faults, if any). Used on the connection's I/O thread only.
#include <chrono>
#include <string_view>

#include "common/net/asio.hpp"
#include "common/net/stream.hpp"
#include "mockserver/faults/paced_writer.hpp"
#include "mockserver/smtp/lazy_idle_timer.hpp"

namespace mailsim::mock {

class SmtpConnectionIo {
 public:
  // shaped: the connection has I/O faults (hooks), so writes follow the pacer's plan.
  SmtpConnectionIo(net::Stream& stream, faults::PacedWriter& pacer, bool shaped,
                   std::chrono::milliseconds idle_timeout);

  // ec is asio::error::timed_out when the idle timeout ended the read.
  net::asio::awaitable<std::size_t> read_some(net::asio::mutable_buffer buffer, net::error_code& ec);
  net::asio::awaitable<faults::PacedWriter::Outcome> write(std::string_view bytes, net::error_code& ec);

 private:
  net::Stream& stream_;
  faults::PacedWriter& pacer_;
  bool shaped_;
  std::chrono::milliseconds idle_timeout_;
  LazyIdleTimer idle_;
};

}  // namespace mailsim::mock
