#include "mockserver/faults/paced_writer.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace mailsim::mock::faults {

namespace asio = net::asio;

PacedWriter::PacedWriter(asio::any_io_executor executor, Transcript& transcript)
    : timer_(std::move(executor)), transcript_(transcript) {}

void PacedWriter::cancel() {
  cancelled_ = true;
  timer_.cancel();
}

asio::awaitable<bool> PacedWriter::wait(net::Millis duration) {
  if (cancelled_) co_return false;
  if (duration.count() <= 0) co_return true;
  timer_.expires_after(duration);
  net::error_code ec;
  co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return !cancelled_;
}

asio::awaitable<PacedWriter::Outcome> PacedWriter::write(net::Stream& stream, std::string_view bytes,
                                                         net::Millis io_timeout, net::error_code& ec) {
  ec = {};
  const OutputShaper::Plan plan = shaper_.plan(bytes.size());
  if (!plan.note.empty()) transcript_.event("fault: " + plan.note);
  if (plan.pieces.empty() && !plan.close) {
    if (!bytes.empty()) co_await stream.write(bytes, io_timeout, ec);
    co_return ec ? Outcome::failed : Outcome::written;
  }
  std::size_t offset = 0;
  for (const auto& piece : plan.pieces) {
    if (!co_await wait(piece.wait)) {
      ec = asio::error::operation_aborted;
      co_return Outcome::failed;
    }
    co_await stream.write(bytes.substr(offset, piece.size), io_timeout, ec);
    if (ec) co_return Outcome::failed;
    offset += piece.size;
  }
  co_return plan.close ? Outcome::cut : Outcome::written;
}

asio::awaitable<bool> PacedWriter::before_tls_handshake(net::Stream& stream, net::Millis idle_timeout) {
  const auto stall = shaper_.take_tls_stall();
  if (!stall) co_return true;
  if (stall->count() > 0) {
    transcript_.event(fmt::format("fault: TLS handshake stalled for {} ms", stall->count()));
    co_return co_await wait(*stall);
  }
  transcript_.event("fault: TLS handshake stalled (the ClientHello is never answered)");
  co_await ignore_client(stream, idle_timeout);
  co_return false;
}

asio::awaitable<void> PacedWriter::ignore_client(net::Stream& stream, net::Millis idle_timeout) {
  // Before a stalled handshake TLS is not up yet, so this reads the raw
  // ClientHello and never answers it. stop() closes the stream, which ends
  // the read.
  std::array<char, 4096> discard{};
  while (!cancelled_ && stream.is_open()) {
    net::error_code ec;
    co_await stream.read_some(asio::buffer(discard), idle_timeout, ec);
    if (ec) co_return;
  }
}

}  // namespace mailsim::mock::faults
