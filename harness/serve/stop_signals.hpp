#pragma once
// SIGINT and SIGTERM as an orderly stop: blocked in every thread (so the
// servers' threads never take them) and awaited by the main thread.
#include <csignal>

namespace mailsim::harness {

class StopSignals {
 public:
  // Call before any thread starts: threads inherit the blocked mask.
  StopSignals();
  ~StopSignals();  // restores the previous mask
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until SIGINT or SIGTERM arrives; returns which.
  int wait() const;

 private:
  sigset_t stop_set_{};
  sigset_t previous_{};
};

}  // namespace mailsim::harness
