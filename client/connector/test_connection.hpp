#pragma once
// Test Connection: both sides, always, at the same time, each through
// every stage (resolve, connect, TLS or STARTTLS, greeting and
// capabilities, authenticate, a harmless command, logout), with a precise
// verdict per side.
//
//   auto loaded = load_connection_file("conn.yaml");
//   if (!loaded.ok()) ...;
//   TestConnectionReport report = test_connection(loaded.config, {});
//   std::cout << format_test_connection_table(report);
//   return report.ok() ? 0 : 1;
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connector/connector_options.hpp"
#include "client/connector/side.hpp"
#include "client/reason.hpp"

namespace mailsim::client {

struct SideReport {
  Side side = Side::outbound;
  std::string protocol;              // "SMTP", "IMAP"
  std::string endpoint;              // "smtp.example.com:587 starttls"
  std::vector<Stage> stages;         // every stage this side goes through, in order
  std::vector<Stage> stages_passed;  // the ones it got through (all of them when ok)
  std::optional<Failure> failure;    // nullopt: every stage passed
  std::string greeting;              // the server's first words ("" when none came)
  std::string tls_version;           // "TLSv1.3"; "" in plain text
  std::string auth_mechanism;        // "PLAIN", "XOAUTH2" ...; "" without login
  std::string command;               // the harmless command: "NOOP", "EXAMINE INBOX"
  std::chrono::milliseconds elapsed{0};
  std::vector<std::string> transcript;  // secrets redacted

  bool ok() const { return !failure; }
  // The stage that failed, or the last one (logout) when all passed.
  Stage stage() const;
};

struct TestConnectionReport {
  SideReport outbound;
  SideReport inbound;
  bool ok() const { return outbound.ok() && inbound.ok(); }
};

// The stages a side goes through with this connection, in order.
std::vector<Stage> planned_stages(const ConnectionConfig& config, Side side);

// Runs both sides in parallel (a thread each) and waits for both. Bounded
// by the connection's timeouts (and one OAuth retry per side).
TestConnectionReport test_connection(const ConnectionConfig& config, const ConnectorOptions& options);

// One side alone (what test_connection runs on each thread).
SideReport test_side(const ConnectionConfig& config, const ConnectorOptions& options, Side side);

}  // namespace mailsim::client
