#include <gtest/gtest.h>

#include "client/smtp/client_transcript.hpp"

namespace mailsim::client::smtp {
namespace {

TEST(ClientTranscript, PrefixesEachDirection) {
  ClientTranscript t;
  t.client("EHLO x");
  t.server("250-a\n250 b");
  t.event("TLS established");
  EXPECT_EQ(t.lines(), (std::vector<std::string>{"C: EHLO x", "S: 250-a", "S: 250 b", "* TLS established"}));
}

TEST(ClientTranscript, IsBounded) {
  ClientTranscript t(3);
  for (int i = 0; i < 10; ++i) t.client("NOOP");
  const auto lines = t.lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines.back(), "* 7 more lines not kept");
}

}  // namespace
}  // namespace mailsim::client::smtp
