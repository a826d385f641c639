#pragma once
// The SMTP client for library users and tests.
//
//   SmtpClientOptions options;            // host, port, security, tls, credentials, ...
//   SmtpClient client(options);
//   SmtpResult r = client.send({"me@example.com", {"you@example.com"}}, raw_rfc5322_bytes);
//   if (!r.ok()) std::cerr << describe(*r.failure) << "\n";
//   SmtpResult t = client.test();         // connect, TLS, EHLO, AUTH, NOOP, QUIT
//   SmtpBatchResult b = client.send_batch(messages);  // many on one session, one outcome each
//
// Each call is one session on its own io_context. For several messages on
// one connection, or to run beside other work on an io_context, use
// SmtpConnection (smtp_connection.hpp) or the async_ functions below.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "client/smtp/smtp_connection.hpp"
#include "client/smtp/smtp_options.hpp"
#include "client/smtp/smtp_result.hpp"
#include "common/net/asio.hpp"

namespace mailsim::client::smtp {

// Test Connection: open (connect, TLS/STARTTLS, greeting, EHLO, AUTH), NOOP, QUIT.
net::asio::awaitable<SmtpResult> async_test(SmtpClientOptions options);
// One message: open, send, QUIT.
net::asio::awaitable<SmtpResult> async_send(SmtpClientOptions options, SmtpEnvelope envelope, std::string message);
// Several messages on one session: open, SmtpConnection::send_batch, QUIT.
// The messages' bytes are not copied: they must outlive the coroutine.
net::asio::awaitable<SmtpBatchResult> async_send_batch(SmtpClientOptions options,
                                                       std::vector<MessageToSend> messages);

class SmtpClient {
 public:
  explicit SmtpClient(SmtpClientOptions options) : options_(std::move(options)) {}
  // Blocking; the result carries a Failure instead of throwing.
  SmtpResult test() const;
  SmtpResult send(const SmtpEnvelope& envelope, std::string_view message) const;
  SmtpBatchResult send_batch(std::span<const MessageToSend> messages) const;
  const SmtpClientOptions& options() const { return options_; }

 private:
  SmtpClientOptions options_;
};

}  // namespace mailsim::client::smtp
