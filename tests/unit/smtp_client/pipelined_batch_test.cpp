// The pipelined batch state machine, driven with scripted replies: what it
// writes, which reply is charged to which message, and how a broken session
// fails the messages it leaves behind.
#include "client/smtp/pipelined_batch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/smtp/dot_stuffing.hpp"

namespace mailsim::client::smtp {
namespace {

EhloCapabilities pipelining() {
  EhloCapabilities c;
  c.pipelining = true;
  c.eight_bit_mime = true;
  return c;
}

std::string body(int i) { return "Subject: m" + std::to_string(i) + "\r\n\r\nbody " + std::to_string(i) + "\r\n"; }

std::string group(const std::string& to) { return "MAIL FROM:<a@x>\r\nRCPT TO:<" + to + ">\r\nDATA\r\n"; }

class Batch : public ::testing::Test {
 protected:
  void add(std::vector<std::string> recipients, std::string message) {
    bodies_.push_back(std::move(message));
    envelopes_.push_back({"a@x", std::move(recipients)});
  }
  void add_default(int count) {
    for (int i = 0; i < count; ++i) add({"r" + std::to_string(i) + "@x"}, body(i));
  }
  PipelinedBatch& start() {
    for (std::size_t i = 0; i < bodies_.size(); ++i) messages_.push_back({envelopes_[i], bodies_[i]});
    batch_.emplace(caps_, messages_, transcript_);
    return *batch_;
  }
  // Feeds replies written as the server would ("250 ok\r\n354 go\r\n").
  void replies(std::string_view text) {
    ReplyReader reader;
    reader.append(text);
    for (auto next = reader.next(); next.kind == ReplyReader::Result::Kind::reply; next = reader.next()) {
      ASSERT_FALSE(batch_->done()) << "a reply nobody waits for: " << next.reply.to_string();
      batch_->on_reply(next.reply);
    }
    ASSERT_EQ(reader.buffered(), 0u);
  }
  std::string out() { return std::string(batch_->output()); }

