#include "mockserver/smtp/lazy_idle_timer.hpp"

#include <chrono>
#include <functional>

#include <gtest/gtest.h>

namespace mailsim::mock {
namespace {

namespace asio = net::asio;
using namespace std::chrono_literals;

TEST(LazyIdleTimer, EndsAnOperationPendingForTheWholeTimeout) {
  asio::io_context io;
  int expiries = 0;
  LazyIdleTimer idle(io.get_executor(), 20ms, [&] { ++expiries; });
  idle.begin();
  io.run();  // returns once the wait is over: nothing else is queued
  EXPECT_EQ(expiries, 1);
  EXPECT_TRUE(idle.expired());
  idle.begin();  // a new operation is not expired
  EXPECT_FALSE(idle.expired());
}

TEST(LazyIdleTimer, OperationsThatKeepFinishingNeverExpire) {
  asio::io_context io;
  int expiries = 0;
  LazyIdleTimer idle(io.get_executor(), 300ms, [&] { ++expiries; });
  // Ten operations of 50 ms each: 500 ms in all, longer than the timeout,
  // but none of them alone is.
  asio::steady_timer op(io);
  int left = 10;
  std::function<void()> next = [&] {
    if (left-- == 0) {
      idle.end();
      return;
    }
    idle.begin();
    op.expires_after(50ms);
    op.async_wait([&](net::error_code) {
      idle.end();
      next();
    });
  };
  next();
  // The idle timer's own wait still runs after the last operation; it sees
  // nothing pending and stops, so run() returns.
  io.run();
  EXPECT_EQ(expiries, 0);
  EXPECT_FALSE(idle.expired());
}

TEST(LazyIdleTimer, NothingPendingMeansNothingExpires) {
  asio::io_context io;
  int expiries = 0;
  LazyIdleTimer idle(io.get_executor(), 20ms, [&] { ++expiries; });
  idle.begin();
  idle.end();
  io.run();  // the wait fires with nothing pending
  EXPECT_EQ(expiries, 0);
  EXPECT_FALSE(idle.expired());
}

TEST(LazyIdleTimer, DestroyedWithAWaitPendingNeverCallsBack) {
  asio::io_context io;
  int expiries = 0;
  {
    LazyIdleTimer idle(io.get_executor(), 10ms, [&] { ++expiries; });
    idle.begin();
  }
  io.run();  // the cancelled wait completes and leaves no work behind
  EXPECT_EQ(expiries, 0);
}

}  // namespace
}  // namespace mailsim::mock
