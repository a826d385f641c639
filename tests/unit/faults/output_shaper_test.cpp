// The write plans the listeners follow for connection-level faults.
#include "mockserver/faults/output_shaper.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace mailsim::mock::faults {
namespace {

using std::chrono::milliseconds;

IoFault fault(IoFault::Kind kind, milliseconds duration = milliseconds(0), std::size_t bytes = 0) {
  IoFault f;
  f.kind = kind;
  f.duration = duration;
  f.bytes = bytes;
  return f;
}

std::size_t total(const OutputShaper::Plan& plan) {
  return std::accumulate(plan.pieces.begin(), plan.pieces.end(), std::size_t{0},
                         [](std::size_t sum, const OutputShaper::Piece& p) { return sum + p.size; });
}

milliseconds waited(const OutputShaper::Plan& plan) {
  milliseconds sum{0};
  for (const auto& p : plan.pieces) sum += p.wait;
  return sum;
}

TEST(OutputShaper, UntouchedOutputGoesOutInOnePiece) {
  OutputShaper shaper;
  const auto plan = shaper.plan(10);
  ASSERT_EQ(plan.pieces.size(), 1u);
  EXPECT_EQ(plan.pieces[0].size, 10u);
  EXPECT_EQ(plan.pieces[0].wait, milliseconds(0));
  EXPECT_FALSE(plan.close);
  EXPECT_TRUE(plan.note.empty());
}

TEST(OutputShaper, DelayHoldsTheNextNonEmptyOutputOnce) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::delay, milliseconds(40)));
  EXPECT_TRUE(shaper.plan(0).pieces.empty());  // nothing to delay yet: stays armed
  const auto delayed = shaper.plan(5);
  ASSERT_EQ(delayed.pieces.size(), 1u);
  EXPECT_EQ(delayed.pieces[0].wait, milliseconds(40));
  EXPECT_NE(delayed.note.find("delayed 40 ms"), std::string::npos);
  EXPECT_EQ(shaper.plan(5).pieces[0].wait, milliseconds(0));
}

TEST(OutputShaper, TarpitSendsAByteAtATimeOverTheDuration) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::tarpit, milliseconds(100)));
  const auto plan = shaper.plan(20);
  ASSERT_EQ(plan.pieces.size(), 20u);
  for (const auto& p : plan.pieces) EXPECT_EQ(p.size, 1u);
  EXPECT_EQ(waited(plan), milliseconds(100));
  EXPECT_FALSE(plan.close);
  EXPECT_EQ(shaper.plan(20).pieces.size(), 1u);  // only the next output
}

TEST(OutputShaper, TarpitOfABigOutputIsBounded) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::tarpit, milliseconds(1'000'000)));
  const auto plan = shaper.plan(10'000'000);
  EXPECT_LE(plan.pieces.size(), OutputShaper::kMaxTarpitPieces);
  EXPECT_EQ(total(plan), 10'000'000u);
}

TEST(OutputShaper, ShortTarpitNeverWaitsUnderAMillisecond) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::tarpit, milliseconds(10)));
  const auto plan = shaper.plan(1000);
  EXPECT_EQ(plan.pieces.size(), 10u);
  EXPECT_EQ(total(plan), 1000u);
  for (const auto& p : plan.pieces) EXPECT_EQ(p.wait, milliseconds(1));
}

TEST(OutputShaper, DropMidResponseSendsHalfThenCloses) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::drop_mid_response));
  const auto plan = shaper.plan(101);
  EXPECT_EQ(total(plan), 50u);
  EXPECT_TRUE(plan.close);
  EXPECT_NE(plan.note.find("after 50 of 101 bytes"), std::string::npos);
}

TEST(OutputShaper, DropMidResponseHonoursBytesAndNeverSendsMoreThanTheOutput) {
  OutputShaper a;
  a.arm(fault(IoFault::Kind::drop_mid_response, milliseconds(0), 7));
  auto plan = a.plan(100);
  EXPECT_EQ(total(plan), 7u);
  EXPECT_TRUE(plan.close);
  OutputShaper b;
  b.arm(fault(IoFault::Kind::drop_mid_response, milliseconds(0), 500));
  plan = b.plan(100);
  EXPECT_EQ(total(plan), 100u);
  EXPECT_TRUE(plan.close);
}

TEST(OutputShaper, DisconnectAfterBytesCountsAcrossOutputs) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::disconnect_after_bytes, milliseconds(0), 25));
  auto plan = shaper.plan(10);
  EXPECT_EQ(total(plan), 10u);
  EXPECT_FALSE(plan.close);
  plan = shaper.plan(10);
  EXPECT_EQ(total(plan), 10u);
  EXPECT_FALSE(plan.close);
  plan = shaper.plan(10);
  EXPECT_EQ(total(plan), 5u);
  EXPECT_TRUE(plan.close);
}

TEST(OutputShaper, DisconnectAfterZeroBytesClosesBeforeAnything) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::disconnect_after_bytes, milliseconds(0), 0));
  const auto plan = shaper.plan(10);
  EXPECT_TRUE(plan.pieces.empty());
  EXPECT_TRUE(plan.close);
}

TEST(OutputShaper, DelayAndTarpitCombine) {
  OutputShaper shaper;
  shaper.arm(fault(IoFault::Kind::delay, milliseconds(30)));
  shaper.arm(fault(IoFault::Kind::tarpit, milliseconds(4)));
  const auto plan = shaper.plan(4);
  ASSERT_EQ(plan.pieces.size(), 4u);
  EXPECT_EQ(plan.pieces[0].wait, milliseconds(31));
  EXPECT_EQ(waited(plan), milliseconds(34));
}

TEST(OutputShaper, TlsStallIsTakenOnce) {
  OutputShaper shaper;
  EXPECT_FALSE(shaper.take_tls_stall());
  shaper.arm(fault(IoFault::Kind::stall_tls_handshake, milliseconds(0)));
  auto stall = shaper.take_tls_stall();
  ASSERT_TRUE(stall);
  EXPECT_EQ(*stall, milliseconds(0));
  EXPECT_FALSE(shaper.take_tls_stall());
}

TEST(OutputShaper, BlackholeAndResetAreRemembered) {
  OutputShaper shaper;
  EXPECT_FALSE(shaper.silent());
  EXPECT_FALSE(shaper.reset());
  shaper.arm(fault(IoFault::Kind::blackhole));
  shaper.arm(fault(IoFault::Kind::reset));
  EXPECT_TRUE(shaper.silent());
  EXPECT_TRUE(shaper.reset());
}

}  // namespace
}  // namespace mailsim::mock::faults