  EhloCapabilities caps_ = pipelining();
  std::vector<std::string> bodies_;
  std::vector<SmtpEnvelope> envelopes_;
  std::vector<MessageToSend> messages_;
  ClientTranscript transcript_;
  std::optional<PipelinedBatch> batch_;
};

TEST_F(Batch, EachBodyCarriesTheNextMessagesCommandsOneRoundTripPerMessage) {
  add_default(3);
  auto& batch = start();
  EXPECT_EQ(out(), group("r0@x"));
  EXPECT_EQ(out(), "");  // handed out once
  EXPECT_EQ(batch.reply_stage(), Stage::command);
  replies("250 2.1.0 ok\r\n250 2.1.5 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(0)) + group("r1@x"));
  EXPECT_EQ(batch.reply_stage(), Stage::data);  // the first reply due answers the end of data
  replies("250 queued 0\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(1)) + group("r2@x"));
  replies("250 queued 1\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(2)));
  EXPECT_FALSE(batch.done());
  replies("250 queued 2\r\n");
  EXPECT_TRUE(batch.done());
  EXPECT_EQ(out(), "");

  const auto outcomes = batch.take_outcomes();
  ASSERT_EQ(outcomes.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(outcomes[i].failure) << describe(*outcomes[i].failure);
    ASSERT_TRUE(outcomes[i].message_reply);
    EXPECT_EQ(outcomes[i].message_reply->to_string(), "250 queued " + std::to_string(i));
    ASSERT_EQ(outcomes[i].recipients.size(), 1u);
    EXPECT_TRUE(outcomes[i].recipients[0].accepted);
    EXPECT_EQ(outcomes[i].recipients[0].address, "r" + std::to_string(i) + "@x");
  }
}

TEST_F(Batch, BodiesAreDotStuffedAndOnlySummarisedInTheTranscript) {
  add({"r@x"}, "Subject: s\r\n\r\n.secret dotted line\r\n");
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), "Subject: s\r\n\r\n..secret dotted line\r\n.\r\n");
  replies("250 ok\r\n");
  EXPECT_TRUE(batch.done());
  std::string lines;
  for (const auto& l : transcript_.lines()) lines += l + "\n";
  EXPECT_EQ(lines.find("secret dotted"), std::string::npos) << lines;
  EXPECT_NE(lines.find("C: <message: " + std::to_string(bodies_[0].size()) + " bytes>"), std::string::npos) << lines;
  EXPECT_NE(lines.find("C: RCPT TO:<r@x>"), std::string::npos) << lines;
}

TEST_F(Batch, RefusedRecipientFailsOnlyItsMessageAndRsetLeadsTheNextGroup) {
  add_default(3);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(0)) + group("r1@x"));
  // Message 1's only recipient is refused; the server refuses its DATA.
  replies("250 queued 0\r\n250 ok\r\n550 5.1.1 no such user\r\n554 5.5.1 no valid recipients\r\n");
  EXPECT_EQ(out(), "RSET\r\n" + group("r2@x"));
  EXPECT_EQ(batch.reply_stage(), Stage::command);
  replies("250 flushed\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(2)));
  replies("250 queued 2\r\n");
  ASSERT_TRUE(batch.done());

  const auto outcomes = batch.take_outcomes();
  EXPECT_FALSE(outcomes[0].failure);
  ASSERT_TRUE(outcomes[1].failure);
  EXPECT_EQ(outcomes[1].failure->reason, Reason::recipient_rejected);
  EXPECT_EQ(outcomes[1].failure->server_words, "550 5.1.1 no such user");
  EXPECT_FALSE(outcomes[1].message_reply);
  ASSERT_EQ(outcomes[1].recipients.size(), 1u);
  EXPECT_FALSE(outcomes[1].recipients[0].accepted);
  EXPECT_FALSE(outcomes[2].failure);
  EXPECT_EQ(outcomes[2].message_reply->to_string(), "250 queued 2");
}

TEST_F(Batch, SomeRecipientsRefusedStillDeliversToTheOthers) {
  add({"ok@x", "bad@x", "fine@x"}, body(0));
  auto& batch = start();
  EXPECT_EQ(out(), "MAIL FROM:<a@x>\r\nRCPT TO:<ok@x>\r\nRCPT TO:<bad@x>\r\nRCPT TO:<fine@x>\r\nDATA\r\n");
  replies("250 ok\r\n250 ok\r\n550 no\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(0)));
  replies("250 queued\r\n");
  const auto outcomes = batch.take_outcomes();
  EXPECT_FALSE(outcomes[0].failure);
  ASSERT_EQ(outcomes[0].recipients.size(), 3u);
  EXPECT_TRUE(outcomes[0].recipients[0].accepted);
  EXPECT_FALSE(outcomes[0].recipients[1].accepted);
  EXPECT_EQ(outcomes[0].recipients[1].reason, Reason::recipient_rejected);
  EXPECT_TRUE(outcomes[0].recipients[2].accepted);
}

TEST_F(Batch, RefusalAfterTheDataFailsThatMessageAlone) {
  add_default(2);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  (void)out();
  replies("554 5.7.1 message content rejected\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(1)));
  replies("250 queued 1\r\n");
  const auto outcomes = batch.take_outcomes();
  ASSERT_TRUE(outcomes[0].failure);
  EXPECT_EQ(outcomes[0].failure->reason, Reason::message_rejected);
  EXPECT_EQ(outcomes[0].failure->stage, Stage::data);
  EXPECT_EQ(outcomes[0].message_reply->to_string(), "554 5.7.1 message content rejected");
  EXPECT_FALSE(outcomes[1].failure);
}

TEST_F(Batch, RefusedMailWithA354AnywayGetsALoneDotThenRset) {
  add_default(2);
  auto& batch = start();
  (void)out();
  // RCPT and DATA only echo the refused MAIL; a broken server says 354.
  replies("451 4.3.0 try later\r\n503 need MAIL\r\n354 go anyway\r\n");
  EXPECT_EQ(out(), ".\r\nRSET\r\n" + group("r1@x"));
  replies("554 no valid recipients\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(1)));
  replies("250 queued\r\n");
  const auto outcomes = batch.take_outcomes();
  ASSERT_TRUE(outcomes[0].failure);
  EXPECT_EQ(outcomes[0].failure->server_words, "451 4.3.0 try later");
  EXPECT_TRUE(outcomes[0].recipients.empty());
  EXPECT_FALSE(outcomes[0].message_reply);
  EXPECT_FALSE(outcomes[1].failure);
}

TEST_F(Batch, RefusedDataWithAcceptedRecipientsFailsAtDataAndResets) {
  add_default(2);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n452 4.3.1 insufficient storage\r\n");
  EXPECT_EQ(out(), "RSET\r\n" + group("r1@x"));
  replies("250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  (void)out();
  replies("250 queued\r\n");
  const auto outcomes = batch.take_outcomes();
  ASSERT_TRUE(outcomes[0].failure);
  EXPECT_EQ(outcomes[0].failure->stage, Stage::data);
  EXPECT_EQ(outcomes[0].failure->server_words, "452 4.3.1 insufficient storage");
  EXPECT_EQ(outcomes[0].recipients.size(), 1u);
  EXPECT_FALSE(outcomes[1].failure);
}

TEST_F(Batch, ConnectionLostMidBatchFailsTheUnconfirmedAndMarksTheRestNotSent) {
  add_default(4);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(0)) + group("r1@x"));
  // The body of message 0 and message 1's commands went out; then the
  // server's end of data reply for 0 arrived, and nothing more.
  replies("250 queued 0\r\n");
  Failure lost;
  lost.reason = Reason::connection_lost;
  lost.stage = Stage::command;
  lost.detail = "the server closed the connection waiting for a reply";
  batch.fail(lost);
  EXPECT_TRUE(batch.done());
  EXPECT_EQ(out(), "");
  const auto outcomes = batch.take_outcomes();
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_FALSE(outcomes[0].failure);  // confirmed before the loss
  ASSERT_TRUE(outcomes[1].failure);
  EXPECT_EQ(outcomes[1].failure->reason, Reason::connection_lost);
  EXPECT_EQ(outcomes[1].failure->detail, lost.detail);
  for (int i : {2, 3}) {
    ASSERT_TRUE(outcomes[i].failure);
    EXPECT_EQ(outcomes[i].failure->reason, Reason::connection_lost);
    EXPECT_EQ(outcomes[i].failure->detail.rfind("not sent:", 0), 0u) << outcomes[i].failure->detail;
  }
}

TEST_F(Batch, LossWhileAwaitingAnEndOfDataLeavesThatMessageUnconfirmed) {
  add_default(2);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  (void)out();
  replies("250 queued 0\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  (void)out();  // message 1's body is out
  Failure timeout;
  timeout.reason = Reason::timeout;
  timeout.stage = batch.reply_stage();
  timeout.detail = "nothing for 10 s waiting for a reply";
  batch.fail(timeout);
  const auto outcomes = batch.take_outcomes();
  EXPECT_FALSE(outcomes[0].failure);
  ASSERT_TRUE(outcomes[1].failure);
  EXPECT_EQ(outcomes[1].failure->reason, Reason::timeout);
  EXPECT_EQ(outcomes[1].failure->stage, Stage::data);
  EXPECT_FALSE(outcomes[1].message_reply);
  EXPECT_EQ(outcomes[1].recipients.size(), 1u);
}

TEST_F(Batch, A421EndsTheBatchWithoutWaitingForRepliesThatWillNotCome) {
  add_default(3);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  (void)out();
  // Message 0 is queued; the server then refuses message 1's MAIL and closes.
  replies("250 queued 0\r\n421 4.7.0 too many messages, closing\r\n");
  EXPECT_TRUE(batch.done());
  EXPECT_EQ(out(), "");
  const auto outcomes = batch.take_outcomes();
  EXPECT_FALSE(outcomes[0].failure);
  ASSERT_TRUE(outcomes[1].failure);
  EXPECT_EQ(outcomes[1].failure->reason, Reason::throttled);
  EXPECT_EQ(outcomes[1].failure->server_words, "421 4.7.0 too many messages, closing");
  ASSERT_TRUE(outcomes[2].failure);
  EXPECT_EQ(outcomes[2].failure->reason, Reason::throttled);
  EXPECT_EQ(outcomes[2].failure->detail.rfind("not sent:", 0), 0u);
}

TEST_F(Batch, A421ToDataDoesNotStartTheNextMessage) {
  add_default(2);
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n421 4.3.2 shutting down\r\n");
  EXPECT_TRUE(batch.done());
  EXPECT_EQ(out(), "");
  const auto outcomes = batch.take_outcomes();
  ASSERT_TRUE(outcomes[0].failure);
  EXPECT_EQ(outcomes[0].failure->server_words, "421 4.3.2 shutting down");
  EXPECT_EQ(outcomes[0].recipients.size(), 1u);
  ASSERT_TRUE(outcomes[1].failure);
  EXPECT_EQ(outcomes[1].failure->detail.rfind("not sent:", 0), 0u);
}

TEST_F(Batch, MessagesThatCanNeverBeSentFailAtOnceAndAreSkipped) {
  add({"r0@x"}, body(0));
  add({}, body(1));                                     // no recipients
  add({"r2@x"}, "Subject: \xC3\xA9t\xC3\xA9\r\n\r\nx\r\n");  // UTF-8 header, no SMTPUTF8
  add({"bad\r\nRSET@x"}, body(3));                      // a line break in an address
  add({"r4@x"}, body(4));
  auto& batch = start();
  (void)out();
  replies("250 ok\r\n250 ok\r\n354 go\r\n");
  EXPECT_EQ(out(), dot_stuff(body(0)) + group("r4@x"));
  replies("250 queued 0\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  (void)out();
  replies("250 queued 4\r\n");
  ASSERT_TRUE(batch.done());
  const auto outcomes = batch.take_outcomes();
  EXPECT_FALSE(outcomes[0].failure);
  EXPECT_EQ(outcomes[1].failure->reason, Reason::config_invalid);
  EXPECT_EQ(outcomes[2].failure->reason, Reason::message_rejected);
  EXPECT_EQ(outcomes[3].failure->reason, Reason::config_invalid);
  EXPECT_EQ(outcomes[3].failure->detail.find('\n'), std::string::npos);
  EXPECT_FALSE(outcomes[4].failure);
}

TEST_F(Batch, NothingSendableIsDoneBeforeAnyByte) {
  add({}, body(0));
  auto& batch = start();
  EXPECT_TRUE(batch.done());
  EXPECT_EQ(out(), "");
  EXPECT_EQ(batch.take_outcomes()[0].failure->reason, Reason::config_invalid);
}

TEST_F(Batch, AnEmptyBatchIsDone) {
  EXPECT_TRUE(start().done());
  EXPECT_TRUE(batch_->take_outcomes().empty());
}

TEST_F(Batch, SizeIsDeclaredPerMessageWhenOffered) {
  caps_.size = true;
  add({"r@x"}, body(0));
  start();
  EXPECT_EQ(out(), "MAIL FROM:<a@x> SIZE=" + std::to_string(body(0).size()) + "\r\nRCPT TO:<r@x>\r\nDATA\r\n");
}

}  // namespace
}  // namespace mailsim::client::smtp
