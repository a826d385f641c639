#include "client/connector/test_connection.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <variant>

#include "client/connector/client_options.hpp"
#include "client/connector/secret_scrubber.hpp"
#include "client/connector/token_retry.hpp"
#include "client/imap/imap_client.hpp"
#include "client/smtp/smtp_client.hpp"

namespace mailsim::client {
namespace {

std::string endpoint(const std::string& host, std::uint16_t port, Security security) {
  return host + ":" + std::to_string(port) + " " + std::string(to_string(security));
}

void add_token_secret(SecretScrubber& scrubber, const SideCredentials& credentials) {
  if (credentials.credentials) scrubber.add(credentials.credentials->access_token);
}

void run_outbound(const ConnectionConfig& config, const ConnectorOptions& options, SideReport& report,
                  SecretScrubber& scrubber) {
  report.failure = run_with_credentials(
      config, Side::outbound, options.tokens.get(),
      [&](const SideCredentials& credentials) {
        add_token_secret(scrubber, credentials);
        const smtp::SmtpResult result =
            smtp::SmtpClient(smtp_client_options(config, options, credentials.credentials)).test();
        report.greeting = result.session.greeting;
        report.tls_version = result.session.tls_version;
        report.auth_mechanism =
            result.session.auth_mechanism ? std::string(sasl::to_string(*result.session.auth_mechanism)) : "";
        report.transcript.insert(report.transcript.end(), result.transcript.begin(), result.transcript.end());
        return result.failure;
      },
      [&] { report.transcript.push_back("* the server rejected the access token; retrying with a refreshed one"); });
}

void run_inbound(const ConnectionConfig& config, const ConnectorOptions& options, SideReport& report,
                 SecretScrubber& scrubber) {
  report.failure = run_with_credentials(
      config, Side::inbound, options.tokens.get(),
      [&](const SideCredentials& credentials) {
        add_token_secret(scrubber, credentials);
        const imap::ImapTestResult result =
            imap::test_connection(imap_client_options(config, options, credentials.credentials, credentials.oauth));
        report.greeting = result.session.greeting;
        report.tls_version = result.session.tls_version;
        report.auth_mechanism = result.session.auth_mechanism.value_or("");
        report.transcript.insert(report.transcript.end(), result.transcript.begin(), result.transcript.end());
        return result.failure;
      },
      [&] { report.transcript.push_back("* the server rejected the access token; retrying with a refreshed one"); });
}

}  // namespace

Stage SideReport::stage() const {
  if (failure) return failure->stage;
  return stages.empty() ? Stage::logout : stages.back();
}

std::vector<Stage> planned_stages(const ConnectionConfig& config, Side side) {
  const Security security = side == Side::outbound ? config.outbound.security : config.inbound.security;
  const bool logs_in = side == Side::inbound || config.outbound.use_authentication;
  std::vector<Stage> stages = {Stage::resolve, Stage::connect};
  if (security == Security::ssl_tls) stages.push_back(Stage::tls);
  stages.push_back(Stage::greeting);
  stages.push_back(Stage::capabilities);
  if (security == Security::starttls) {
    stages.push_back(Stage::starttls);
    stages.push_back(Stage::tls);
  }
  if (logs_in) stages.push_back(Stage::authenticate);
  stages.push_back(Stage::command);
  stages.push_back(Stage::logout);
  return stages;
}

SideReport test_side(const ConnectionConfig& config, const ConnectorOptions& options, Side side) {
  const auto start = std::chrono::steady_clock::now();
  SideReport report;
  report.side = side;
  report.stages = planned_stages(config, side);
  SecretScrubber scrubber(config);
  if (side == Side::outbound) {
    report.protocol = "SMTP";
    report.endpoint = endpoint(config.outbound.host, config.outbound.port, config.outbound.security);
    report.command = "NOOP";
    run_outbound(config, options, report, scrubber);
  } else {
    report.protocol = "IMAP";
    report.endpoint = endpoint(config.inbound.host, config.inbound.port, config.inbound.security);
    report.command = "EXAMINE INBOX";
    run_inbound(config, options, report, scrubber);
  }
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);

  if (report.failure) {
    // The stages before the one that failed were passed; a failure outside
    // the plan (config) passed none.
    const auto failed = std::find(report.stages.begin(), report.stages.end(), report.failure->stage);
    if (failed != report.stages.end()) report.stages_passed.assign(report.stages.begin(), failed);
    scrubber.scrub(*report.failure);
  } else {
    report.stages_passed = report.stages;
  }
  report.greeting = scrubber.scrub(std::move(report.greeting));
  scrubber.scrub(report.transcript);
  return report;
}

TestConnectionReport test_connection(const ConnectionConfig& config, const ConnectorOptions& options) {
  TestConnectionReport report;
  // Only a bug throws (network and server trouble is in the report); it
  // must reach the caller rather than end the process from the thread.
  std::exception_ptr outbound_error;
  {
    std::jthread outbound([&] {
      try {
        report.outbound = test_side(config, options, Side::outbound);
      } catch (...) {
        outbound_error = std::current_exception();
      }
    });
    report.inbound = test_side(config, options, Side::inbound);
  }
  if (outbound_error) std::rethrow_exception(outbound_error);
  return report;
}

}  // namespace mailsim::client
