// The admission rules behind "too many connections": per listener, per
// address, refused connections counted until they are gone.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <deque>

#include "mockserver/session_limits.hpp"

namespace mailsim::mock {
namespace {

using Admission = SessionLimiter::Admission;
using namespace std::chrono_literals;

TEST(SessionLimiter, ListenerCapThenPerAddressCap) {
  auto limiter = std::make_shared<SessionLimiter>(SessionCaps{3, 2});
  std::deque<SessionLimiter::Ticket> held;
  held.push_back(SessionLimiter::admit(limiter, "10.0.0.1"));
  held.push_back(SessionLimiter::admit(limiter, "10.0.0.1"));
  EXPECT_TRUE(held[0].admitted());
  EXPECT_TRUE(held[1].admitted());
  EXPECT_EQ(SessionLimiter::admit(limiter, "10.0.0.1").admission(), Admission::ip_full);
  held.push_back(SessionLimiter::admit(limiter, "10.0.0.2"));
  EXPECT_TRUE(held[2].admitted());
  EXPECT_EQ(SessionLimiter::admit(limiter, "10.0.0.3").admission(), Admission::listener_full);
  EXPECT_EQ(limiter->admitted(), 3u);
  EXPECT_EQ(limiter->open_connections(), 3u) << "refused tickets are given back when dropped";
  held.pop_front();
  EXPECT_TRUE(SessionLimiter::admit(limiter, "10.0.0.1").admitted()) << "a freed slot is given again";
}

TEST(SessionLimiter, ZeroPerAddressMeansOnlyTheListenerCap) {
  auto limiter = std::make_shared<SessionLimiter>(SessionCaps{2, 0});
  auto a = SessionLimiter::admit(limiter, "127.0.0.1");
  auto b = SessionLimiter::admit(limiter, "127.0.0.1");
  EXPECT_TRUE(b.admitted());
  EXPECT_EQ(SessionLimiter::admit(limiter, "127.0.0.1").admission(), Admission::listener_full);
}

TEST(SessionLimiter, RefusedConnectionsCountAsOpenUntilGone) {
  auto limiter = std::make_shared<SessionLimiter>(SessionCaps{0, 0});
  std::optional<SessionLimiter::Ticket> refused = SessionLimiter::admit(limiter, "127.0.0.1");
  EXPECT_FALSE(refused->admitted());
  EXPECT_EQ(limiter->open_connections(), 1u);
  EXPECT_FALSE(limiter->wait_for_open_at_most(0, 0ms));
  // A session ending on another thread wakes the waiter.
  std::thread ender([&] { refused.reset(); });
  EXPECT_TRUE(limiter->wait_for_open_at_most(0, 60s));
  ender.join();
  EXPECT_EQ(limiter->open_connections(), 0u);
}

TEST(SessionLimiter, TicketsOutliveTheirOwnerSafely) {
  std::optional<SessionLimiter::Ticket> ticket;
  {
    auto limiter = std::make_shared<SessionLimiter>(SessionCaps{1, 1});
    ticket.emplace(SessionLimiter::admit(limiter, "127.0.0.1"));
  }
  EXPECT_TRUE(ticket->admitted());
  ticket.reset();  // releases into the limiter it kept alive
}

}  // namespace
}  // namespace mailsim::mock
