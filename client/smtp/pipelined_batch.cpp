#include "client/smtp/pipelined_batch.hpp"

#include <utility>
#include <variant>

#include "client/smtp/commands.hpp"
#include "client/smtp/dot_stuffing.hpp"
#include "client/smtp/message_check.hpp"
#include "client/smtp/reply_reason.hpp"
#include "client/smtp/transaction_result.hpp"

namespace mailsim::client::smtp {

namespace {

constexpr int kClosing = 421;  // RFC 5321 4.2.3: the server is closing the channel

std::string_view without_crlf(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

}  // namespace

PipelinedBatch::PipelinedBatch(const EhloCapabilities& capabilities, std::span<const MessageToSend> messages,
                               ClientTranscript& transcript)
    : capabilities_(capabilities), messages_(messages), transcript_(transcript), outcomes_(messages.size()) {
  start_next_message();
}

std::string_view PipelinedBatch::output() {
  if (output_taken_) return {};
  output_taken_ = true;
  return output_;
}

Stage PipelinedBatch::reply_stage() const {
  if (awaiting_.empty()) return Stage::command;
  switch (awaiting_.front().what) {
    case Awaiting::data:
    case Awaiting::end_of_data:
    case Awaiting::empty_data_end:
      return Stage::data;
    default:
      return Stage::command;
  }
}

void PipelinedBatch::clear_sent_output() {
  if (!output_taken_) return;
  output_.clear();
  output_taken_ = false;
}

void PipelinedBatch::send_line(std::string_view line) {
  clear_sent_output();
  transcript_.client(without_crlf(line));
  output_ += line;
}

void PipelinedBatch::start_next_message() {
  while (next_ < messages_.size()) {
    const std::size_t index = next_++;
    const auto& [envelope, message] = messages_[index];
    auto check = check_message(envelope, message, capabilities_);
    if (auto* refused = std::get_if<Failure>(&check)) {
      outcomes_[index].failure = std::move(*refused);
      continue;
    }
    transaction_ = {};
    in_transaction_ = index;
    send_line(mail_from_command(envelope.from, std::get<MailParams>(check)));
    expect(Awaiting::mail, index);
    for (const auto& recipient : envelope.recipients) {
      send_line(rcpt_to_command(recipient));
      expect(Awaiting::rcpt, index);
    }
    send_line(kData);
    expect(Awaiting::data, index);
    return;
  }
}

void PipelinedBatch::on_reply(const SmtpReply& reply) {
  if (awaiting_.empty()) return;
  const Expected expected = awaiting_.front();
  awaiting_.pop_front();
  SendOutcome& outcome = outcomes_[expected.message];
  const bool closing = reply.code == kClosing;
  SmtpPhase phase = SmtpPhase::rset;
  switch (expected.what) {
    case Awaiting::mail:
      phase = SmtpPhase::mail;
      transaction_.mail = reply;
      if (!reply.positive()) outcome.failure = reply_failure(reply, phase);
      break;
    case Awaiting::rcpt: {
      phase = SmtpPhase::rcpt;
      const auto& recipients = messages_[expected.message].envelope.recipients;
      transaction_.recipients.push_back(recipient_result(recipients[transaction_.recipients.size()], reply));
      break;
    }
    case Awaiting::data:
      phase = SmtpPhase::data;
      if (!closing) finish_group(expected.message, reply);
      break;
    case Awaiting::end_of_data:
      phase = SmtpPhase::message;
      outcome.message_reply = reply;
      if (!reply.positive()) outcome.failure = reply_failure(reply, phase);
      break;
    case Awaiting::empty_data_end:
    case Awaiting::rset:
      break;
  }
  // 421: nothing more will be answered, and waiting for it would only end
  // in a timeout.
  if (closing) {
    Failure cause = reply_failure(reply, phase);
    if (!outcome.failure) outcome.failure = cause;
    fail(cause);
  }
}

void PipelinedBatch::finish_group(std::size_t index, const SmtpReply& data_reply) {
  SendOutcome& outcome = outcomes_[index];
  const bool go_ahead = data_reply.code == 354;
  bool send_body = false;
  // After a refused MAIL the RCPT replies only echo that refusal.
  if (transaction_.mail && transaction_.mail->positive()) {
    outcome.recipients = std::move(transaction_.recipients);
    if (!any_accepted(outcome.recipients))
      outcome.failure = all_refused(outcome.recipients);
    else if (!go_ahead)
      outcome.failure = reply_failure(data_reply, SmtpPhase::data);
    else
      send_body = true;
  }
  in_transaction_.reset();
  clear_sent_output();
  if (send_body) {
    const std::string_view message = messages_[index].message;
    transcript_.client("<message: " + std::to_string(message.size()) + " bytes>");
    transcript_.client(".");
    append_dot_stuffed(output_, message);
    expect(Awaiting::end_of_data, index);
  } else {
    // A server that said 354 anyway gets an empty message, which it refuses
    // for want of recipients (RFC 2920 3.1); RSET then clears the state.
    if (go_ahead) {
      send_line(".\r\n");
      expect(Awaiting::empty_data_end, index);
    }
    send_line(kRset);
    expect(Awaiting::rset, index);
  }
  start_next_message();
}

void PipelinedBatch::fail(const Failure& cause) {
  if (in_transaction_ && transaction_.mail && transaction_.mail->positive()) {
    SendOutcome& outcome = outcomes_[*in_transaction_];
    if (outcome.recipients.empty()) outcome.recipients = std::move(transaction_.recipients);
  }
  in_transaction_.reset();
  for (const auto& expected : awaiting_) {
    SendOutcome& outcome = outcomes_[expected.message];
    if (!outcome.failure) outcome.failure = cause;
  }
  awaiting_.clear();
  output_.clear();
  output_taken_ = true;
  for (; next_ < messages_.size(); ++next_) {
    Failure not_sent = cause;
    not_sent.detail = "not sent: the session ended before this message";
    if (!cause.detail.empty()) not_sent.detail += " (" + cause.detail + ")";
    outcomes_[next_].failure = std::move(not_sent);
  }
}

}  // namespace mailsim::client::smtp
