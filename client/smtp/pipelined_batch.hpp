#pragma once
// Several messages on one session with PIPELINING (RFC 2920), sans-I/O.
//
// RFC 2920 3.1 lets message content be the first "command" of a group, so
// each write carries one message's body and end-of-data followed by the next
// message's MAIL, RCPTs and DATA: one round trip per message instead of two.
// DATA still ends every group: a body goes out only after its own 354.
//
// Every reply is checked and charged to the message it answers. A refused
// message (MAIL, every RCPT, DATA, or the reply after its data) fails alone;
// its transaction is cleared with RSET at the head of the next group. A
// broken session (write or read failure, malformed reply, a 421) ends the
// batch: messages already sent but not confirmed fail with the cause, those
// never sent fail as "not sent" with the cause's reason.
//
//   PipelinedBatch batch(capabilities, messages, transcript);
//   while (!batch.done()) {
//     if (auto out = batch.output(); !out.empty()) { write out, or batch.fail(f) on error }
//     read one reply (stage batch.reply_stage()), then batch.on_reply(r), or batch.fail(f) on error
//   }
//   std::vector<SendOutcome> outcomes = batch.take_outcomes();
#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "client/reason.hpp"
#include "client/smtp/capabilities.hpp"
#include "client/smtp/client_transcript.hpp"
#include "client/smtp/reply.hpp"
#include "client/smtp/smtp_options.hpp"
#include "client/smtp/smtp_result.hpp"

namespace mailsim::client::smtp {

class PipelinedBatch {
 public:
  // capabilities must offer PIPELINING. messages (and the bytes they point
  // to) and transcript must outlive the batch. Messages that can never be
  // sent on this session (check_message) fail at once and are skipped.
  PipelinedBatch(const EhloCapabilities& capabilities, std::span<const MessageToSend> messages,
                 ClientTranscript& transcript);

  // Bytes to send before the next reply is read; empty when there are none.
  // Valid until the next call to output(), on_reply() or fail().
  std::string_view output();
  // The stage a failure while waiting for the next reply belongs to.
  Stage reply_stage() const;
  // The next reply from the server, in order.
  void on_reply(const SmtpReply& reply);
  // The session broke (write, read, malformed reply, timeout): ends the batch.
  void fail(const Failure& cause);
  // No reply is awaited any more: every message has its outcome.
  bool done() const { return awaiting_.empty(); }
  // One outcome per message, in the order given; call once done().
  std::vector<SendOutcome> take_outcomes() { return std::move(outcomes_); }

 private:
  enum class Awaiting { mail, rcpt, data, end_of_data, empty_data_end, rset };
  struct Expected {
    Awaiting what;
    std::size_t message;
  };
  // The transaction whose MAIL..DATA group is in flight.
  struct Transaction {
    std::optional<SmtpReply> mail;
    std::vector<RecipientResult> recipients;
  };

  // Appends the next sendable message's MAIL, RCPTs and DATA to the output.
  void start_next_message();
  // The DATA reply came: send the body, or abandon the transaction; then
  // start the next message in the same group.
  void finish_group(std::size_t message, const SmtpReply& data_reply);
  void expect(Awaiting what, std::size_t message) { awaiting_.push_back({what, message}); }
  void send_line(std::string_view line);
  void clear_sent_output();

  const EhloCapabilities& capabilities_;
  std::span<const MessageToSend> messages_;
  ClientTranscript& transcript_;
  std::vector<SendOutcome> outcomes_;
  std::size_t next_ = 0;  // the first message not yet started
  std::deque<Expected> awaiting_;
  Transaction transaction_;
  std::optional<std::size_t> in_transaction_;  // the message transaction_ belongs to
  std::string output_;
  bool output_taken_ = false;
};

}  // namespace mailsim::client::smtp
