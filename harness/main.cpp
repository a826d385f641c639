// The `mailsim` command line. Each subcommand lives in its own file under
// harness/; this file only wires them to CLI11.
#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/client_commands.hpp"
#include "harness/commands.hpp"
#include "harness/scenario_commands.hpp"
#include "harness/serve/serve_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"mailsim: mock mail servers, a mail connector and scenarios that drive them together"};
  app.set_version_flag("--version", std::string(mailsim::harness::version()));
  app.require_subcommand(1);

  auto* demo = app.add_subcommand("demo", "start the mock SMTP server and send it a message over STARTTLS + AUTH PLAIN");
  const mailsim::harness::ClientCommands client(app);
  mailsim::harness::ScenarioCommands scenarios(app);
  const mailsim::harness::ServeCommand serve(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2, like every unusable input.
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*demo) return mailsim::harness::run_demo(std::cout, std::cerr);
  if (client.chosen()) return client.run(std::cout, std::cerr);
  if (scenarios.chosen()) return scenarios.run(std::cout, std::cerr);
  if (serve.chosen()) return serve.run(std::cout, std::cerr);
  return 2;
}
