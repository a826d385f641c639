#include "common/clock.hpp"

namespace mailsim {

Clock::time_point SystemClock::now() const {
  return std::chrono::system_clock::now() + duration(offset_.load());
}

VirtualClock::VirtualClock(time_point start) : ticks_(start.time_since_epoch().count()) {}

Clock::time_point VirtualClock::now() const { return time_point(duration(ticks_.load())); }

void VirtualClock::advance(duration d) { ticks_ += d.count(); }

void VirtualClock::set(time_point t) { ticks_ = t.time_since_epoch().count(); }

Clock::time_point VirtualClock::default_start() {
  using namespace std::chrono;
  return sys_days{year{2026} / January / 1};
}

std::shared_ptr<Clock> system_clock() {
  static auto clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace mailsim
