#include "mockserver/smtp/smtp_connection_io.hpp"

namespace mailsim::mock {

namespace asio = net::asio;
using Outcome = faults::PacedWriter::Outcome;

SmtpConnectionIo::SmtpConnectionIo(net::Stream& stream, faults::PacedWriter& pacer, bool shaped,
                                   std::chrono::milliseconds idle_timeout)
    : stream_(stream),
      pacer_(pacer),
      shaped_(shaped),
      idle_timeout_(idle_timeout),
      idle_(stream.executor(), idle_timeout, [&stream] {
        net::error_code ignored;
        stream.socket().cancel(ignored);
      }) {}

asio::awaitable<std::size_t> SmtpConnectionIo::read_some(asio::mutable_buffer buffer, net::error_code& ec) {
  if (shaped_ || stream_.is_tls()) co_return co_await stream_.read_some(buffer, idle_timeout_, ec);
  idle_.begin();
  const std::size_t n = co_await stream_.socket().async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
  idle_.end();
  if (idle_.expired()) ec = asio::error::timed_out;
  co_return n;
}

asio::awaitable<Outcome> SmtpConnectionIo::write(std::string_view bytes, net::error_code& ec) {
  // Writes keep their asynchronous completion: a synchronous send measured
  // 2-3x slower under smtp-source on a loaded machine (the I/O thread slept
  // more often and then waited longer for a CPU; docs/benchmarks.md).
  co_return co_await pacer_.write(stream_, bytes, idle_timeout_, ec);
}

}  // namespace mailsim::mock
