#include "harness/serve/serve_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "admin/admin_api.hpp"
#include "admin/admin_http_server.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/serve/serve_options.hpp"
#include "harness/serve/served_endpoints.hpp"
#include "harness/serve/stop_signals.hpp"

namespace mailsim::harness {
namespace fs = std::filesystem;

struct ServeCommand::State {
  CLI::App* command = nullptr;
  std::string scenario;
  bool json = false;
  std::vector<std::string> ports;
  std::string bind = "127.0.0.1";
  std::string ready_file;
  std::string cert_dir;
  bool write_key = false;
  std::uint16_t admin_port = 0;
  std::string admin_bind = "127.0.0.1";
  std::string admin_token;
};

namespace {

// A folder of our own under $TMPDIR, removed when serve stops.
std::string make_temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mailsim-serve-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a folder under " + pattern);
  return pattern;
}

// Written whole and renamed, so a watcher never reads half of it.
bool write_atomically(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(partial, path, ec);
  return !ec;
}

}  // namespace

ServeCommand::ServeCommand(CLI::App& app) : state_(std::make_unique<State>()) {
  auto& s = *state_;
  s.command = app.add_subcommand("serve", "start a scenario's servers and the admin API for outside clients");
  s.command->add_option("scenario", s.scenario, "the scenario file")->required();
  s.command->add_flag("--json", s.json, "print the endpoints as one JSON object");
  s.command->add_option("--port", s.ports, "pin a server's port: NAME=PORT (repeatable; oauth for the OAuth mock)");
  s.command->add_option("--bind", s.bind, "address the servers listen on (default 127.0.0.1)");
  s.command->add_option("--ready-file", s.ready_file, "write the endpoints (JSON) here once everything listens");
  s.command->add_option("--cert-dir", s.cert_dir, "write the CA certificate here (default: a temporary folder)");
  s.command->add_flag("--write-key", s.write_key,
                      "also write each TLS server's certificate chain and private key (NAME.crt, NAME.key) to the cert folder");
  s.command->add_option("--admin-port", s.admin_port, "admin API port (default: ephemeral)");
  s.command->add_option("--admin-bind", s.admin_bind, "admin API address (default 127.0.0.1)");
  s.command->add_option("--admin-token", s.admin_token, "require Authorization: Bearer TOKEN on /api");
  s.command->footer(
      "Examples:\n  mailsim serve scenarios/smtp/basic.yaml\n"
      "  mailsim serve scenario.yaml --json --port smtp=2525 --ready-file /tmp/ready.json\n"
      "Stops on SIGINT (Ctrl-C) or SIGTERM. The admin API is described in docs/admin-api.md.\n"
      "Exit codes: 0 stopped cleanly, 1 could not start, 2 unusable input.");
}

ServeCommand::~ServeCommand() = default;

bool ServeCommand::chosen() const { return state_->command->parsed(); }

int ServeCommand::run(std::ostream& out, std::ostream& err) const {
  const auto& s = *state_;
  auto loaded = load_scenario_file(s.scenario);
  for (const auto& d : loaded.diagnostics) err << client::format_diagnostic(d) << "\n";
  if (!loaded.ok()) return 2;
  const Scenario& scenario = loaded.scenario;
  const auto pins = parse_port_pins(s.ports, scenario);
  if (!pins.error.empty()) {
    err << "mailsim: " << pins.error << "\n";
    return 2;
  }
  if (!is_loopback(s.bind))
    err << "mailsim: warning: --bind " << s.bind << " makes the mock servers reachable from other machines\n";
  if (!is_loopback(s.admin_bind))
    err << "mailsim: warning: --admin-bind " << s.admin_bind
        << " makes the admin API reachable from other machines" << (s.admin_token.empty() ? ", without a token" : "")
        << "\n";

  // Before any server thread exists, so none of them takes the signals.
  const StopSignals stop_signals;
  std::signal(SIGPIPE, SIG_IGN);

  const bool own_dir = s.cert_dir.empty();
  std::string cert_dir = s.cert_dir;
  try {
    if (own_dir) cert_dir = make_temp_dir();
    else fs::create_directories(cert_dir);
  } catch (const std::exception& e) {
    err << "mailsim: cannot use the certificate folder: " << e.what() << "\n";
    return 1;
  }
  struct RemoveOwnDir {
    bool own;
    std::string dir;
    ~RemoveOwnDir() {
      std::error_code ignored;
      if (own) fs::remove_all(dir, ignored);
    }
  } remove_own_dir{own_dir, cert_dir};

  const auto clock = std::make_shared<SystemClock>();
  std::unique_ptr<LiveServers> servers;
  std::unique_ptr<admin::AdminApi> api;
  std::unique_ptr<admin::AdminHttpServer> http;
  try {
    servers = std::make_unique<LiveServers>(scenario, clock, cert_dir, ListenOptions{s.bind, pins.ports, s.write_key ? cert_dir : std::string()});
    api = std::make_unique<admin::AdminApi>(admin::AdminTargets{scenario, *servers, *clock},
                                            admin::AdminApiOptions{s.admin_token});
    http = std::make_unique<admin::AdminHttpServer>(*api, admin::AdminHttpOptions{s.admin_bind, s.admin_port});
  } catch (const std::exception& e) {
    err << "mailsim: " << e.what() << "\n";
    return 1;
  }

  ServedSummary summary;
  summary.endpoints = served_endpoints(scenario, *servers, s.bind);
  summary.ca_file = servers->ca_file();
  summary.cert_dir = cert_dir;
  summary.admin_url = http->url();
  summary.pid = static_cast<long>(getpid());
  const auto json = to_json(summary);
  // The ready file first: whoever read the endpoints on stdout finds it too.
  if (!s.ready_file.empty() && !write_atomically(s.ready_file, json.dump(2) + "\n")) {
    err << "mailsim: cannot write the ready file " << s.ready_file << "\n";
    return 1;
  }
  if (s.json) out << json.dump() << std::endl;
  else out << format_table(summary) << std::flush;
  if (!s.json) err << "mailsim: serving " << scenario.name << "; Ctrl-C stops\n";

  const int signal = stop_signals.wait();
  err << "mailsim: " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
  http->stop();
  servers.reset();
  if (!s.ready_file.empty()) {
    std::error_code ignored;
    fs::remove(s.ready_file, ignored);
  }
  return 0;
}

}  // namespace mailsim::harness
