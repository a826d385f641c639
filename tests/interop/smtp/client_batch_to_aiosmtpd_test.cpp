// Our client's pipelined batch against aiosmtpd (Debian python3-aiosmtpd,
// PIPELINING announced by tests/interop/peers/aiosmtpd_pipelining.py): every
// accepted message must arrive in order and byte for byte, refusals must be
// charged to the right message, and a cut connection must fail the rest.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "client/smtp/smtp_client.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;
using client::smtp::MessageToSend;

const std::string kScript = std::string(MAILSIM_SOURCE_DIR) + "/tests/interop/peers/aiosmtpd_pipelining.py";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct PipeliningAiosmtpd {
  test::TempDir dir;
  std::unique_ptr<test::ChildProcess> process;
  std::uint16_t port = 0;

  PipeliningAiosmtpd() {
    // Debian's aiosmtpd is installed for the system interpreter.
    process = std::make_unique<test::ChildProcess>(std::vector<std::string>{"/usr/bin/python3", kScript, dir.path()});
    const auto line = process->read_line(std::chrono::seconds(30));
    if (!line || line->rfind("PORT ", 0) != 0) throw std::runtime_error("aiosmtpd did not start: " + process->err());
    port = static_cast<std::uint16_t>(std::stoi(line->substr(5)));
  }
  ~PipeliningAiosmtpd() { process->terminate(); }

  client::smtp::SmtpClientOptions options() const {
    client::smtp::SmtpClientOptions o;
    o.host = "127.0.0.1";
    o.port = port;
    o.timeouts.command = std::chrono::seconds(30);
    o.timeouts.overall = std::chrono::seconds(120);
    return o;
  }
  std::string received(int n) const { return read_file(dir.path() + "/msg-" + std::to_string(n) + ".eml"); }
  bool has(int n) const { return std::filesystem::exists(dir.path() + "/msg-" + std::to_string(n) + ".eml"); }
};

// Different sizes and lines that need dot-stuffing, so that a body landing
// in the wrong transaction or losing a byte cannot go unnoticed.
std::string sample(int i, std::string_view extra_header = {}) {
  std::string m = "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: batch " + std::to_string(i) + "\r\n";
  m += extra_header;
  m += "\r\n";
  for (int line = 0; line < 1 + i % 7; ++line) m += "line " + std::to_string(line) + " of message " + std::to_string(i) + "\r\n";
  m += ".a line that starts with a dot\r\n..two dots\r\n.\r\nend " + std::to_string(i) + "\r\n";
  return m;
}

const client::smtp::SmtpEnvelope kEnvelope{"alice@example.com", {"bob@example.com"}};

TEST(ClientBatchToAiosmtpd, TwoHundredMessagesArriveInOrderAndIntact) {
  PipeliningAiosmtpd peer;
  std::vector<std::string> bodies;
  for (int i = 0; i < 200; ++i) bodies.push_back(sample(i));
  std::vector<MessageToSend> messages;
  for (const auto& b : bodies) messages.push_back({kEnvelope, b});

  const auto result = client::smtp::SmtpClient(peer.options()).send_batch(messages);
  ASSERT_FALSE(result.failure) << client::describe(*result.failure) << "\n" << peer.process->err();
  ASSERT_TRUE(result.session.capabilities.pipelining);
  ASSERT_EQ(result.messages.size(), 200u);
  for (int i = 0; i < 200; ++i) {
    const auto& outcome = result.messages[i];
    ASSERT_FALSE(outcome.failure) << i << ": " << client::describe(*outcome.failure);
    EXPECT_EQ(outcome.message_reply->to_string(), "250 2.0.0 queued as " + std::to_string(i + 1));
    EXPECT_EQ(peer.received(i + 1), bodies[i]) << "message " << i;
  }
  EXPECT_FALSE(peer.has(201));
}

