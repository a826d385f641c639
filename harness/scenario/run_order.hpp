#pragma once
// The order `mailsim run` starts scenarios in on its pool of workers. Nearly
// all of a scenario runs in memory on its virtual clock; what costs wall time
// is what the harness cannot make virtual: real peers started as processes
// (`run` steps) and failures the file expects to be timeouts, which wait on
// the client's real timer. Starting those first leaves the quick scenarios
// to fill in around them, instead of one long scenario running alone at the
// end while the other workers idle.
#include <chrono>
#include <cstddef>
#include <vector>

#include "harness/scenario/scenario.hpp"

namespace mailsim::harness {

// A rough guess, for ordering only: 500 ms per `run` step, 1 s per step
// expected to end in a timeout, nothing for the rest.
std::chrono::milliseconds expected_wall_time(const Scenario& scenario);

// Indices into scenarios, the longest expected first; equal guesses keep
// their given (file) order.
std::vector<std::size_t> longest_first(const std::vector<Scenario>& scenarios);

}  // namespace mailsim::harness
