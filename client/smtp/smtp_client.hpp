#pragma once
// The SMTP client for library users and tests.
//
//   SmtpClientOptions options;            // host, port, security, tls, credentials, ...
//   SmtpClient client(options);
//   SmtpResult r = client.send({"me@example.com", {"you@example.com"}}, raw_rfc5322_bytes);
//   if (!r.ok()) std::cerr << describe(*r.failure) << "\n";
//   SmtpResult t = client.test();         // connect, TLS, EHLO, AUTH, NOOP, QUIT
//
// Each call is one session on its own io_context. For several messages on
// one connection, or to run beside other work on an io_context, use
// SmtpConnection (smtp_connection.hpp) or the async_ functions below.
#include <string>
#include <string_view>

#include "client/smtp/smtp_connection.hpp"
#include "client/smtp/smtp_options.hpp"
#include "client/smtp/smtp_result.hpp"
#include "common/net/asio.hpp"

namespace mailsim::client::smtp {

// Test Connection: open (connect, TLS/STARTTLS, greeting, EHLO, AUTH), NOOP, QUIT.
net::asio::awaitable<SmtpResult> async_test(SmtpClientOptions options);
// One message: open, send, QUIT.
net::asio::awaitable<SmtpResult> async_send(SmtpClientOptions options, SmtpEnvelope envelope, std::string message);

class SmtpClient {
 public:
  explicit SmtpClient(SmtpClientOptions options) : options_(std::move(options)) {}
  // Blocking; the result carries a Failure instead of throwing.
  SmtpResult test() const;
  SmtpResult send(const SmtpEnvelope& envelope, std::string_view message) const;
  const SmtpClientOptions& options() const { return options_; }

 private:
  SmtpClientOptions options_;
};

}  // namespace mailsim::client::smtp
