// Random and hostile byte streams: the session must answer or close, never
// crash, hang or grow without bound.
#include <gtest/gtest.h>

#include <random>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using testing::kMultipartMessage;
using testing::SessionHarness;

const std::vector<std::string> kTokens = {
    "a", " ", "UID", "FETCH", "SEARCH", "STORE", "1", "*", ":", ",", "(", ")", "[", "]", "<", ">", ".", "BODY",
    "BODY.PEEK[", "HEADER.FIELDS", "{3}\r\n", "{2+}\r\nxx", "\"", "\\", "NOT", "OR", "FLAGS", "+FLAGS", "\\Seen",
    "SELECT", "INBOX", "APPEND", "LOGIN", "IDLE", "DONE", "\r\n", "\r\n", "\r\n", "\xff", "\0", "~", "%", "MOVE",
    "COPY", "EXPUNGE", "AUTHENTICATE", "PLAIN", "=", "LIST", "STATUS", "(MESSAGES)", "1.2.MIME", "999999999999"};

TEST(MockImapHostileInput, TokenSoupNeverBreaksTheSession) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 200; ++round) {
    SessionHarness h;
    h.config.limits.max_literal = 1024;
    h.config.limits.max_bad_commands = 1000;
    h.store.add_message("alice", "INBOX", kMultipartMessage);
    h.start();
    h.login();
    h.select();
    std::string input;
    for (int i = 0; i < 300; ++i) input += kTokens[rng() % kTokens.size()];
    // Feed in random-sized pieces, as a network would.
    std::size_t pos = 0;
    while (pos < input.size()) {
      const std::size_t n = 1 + rng() % 40;
      const std::string out = h.send(input.substr(pos, n));
      EXPECT_LT(out.size(), 1u << 20);
      pos += n;
      if (h.session->wants_close()) break;
      while (h.session->input_paused()) {
        h.session->resume();
        h.session->take_output();
      }
    }
  }
}

TEST(MockImapHostileInput, RandomBytes) {
  std::mt19937 rng(99);
  for (int round = 0; round < 100; ++round) {
    SessionHarness h;
    h.start();
    std::string input(2000, '\0');
    for (auto& c : input) c = static_cast<char>(rng());
    h.send(input);
    h.send("\r\nz NOOP\r\n");
  }
}

TEST(MockImapHostileInput, DeeplyNestedFetchAndSearch) {
  SessionHarness h;
  h.store.add_message("alice", "INBOX", kMultipartMessage);
  h.start();
  h.login();
  h.select();
  const std::string open(20000, '(');
  EXPECT_NE(h.send("a SEARCH " + open + "ALL\r\n").find("a BAD"), std::string::npos);
  EXPECT_NE(h.send("b FETCH 1 " + open + "\r\n").find("b BAD"), std::string::npos);
  EXPECT_EQ(h.send("c NOOP\r\n"), "c OK NOOP completed.\r\n");
}

}  // namespace
}  // namespace mailsim::mock
