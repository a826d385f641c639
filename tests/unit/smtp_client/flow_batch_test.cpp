// send_batch against a scripted server: each message's commands ride behind
// the previous body, one outcome per message, a drop in the middle, and the
// fallback to one message at a time without PIPELINING.
#include "client/smtp/dot_stuffing.hpp"
#include "flow_helpers.hpp"

namespace mailsim::client::smtp::test {
namespace {

std::string numbered(int i) {
  return "From: alice@example.com\r\nSubject: n" + std::to_string(i) + "\r\n\r\n.dot line " + std::to_string(i) + "\r\n";
}

struct Messages {
  std::vector<std::string> bodies;
  std::vector<MessageToSend> items;
  explicit Messages(int count) {
    for (int i = 0; i < count; ++i) bodies.push_back(numbered(i));
    for (const auto& b : bodies) items.push_back({envelope(), b});
  }
};

TEST(SmtpClientBatch, NextMessagesCommandsFollowTheBodyBeforeItsReply) {
  // The server reads message 1's MAIL, RCPT and DATA before it answers
  // message 0's data: a client waiting for that answer would stall here.
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 PIPELINING\r\n")
      .expect("MAIL FROM:<alice@example.com>")
      .expect("RCPT TO:<bob@example.com>")
      .expect("DATA")
      .send("250 ok\r\n250 ok\r\n354 go\r\n")
      .expect_data()
      .expect("MAIL FROM:<alice@example.com>")
      .expect("RCPT TO:<bob@example.com>")
      .expect("DATA")
      .send("250 queued 0\r\n250 ok\r\n250 ok\r\n354 go\r\n")
      .expect_data()
      .send("250 queued 1\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  Messages messages(2);
  const auto r = SmtpClient(options_for(server)).send_batch(messages.items);
  ASSERT_TRUE(r.ok()) << (r.failure ? describe(*r.failure) : "") << joined(r.transcript);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(server.data(), dot_stuff(messages.bodies[1]));
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].message_reply->to_string(), "250 queued 0");
  EXPECT_EQ(r.messages[1].message_reply->to_string(), "250 queued 1");
}

TEST(SmtpClientBatch, DropInTheMiddleFailsTheUnconfirmedAndTheUnsent) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250 PIPELINING\r\n")
      .expect("MAIL")
      .expect("RCPT")
      .expect("DATA")
      .send("250 ok\r\n250 ok\r\n354 go\r\n")
      .expect_data()
      .expect("MAIL")
      .expect("RCPT")
      .expect("DATA")
      .send("250 queued 0\r\n250 ok\r\n250 ok\r\n354 go\r\n")
      .expect_data()  // message 1's body, then message 2's commands: no answer
      .expect("MAIL")
      .expect("RCPT")
      .expect("DATA")
      .close()
      .start();

  Messages messages(4);
  const auto r = SmtpClient(options_for(server)).send_batch(messages.items);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_FALSE(r.failure);  // the session opened
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.messages.size(), 4u);
  EXPECT_FALSE(r.messages[0].failure);
  for (int i : {1, 2}) {
    ASSERT_TRUE(r.messages[i].failure) << i;
    EXPECT_EQ(r.messages[i].failure->reason, Reason::connection_lost) << describe(*r.messages[i].failure);
    EXPECT_EQ(r.messages[i].failure->detail.find("not sent"), std::string::npos);
  }
  EXPECT_EQ(r.messages[1].failure->stage, Stage::data);
  ASSERT_TRUE(r.messages[3].failure);
  EXPECT_EQ(r.messages[3].failure->reason, Reason::connection_lost);
  EXPECT_EQ(r.messages[3].failure->detail.rfind("not sent:", 0), 0u) << r.messages[3].failure->detail;
}

TEST(SmtpClientBatch, WithoutPipeliningOneMessageAtATimeAndARefusalStopsNothing) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250 fake\r\n");
  server.expect("MAIL").send("250 ok\r\n").expect("RCPT").send("250 ok\r\n").expect("DATA").send("354 go\r\n");
  server.expect_data().send("250 queued 0\r\n");
  server.expect("MAIL").send("250 ok\r\n").expect("RCPT").send("550 5.1.1 unknown\r\n").expect("RSET").send("250 ok\r\n");
  server.expect("MAIL").send("250 ok\r\n").expect("RCPT").send("250 ok\r\n").expect("DATA").send("354 go\r\n");
  server.expect_data().send("250 queued 2\r\n");
  server.expect("QUIT").send("221 bye\r\n").wait_for_close().start();

  Messages messages(3);
  const auto r = SmtpClient(options_for(server)).send_batch(messages.items);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_FALSE(r.messages[0].failure);
  ASSERT_TRUE(r.messages[1].failure);
  EXPECT_EQ(r.messages[1].failure->reason, Reason::recipient_rejected);
  EXPECT_FALSE(r.messages[2].failure);
  EXPECT_EQ(r.messages[2].message_reply->to_string(), "250 queued 2");
}

TEST(SmtpClientBatch, WithoutPipeliningALostSessionMarksTheRestNotSent) {
  FakeSmtpServer server;
  server.send("220 fake\r\n").expect("EHLO").send("250 fake\r\n");
  server.expect("MAIL").send("250 ok\r\n").expect("RCPT").close();
  server.start();

  Messages messages(3);
  const auto r = SmtpClient(options_for(server)).send_batch(messages.items);
  ASSERT_TRUE(server.wait_done());
  ASSERT_EQ(r.messages.size(), 3u);
  ASSERT_TRUE(r.messages[0].failure);
  EXPECT_EQ(r.messages[0].failure->reason, Reason::connection_lost);
  for (int i : {1, 2}) {
    ASSERT_TRUE(r.messages[i].failure);
    EXPECT_EQ(r.messages[i].failure->reason, Reason::connection_lost);
    EXPECT_EQ(r.messages[i].failure->detail.rfind("not sent:", 0), 0u) << r.messages[i].failure->detail;
  }
}

TEST(SmtpClientBatch, RefusedOpenSendsNothing) {
  FakeSmtpServer server;
  server.send("554 5.7.1 go away\r\n").expect("QUIT").send("221 bye\r\n").wait_for_close().start();
  Messages messages(2);
  const auto r = SmtpClient(options_for(server)).send_batch(messages.items);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, Reason::greeting_rejected);
  EXPECT_TRUE(r.messages.empty());
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace mailsim::client::smtp::test
