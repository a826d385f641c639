// A FETCH of many messages is answered a window at a time: each step's
// output stays near ImapSession::kOutputPause, and the bytes are the same
// as when the whole answer is built through inspecting hooks.
#include <gtest/gtest.h>

#include <string>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kMultipartMessage;
using testing::SessionHarness;

constexpr int kMessages = 60;
constexpr std::size_t kBodySize = 20 * 1024;

std::string big_message(int i) {
  return "Subject: message " + std::to_string(i) + "\r\n\r\n" + std::string(kBodySize, char('a' + i % 26)) + "\r\n";
}

// Leaves every response as it is, but makes the session build each one whole.
class InspectingHooks : public ImapHooks {
 public:
  void before_response(const ImapHookContext&, std::string& response) override {
    if (response.find(" FETCH (") != std::string::npos) ++fetch_responses;
  }
  int fetch_responses = 0;
};

struct Drained {
  std::string bytes;
  std::size_t steps = 0;
  std::size_t largest_step = 0;
};

// What a driver does: write the pending output, then resume while paused.
Drained drain(ImapSession& s) {
  Drained d;
  while (true) {
    const std::string_view out = s.pending_output();
    if (!out.empty()) {
      ++d.steps;
      d.largest_step = std::max(d.largest_step, out.size());
      d.bytes += out;
      s.output_written();
    }
    if (!s.input_paused()) return d;
    s.resume();
  }
}

class MockImapFetchStreaming : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < kMessages; ++i) h.store.add_message("alice", "INBOX", big_message(i));
    h.start();
    h.login();
    h.select();
  }

  // The main session's answer to `command`, drained step by step.
  Drained run(std::string_view command) {
    h.session->receive(command);
    return drain(*h.session);
  }

  // `command` on a new session (which sees no \Recent flags), drained.
  Drained run_fresh(std::string_view command, ImapHooks& hooks) {
    auto s = h.make(hooks);
    s->start(false);
    SessionHarness::send_to(*s, "L LOGIN alice secret\r\nS SELECT INBOX\r\n");
    s->receive(command);
    return drain(*s);
  }

  SessionHarness h;
};

TEST_F(MockImapFetchStreaming, WholeMessagesGoOutInBoundedSteps) {
  const Drained d = run("a FETCH 1:* BODY.PEEK[]\r\n");
  std::string expected;
  for (int i = 0; i < kMessages; ++i) {
    const std::string raw = big_message(i);
    expected += "* " + std::to_string(i + 1) + " FETCH (BODY[] {" + std::to_string(raw.size()) + "}\r\n" + raw + ")\r\n";
  }
  expected += "a OK Fetch completed.\r\n";
  EXPECT_EQ(d.bytes, expected);
  EXPECT_GE(d.steps, expected.size() / ImapSession::kOutputPause);
  // A step ends with the response that crossed the mark.
  EXPECT_LT(d.largest_step, ImapSession::kOutputPause + kBodySize + 100);
  EXPECT_FALSE(h.session->input_paused());
  EXPECT_TRUE(h.session->pending_output().empty());
}

TEST_F(MockImapFetchStreaming, SameBytesAsWhenHooksSeeEachResponse) {
  const std::string command = "a FETCH 2:* (UID BODY[] RFC822.SIZE BODY.PEEK[1] BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n";
  InspectingHooks hooks;
  const Drained inspected = run_fresh(command, hooks);
  EXPECT_EQ(hooks.fetch_responses, kMessages - 1);
  // Reset \Seen, which the non-PEEK BODY[] of the first run set.
  h.send("r STORE 1:* -FLAGS.SILENT (\\Seen)\r\n");
  const Drained streamed = run_fresh(command, default_imap_hooks());
  EXPECT_NE(streamed.bytes.find("FLAGS (\\Seen))\r\n"), std::string::npos) << "non-PEEK BODY[] sets \\Seen";
  EXPECT_EQ(streamed.bytes, inspected.bytes);
  EXPECT_GT(streamed.steps, 1u);
}

