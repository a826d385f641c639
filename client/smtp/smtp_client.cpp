#include "client/smtp/smtp_client.hpp"

#include <exception>
#include <optional>

namespace mailsim::client::smtp {

namespace asio = net::asio;

namespace {

template <class Result>
void finish(Result& result, const SmtpConnection& connection) {
  result.session = connection.session();
  result.transcript = connection.transcript().lines();
}

// Runs one session coroutine to its end on a private io_context. Only a
// bug (an exception) escapes; network and server trouble is in the result.
template <class Result>
Result run_blocking(asio::awaitable<Result> session) {
  asio::io_context io;
  std::optional<Result> result;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(session), [&](std::exception_ptr e, Result r) {
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

asio::awaitable<SmtpBatchResult> async_send_batch(SmtpClientOptions options, std::vector<MessageToSend> messages) {
  SmtpConnection connection(std::move(options));
  SmtpBatchResult result;
  result.failure = co_await connection.open();
  if (!result.failure) {
    result.messages = co_await connection.send_batch(messages);
    co_await connection.quit();
  }
  finish(result, connection);
  co_return result;
}

SmtpResult SmtpClient::test() const { return run_blocking(async_test(options_)); }

SmtpResult SmtpClient::send(const SmtpEnvelope& envelope, std::string_view message) const {
  return run_blocking(async_send(options_, envelope, std::string(message)));
}

SmtpBatchResult SmtpClient::send_batch(std::span<const MessageToSend> messages) const {
  return run_blocking(async_send_batch(options_, std::vector<MessageToSend>(messages.begin(), messages.end())));
}

}  // namespace mailsim::client::smtp
