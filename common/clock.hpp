#pragma once
// The injected clock. Protocol cores never read time themselves; servers and
// the token manager ask a Clock, so tests advance a VirtualClock instead of
// sleeping.
#include <atomic>
#include <chrono>
#include <memory>

namespace mailsim {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  using duration = std::chrono::system_clock::duration;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
};

// Wall clock plus an adjustable offset (`mailsim serve` advances it on request).
class SystemClock final : public Clock {
 public:
  time_point now() const override;
  void advance(duration d) { offset_ += d.count(); }
  duration offset() const { return duration(offset_.load()); }

 private:
  std::atomic<duration::rep> offset_{0};
};

// Starts at a fixed instant and moves only when told to.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(time_point start = default_start());
  time_point now() const override;
  void advance(duration d);
  void set(time_point t);
  static time_point default_start();  // 2026-01-01T00:00:00Z

 private:
  std::atomic<duration::rep> ticks_;
};

std::shared_ptr<Clock> system_clock();

}  // namespace mailsim
