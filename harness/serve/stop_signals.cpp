#include "harness/serve/stop_signals.hpp"

#include <pthread.h>

namespace mailsim::harness {

StopSignals::StopSignals() {
  sigemptyset(&stop_set_);
  sigaddset(&stop_set_, SIGINT);
  sigaddset(&stop_set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set_, &previous_);
}

StopSignals::~StopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

int StopSignals::wait() const {
  int signal = 0;
  while (sigwait(&stop_set_, &signal) != 0) {
  }
  return signal;
}

}  // namespace mailsim::harness
