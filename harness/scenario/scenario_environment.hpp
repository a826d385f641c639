#pragma once
// A scenario's world, up and running, as a C++ object: its servers on
// ephemeral ports, its virtual clock and fault engine, the OAuth mock when the
// scenario has one, and a connector already pointed at them. `mailsim run`
// uses it, and so can a user's own GoogleTest suite:
//
//   TEST(MyConnector, SurvivesThrottling) {
//     mailsim::harness::ScenarioEnvironment env("scenarios/throttling/port25_throttled_after_n_messages.yaml");
//     // env.endpoints().at("mx.port") is where the mock SMTP server listens;
//     // point your own connector at it, or use env.connector().
//     auto sent = env.connector().send(message);
//     env.clock().advance(std::chrono::hours(1));
//     EXPECT_EQ(env.smtp("mx").messages().size(), 1u);
//   }
//
// Building one from a file runs none of its steps; run_steps() runs them and
// checks the file's expectations, as `mailsim run` does.
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connection/diagnostic.hpp"
#include "client/connector/connector.hpp"
#include "common/clock.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/scenario_runner.hpp"
#include "mockserver/faults/fault_engine.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauthmock/authorization_server.hpp"

namespace mailsim::harness {

// The scenario file or its connection cannot be used; what() lists every
// diagnostic as file:line:column.
class ScenarioUnusable : public std::runtime_error {
 public:
  explicit ScenarioUnusable(std::vector<client::Diagnostic> diagnostics);
  const std::vector<client::Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<client::Diagnostic> diagnostics_;
};

class ScenarioEnvironment {
 public:
  // Loads the file (ScenarioUnusable on any error) and starts its world.
  explicit ScenarioEnvironment(const std::string& scenario_file);
  // Starts the world of a scenario already loaded (or built in code).
  explicit ScenarioEnvironment(Scenario scenario);
  ~ScenarioEnvironment();
  ScenarioEnvironment(const ScenarioEnvironment&) = delete;
  ScenarioEnvironment& operator=(const ScenarioEnvironment&) = delete;

  const Scenario& scenario() const;
  VirtualClock& clock();
  mock::faults::FaultEngine& faults();
  // The servers by their names in the file; std::out_of_range for an unknown name.
  mock::SmtpServer& smtp(const std::string& name);
  mock::ImapServer& imap(const std::string& name);
  // The OAuth mock, or null when the scenario has no `oauth:` section.
  oauth::AuthorizationServer* oauth();
  // "mx.port" -> "41234", "ca_file" -> path, "oauth.token_url" -> URL ...
  const std::map<std::string, std::string>& endpoints() const;
  // The scenario's connection with its references resolved.
  const client::ConnectionConfig& connection() const;
  client::Connector& connector();
  // The file's steps and expectations, as `mailsim run` runs them.
  ScenarioResult run_steps();
  // Warnings the connection produced (errors throw instead).
  const std::vector<client::Diagnostic>& warnings() const;

 private:
  struct World;
  std::unique_ptr<World> world_;
};

}  // namespace mailsim::harness