TEST_F(MockImapFetchStreaming, PipelinedCommandsWaitForTheFetchToEnd) {
  h.session->receive("a FETCH 1:* BODY.PEEK[]\r\nb NOOP\r\n");
  const std::string first(h.session->pending_output());
  EXPECT_TRUE(h.session->input_paused());
  EXPECT_EQ(first.find("a OK"), std::string::npos);
  EXPECT_EQ(first.find("b OK"), std::string::npos);
  h.session->output_written();
  h.session->resume();
  const std::string rest = first + drain(*h.session).bytes;
  const auto fetch_done = rest.find("a OK Fetch completed.\r\n");
  ASSERT_NE(fetch_done, std::string::npos);
  EXPECT_EQ(rest.find("b OK NOOP completed.\r\n"), fetch_done + 23);
}

TEST_F(MockImapFetchStreaming, ExpungeElsewhereMidFetchKeepsNumbersAndBytes) {
  h.session->receive("a FETCH 1:* BODY.PEEK[]\r\n");
  std::string out(h.session->pending_output());
  h.session->output_written();
  auto other = h.make();
  other->start(false);
  SessionHarness::send_to(*other, "o1 LOGIN alice secret\r\no2 SELECT INBOX\r\n");
  SessionHarness::send_to(*other, "o3 STORE " + std::to_string(kMessages) + " +FLAGS.SILENT (\\Deleted)\r\no4 EXPUNGE\r\n");
  h.session->resume();
  out += drain(*h.session).bytes;
  const std::string last = big_message(kMessages - 1);
  EXPECT_NE(out.find("* " + std::to_string(kMessages) + " FETCH (BODY[] {" + std::to_string(last.size()) + "}\r\n" + last +
                     ")\r\n"),
            std::string::npos)
      << "the expunged message is still served from the session's view";
  EXPECT_EQ(out.find("EXPUNGE"), std::string::npos) << "not during a non-UID FETCH";
  EXPECT_EQ(h.send("b NOOP\r\n"), "* " + std::to_string(kMessages) + " EXPUNGE\r\nb OK NOOP completed.\r\n");
}

TEST_F(MockImapFetchStreaming, TimeoutMidFetchEndsItWithBye) {
  h.session->receive("a FETCH 1:* BODY.PEEK[]\r\n");
  h.session->output_written();
  ASSERT_TRUE(h.session->input_paused());
  h.session->timed_out();
  const Drained d = drain(*h.session);
  EXPECT_EQ(d.bytes, "* BYE Disconnected for inactivity.\r\n");
  EXPECT_TRUE(h.session->wants_close());
  EXPECT_FALSE(h.session->input_paused());
}

TEST_F(MockImapFetchStreaming, TranscriptShowsEachResponseFirstLine) {
  run("a FETCH 1:2 BODY.PEEK[]\r\n");
  const std::string size = std::to_string(big_message(0).size());
  EXPECT_TRUE(h.transcript.contains("* 1 FETCH (BODY[] {" + size + "} ..."));
  EXPECT_TRUE(h.transcript.contains("* 2 FETCH (BODY[] {" + size + "} ..."));
  EXPECT_TRUE(h.transcript.contains("a OK Fetch completed."));
}

TEST(MockImapFetchSections, WholeMessageAndPartsOfAMultipart) {
  SessionHarness h;
  h.store.add_message("alice", "INBOX", kMultipartMessage);
  h.start();
  h.login();
  h.select();
  const std::string raw(kMultipartMessage);
  EXPECT_EQ(h.send("a FETCH 1 (BODY.PEEK[] BODY.PEEK[]<0.4> BODY.PEEK[2])\r\n"),
            "* 1 FETCH (BODY[] {" + std::to_string(raw.size()) + "}\r\n" + raw +
                " BODY[]<0> {4}\r\nFrom BODY[2] {12}\r\nJVBERi0xLjQK)\r\na OK Fetch completed.\r\n");
}

}  // namespace
}  // namespace mailsim::mock
