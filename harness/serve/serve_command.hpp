#pragma once
// `mailsim serve SCENARIO`: the scenario's servers (its steps and
// expectations ignored) for outside clients, plus the admin REST API, until
// SIGINT or SIGTERM. Exit codes: 0 stopped cleanly, 1 could not start,
// 2 unusable input.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

namespace mailsim::harness {

class ServeCommand {
 public:
  explicit ServeCommand(CLI::App& app);
  ~ServeCommand();
  ServeCommand(const ServeCommand&) = delete;
  ServeCommand& operator=(const ServeCommand&) = delete;

  bool chosen() const;
  int run(std::ostream& out, std::ostream& err) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mailsim::harness
