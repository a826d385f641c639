#pragma once
// One SMTP client session on Asio coroutines: connect, TLS (implicit or
// STARTTLS, never a silent downgrade), greeting, EHLO (HELO fallback),
// AUTH, then any number of messages, NOOP/RSET, QUIT. The protocol pieces
// (reply reader, capabilities, commands, dot-stuffing, reasons) are
// sans-I/O; this class only moves their bytes.
//
// Every operation returns a Failure (never throws for network or server
// trouble). After a failure the session is closed unless the server's reply
// left it usable (then QUIT is still sent by quit()).
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "client/reason.hpp"
#include "client/smtp/client_transcript.hpp"
#include "client/smtp/reply.hpp"
#include "client/smtp/smtp_options.hpp"
#include "client/smtp/smtp_result.hpp"
#include "common/net/asio.hpp"
#include "common/net/stream.hpp"

namespace mailsim::client::smtp {

class SmtpConnection {
 public:
  explicit SmtpConnection(SmtpClientOptions options);
  ~SmtpConnection();
  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  // Connect, TLS, greeting, EHLO, STARTTLS + EHLO, AUTH (when credentials
  // are set). Call once. Starts the overall timeout, which runs until
  // quit() or destruction.
  net::asio::awaitable<std::optional<Failure>> open();
  // One message: raw RFC 5322 bytes, sent as given (see dot_stuffing.hpp).
  // Uses PIPELINING when offered; all recipients refused -> RSET, no DATA.
  // envelope and message must stay alive until the send completes.
  net::asio::awaitable<SendOutcome> send(const SmtpEnvelope& envelope, std::string_view message);
  // Several messages, one outcome each, in order. With PIPELINING each
  // message's MAIL, RCPTs and DATA ride behind the previous one's end of
  // data (pipelined_batch.hpp): one round trip per message. Without it, one
  // send() after another. A refused message does not stop the others; a
  // broken session fails every message not yet confirmed, and the unsent
  // ones say "not sent". messages must stay alive until it completes.
  net::asio::awaitable<std::vector<SendOutcome>> send_batch(std::span<const MessageToSend> messages);
  net::asio::awaitable<std::optional<Failure>> noop();
  net::asio::awaitable<std::optional<Failure>> reset();  // RSET
  // QUIT when the session is still in step, then close. Never fails: the
  // work is done by then, and a server closing early is no error.
  net::asio::awaitable<void> quit();

  const SessionInfo& session() const { return info_; }
  const ClientTranscript& transcript() const { return transcript_; }

 private:
  using ReplyOrFailure = std::variant<SmtpReply, Failure>;
  struct OverallState;

  net::asio::awaitable<std::optional<Failure>> connect();
  net::asio::awaitable<std::optional<Failure>> handshake(bool starttls);
  net::asio::awaitable<std::optional<Failure>> greeting();
  net::asio::awaitable<std::optional<Failure>> hello();
  net::asio::awaitable<std::optional<Failure>> starttls();
  net::asio::awaitable<std::optional<Failure>> authenticate();
  // Sends "*" and reads the server's answer to end a SASL exchange we cannot follow.
  net::asio::awaitable<void> cancel_sasl();
  net::asio::awaitable<std::vector<SendOutcome>> send_one_by_one(std::span<const MessageToSend> messages);
  net::asio::awaitable<SendOutcome> send_pipelined(const SmtpEnvelope& envelope, const std::string& mail,
                                                   std::string_view message);
  net::asio::awaitable<SendOutcome> send_stepwise(const SmtpEnvelope& envelope, const std::string& mail,
                                                  std::string_view message);
  // After 354: the dot-stuffed message, then the final reply.
  net::asio::awaitable<void> send_body(std::string_view message, SendOutcome& outcome);
  // All recipients refused (or DATA refused): end the transaction.
  net::asio::awaitable<void> abandon_transaction(bool data_accepted);

  // I/O only; callers log what they send (redacted where needed).
  net::asio::awaitable<std::optional<Failure>> write(std::string_view bytes, Stage stage, net::Millis timeout);
  net::asio::awaitable<std::optional<Failure>> write(std::string_view bytes, Stage stage);
  net::asio::awaitable<ReplyOrFailure> read_reply(Stage stage, net::Millis timeout);
  net::asio::awaitable<ReplyOrFailure> read_reply(Stage stage);
  // Logs the line, sends it, reads the reply.
  net::asio::awaitable<ReplyOrFailure> command(std::string_view line, Stage stage);
  Failure io_failure(const net::error_code& ec, Stage stage, std::string_view doing);
  void close();

  SmtpClientOptions options_;
  std::shared_ptr<net::Stream> stream_;
  ReplyReader reader_;
  ClientTranscript transcript_;
  SessionInfo info_;
  std::shared_ptr<OverallState> overall_;
  std::optional<net::asio::steady_timer> overall_timer_;
  bool in_step_ = false;  // the last exchange ended with a complete reply
};

}  // namespace mailsim::client::smtp
