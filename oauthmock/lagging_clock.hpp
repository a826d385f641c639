#pragma once
// A clock a fixed distance behind another one: an OAuth mock whose clock
// lags the mail servers' (clock skew). Advancing the base clock moves it too.
#include <memory>

#include "common/clock.hpp"

namespace mailsim::oauth {

class LaggingClock final : public Clock {
 public:
  LaggingClock(std::shared_ptr<const Clock> base, duration lag) : base_(std::move(base)), lag_(lag) {}
  time_point now() const override { return base_->now() - lag_; }

 private:
  std::shared_ptr<const Clock> base_;
  duration lag_;
};

}  // namespace mailsim::oauth
