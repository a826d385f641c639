#pragma once
// An idle timeout over a connection's reads and writes that costs no timer
// operation per I/O: begin() and end() only note the time and one timer per
// connection wakes up at most about once per timeout to check. Arming a
// steady_timer for every read and write (cancel, re-queue, a completion
// handler, often timerfd_settime) cost a plain SMTP session more than its
// protocol work. Used on the connection's I/O thread only.
#include <chrono>
#include <functional>
#include <memory>

#include "common/net/asio.hpp"

namespace mailsim::mock {

class LazyIdleTimer {
 public:
  // on_expiry runs on the executor when one operation has been pending for
  // the whole timeout; it ends that operation (e.g. cancels the socket).
  LazyIdleTimer(net::asio::any_io_executor executor, std::chrono::milliseconds timeout,
                std::function<void()> on_expiry);
  ~LazyIdleTimer();  // on_expiry never runs after this
  LazyIdleTimer(const LazyIdleTimer&) = delete;
  LazyIdleTimer& operator=(const LazyIdleTimer&) = delete;

  void begin();  // an operation starts; its timeout counts from now
  void end();    // it finished (or failed); no timeout runs until the next begin()
  // The operation begun last was ended by the timeout.
  bool expired() const;

 private:
  struct State;
  static void wait(const std::shared_ptr<State>& state);
  std::shared_ptr<State> state_;  // shared with the pending wait's handler
};

}  // namespace mailsim::mock
