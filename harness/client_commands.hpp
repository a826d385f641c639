#pragma once
// `mailsim client ...`: the connector on the command line. Each subcommand
// is a thin layer over client::Connector (client/connector/connector.hpp).
//
// Conventions of every subcommand:
//   --connection FILE  the connection file (required)
//   --json             one JSON document on stdout instead of text
//   -v                 the effective connection (secrets redacted) on stderr,
//                      and the protocol transcript: on stderr, in the JSON,
//                      or (test-connection) in the report itself
//   exit code          0 success, 1 the server or network said no,
//                      2 unusable input (connection file, arguments, files)
//   errors             reason code, stage, the server's words and a hint
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

namespace mailsim::harness {

class ClientCommands {
 public:
  // Adds "client" and its subcommands to app.
  explicit ClientCommands(CLI::App& app);
  ~ClientCommands();
  ClientCommands(const ClientCommands&) = delete;
  ClientCommands& operator=(const ClientCommands&) = delete;

  // The "client" subcommand: further client subcommands (such as the OAuth
  // `generate`, client/oauth/) are added here and run by their own code.
  CLI::App* app() const;
  // After parsing: one of the subcommands registered here was chosen.
  bool chosen() const;
  // Runs the chosen subcommand; returns the exit code.
  int run(std::ostream& out, std::ostream& err) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mailsim::harness
