#pragma once
// `mailsim run PATH...` and `mailsim check FILE...`: scenario files on the
// command line. Exit codes: 0 all passed (or all valid), 1 a scenario
// failed, 2 unusable input.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

namespace mailsim::harness {

class ScenarioCommands {
 public:
  explicit ScenarioCommands(CLI::App& app);
  ~ScenarioCommands();
  ScenarioCommands(const ScenarioCommands&) = delete;
  ScenarioCommands& operator=(const ScenarioCommands&) = delete;

  bool chosen() const;
  int run(std::ostream& out, std::ostream& err) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mailsim::harness
