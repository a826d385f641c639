#include "client/smtp/smtp_client.hpp"

#include <exception>
#include <optional>

namespace mailsim::client::smtp {

namespace asio = net::asio;

namespace {

void finish(SmtpResult& result, const SmtpConnection& connection) {
  result.session = connection.session();
  result.transcript = connection.transcript().lines();
}

// Runs one session coroutine to its end on a private io_context. Only a
// bug (an exception) escapes; network and server trouble is in the result.
SmtpResult run_blocking(asio::awaitable<SmtpResult> session) {
  asio::io_context io;
  std::optional<SmtpResult> result;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(session), [&](std::exception_ptr e, SmtpResult r) {
    error = e;
    result = std::move(r);
  });
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

}  // namespace

asio::awaitable<SmtpResult> async_test(SmtpClientOptions options) {
  SmtpConnection connection(std::move(options));
  SmtpResult result;
  result.failure = co_await connection.open();
  if (!result.failure) {
    result.failure = co_await connection.noop();
    co_await connection.quit();
  }
  finish(result, connection);
  co_return result;
}

asio::awaitable<SmtpResult> async_send(SmtpClientOptions options, SmtpEnvelope envelope, std::string message) {
  SmtpConnection connection(std::move(options));
  SmtpResult result;
  result.failure = co_await connection.open();
  if (!result.failure) {
    auto outcome = co_await connection.send(envelope, message);
    result.failure = std::move(outcome.failure);
    result.recipients = std::move(outcome.recipients);
    result.message_reply = std::move(outcome.message_reply);
    co_await connection.quit();
  }
  finish(result, connection);
  co_return result;
}

SmtpResult SmtpClient::test() const { return run_blocking(async_test(options_)); }

SmtpResult SmtpClient::send(const SmtpEnvelope& envelope, std::string_view message) const {
  return run_blocking(async_send(options_, envelope, std::string(message)));
}

}  // namespace mailsim::client::smtp
