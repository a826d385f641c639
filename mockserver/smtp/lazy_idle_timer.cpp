#include "mockserver/smtp/lazy_idle_timer.hpp"

#include <utility>

namespace mailsim::mock {

namespace asio = net::asio;
using Steady = std::chrono::steady_clock;

struct LazyIdleTimer::State {
  State(asio::any_io_executor executor, std::chrono::milliseconds t, std::function<void()> expiry)
      : timer(std::move(executor)), timeout(t), on_expiry(std::move(expiry)) {}
  asio::steady_timer timer;
  std::chrono::milliseconds timeout;
  std::function<void()> on_expiry;
  Steady::time_point since{};  // start of the pending operation
  bool busy = false;           // an operation is pending
  bool waiting = false;        // the timer has a wait queued
  bool expired = false;
  bool stopped = false;        // the owner is gone
};

LazyIdleTimer::LazyIdleTimer(asio::any_io_executor executor, std::chrono::milliseconds timeout,
                             std::function<void()> on_expiry)
    : state_(std::make_shared<State>(std::move(executor), timeout, std::move(on_expiry))) {}

LazyIdleTimer::~LazyIdleTimer() {
  state_->stopped = true;
  state_->on_expiry = nullptr;
  state_->timer.cancel();
}

void LazyIdleTimer::begin() {
  State& s = *state_;
  s.since = Steady::now();
  s.busy = true;
  s.expired = false;
  if (!s.waiting) wait(state_);
}

void LazyIdleTimer::end() { state_->busy = false; }

bool LazyIdleTimer::expired() const { return state_->expired; }

void LazyIdleTimer::wait(const std::shared_ptr<State>& state) {
  state->waiting = true;
  state->timer.expires_at(state->since + state->timeout);
  state->timer.async_wait([state](net::error_code ec) {
    state->waiting = false;
    // Nothing pending: the next begin() starts a new wait.
    if (ec || state->stopped || !state->busy) return;
    // The operation that was pending when this wait began has finished and
    // a later one is pending: wait for the rest of its timeout.
    if (Steady::now() < state->since + state->timeout) return wait(state);
    state->expired = true;
    state->on_expiry();
  });
}

}  // namespace mailsim::mock
