#include "harness/scenario/run_order.hpp"

#include <algorithm>
#include <numeric>

namespace mailsim::harness {
namespace {

constexpr std::chrono::milliseconds kPeerStart{500};   // python3 / node / curl start-up
constexpr std::chrono::milliseconds kTimeoutWait{1000};  // the library's command timeouts are 1-2 s

bool times_out(const OutcomeExpect& expect) { return expect.reason == client::Reason::timeout; }
bool times_out(const std::optional<OutcomeExpect>& expect) { return expect && times_out(*expect); }

}  // namespace

std::chrono::milliseconds expected_wall_time(const Scenario& scenario) {
  std::chrono::milliseconds total{0};
  for (const auto& step : scenario.steps) {
    if (step.kind == StepKind::run) total += kPeerStart;
    // test_connection's two sides wait at once: one wait covers both.
    const auto& e = step.expect;
    if (e && (times_out(e->outcome) || times_out(e->outbound) || times_out(e->inbound))) total += kTimeoutWait;
  }
  return total;
}

std::vector<std::size_t> longest_first(const std::vector<Scenario>& scenarios) {
  std::vector<std::chrono::milliseconds> cost;
  cost.reserve(scenarios.size());
  for (const auto& s : scenarios) cost.push_back(expected_wall_time(s));
  std::vector<std::size_t> order(scenarios.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  return order;
}

}  // namespace mailsim::harness