TEST(ClientBatchToAiosmtpd, InterleavedRefusalsFailOnlyTheirOwnMessages) {
  PipeliningAiosmtpd peer;
  const std::vector<std::string> bodies = {sample(0), sample(1), sample(2), sample(3, "X-Test: reject\r\n"),
                                           sample(4), sample(5), sample(6)};
  const client::smtp::SmtpEnvelope refused{"alice@example.com", {"refuse-me@example.com"}};
  const client::smtp::SmtpEnvelope partly{"alice@example.com", {"refuse-1@example.com", "carol@example.com"}};
  const client::smtp::SmtpEnvelope none{"alice@example.com", {}};
  const std::vector<MessageToSend> messages = {{kEnvelope, bodies[0]}, {refused, bodies[1]}, {kEnvelope, bodies[2]},
                                               {kEnvelope, bodies[3]}, {partly, bodies[4]},  {none, bodies[5]},
                                               {kEnvelope, bodies[6]}};

  const auto result = client::smtp::SmtpClient(peer.options()).send_batch(messages);
  ASSERT_FALSE(result.failure) << client::describe(*result.failure);
  ASSERT_EQ(result.messages.size(), 7u);
  const auto& m = result.messages;
  EXPECT_FALSE(m[0].failure);
  ASSERT_TRUE(m[1].failure);
  EXPECT_EQ(m[1].failure->reason, client::Reason::recipient_rejected);
  EXPECT_EQ(m[1].failure->server_words, "550 5.1.1 no such user");
  EXPECT_FALSE(m[2].failure);
  ASSERT_TRUE(m[3].failure);
  EXPECT_EQ(m[3].failure->reason, client::Reason::message_rejected);
  EXPECT_EQ(m[3].failure->server_words, "554 5.7.1 rejected by the test peer");
  EXPECT_FALSE(m[4].failure) << client::describe(*m[4].failure);
  ASSERT_EQ(m[4].recipients.size(), 2u);
  EXPECT_FALSE(m[4].recipients[0].accepted);
  EXPECT_TRUE(m[4].recipients[1].accepted);
  ASSERT_TRUE(m[5].failure);
  EXPECT_EQ(m[5].failure->reason, client::Reason::config_invalid);
  EXPECT_FALSE(m[6].failure);

  // Delivered, in order: 0, 2, 4, 6.
  EXPECT_EQ(peer.received(1), bodies[0]);
  EXPECT_EQ(peer.received(2), bodies[2]);
  EXPECT_EQ(peer.received(3), bodies[4]);
  EXPECT_EQ(peer.received(4), bodies[6]);
  EXPECT_FALSE(peer.has(5));
}

TEST(ClientBatchToAiosmtpd, ACutConnectionFailsTheUnconfirmedAndTheUnsent) {
  PipeliningAiosmtpd peer;
  const std::vector<std::string> bodies = {sample(0), sample(1), sample(2, "X-Test: drop\r\n"), sample(3), sample(4)};
  std::vector<MessageToSend> messages;
  for (const auto& b : bodies) messages.push_back({kEnvelope, b});

  const auto result = client::smtp::SmtpClient(peer.options()).send_batch(messages);
  ASSERT_FALSE(result.failure) << client::describe(*result.failure);
  ASSERT_EQ(result.messages.size(), 5u);
  const auto& m = result.messages;
  EXPECT_FALSE(m[0].failure);
  EXPECT_FALSE(m[1].failure);
  // Message 2's data went out (and message 3's commands with it): the peer
  // may or may not have kept them, so they fail as lost, not as unsent.
  for (int i : {2, 3}) {
    ASSERT_TRUE(m[i].failure) << i;
    EXPECT_EQ(m[i].failure->reason, client::Reason::connection_lost) << client::describe(*m[i].failure);
    EXPECT_EQ(m[i].failure->detail.find("not sent"), std::string::npos);
  }
  ASSERT_TRUE(m[4].failure);
  EXPECT_EQ(m[4].failure->reason, client::Reason::connection_lost);
  EXPECT_EQ(m[4].failure->detail.rfind("not sent:", 0), 0u) << m[4].failure->detail;
  EXPECT_EQ(peer.received(1), bodies[0]);
  EXPECT_EQ(peer.received(2), bodies[1]);
  EXPECT_FALSE(peer.has(3));
}

}  // namespace
