#include "serve_fixture.hpp"

namespace mailsim::test {

const char* const kServeScenario = R"(name: served for outside clients
servers:
  smtp:
    protocol: smtp
    users: {alice: alice-pass}
  imap:
    protocol: imap
    users: {user@example.com: user-pass}
    mailboxes:
      user@example.com:
        INBOX:
          - {from: boss@example.com, to: user@example.com, subject: seeded, text: hello}
oauth:
  clients:
    app: {secret: app-secret, access_token_ttl: 1h}
connection:
  outbound: {host: localhost, port: "${smtp.port}", security: none, use_authentication: false}
  inbound: {host: localhost, port: "${imap.port}", user: user@example.com, password: user-pass}
steps:
  - test_connection: {}
)";

ServeProcess::ServeProcess(const TempDir& dir, const std::string& scenario_text, std::vector<std::string> extra_args) {
  const auto scenario = dir.file("serve.yaml", scenario_text);
  std::vector<std::string> argv = {MAILSIM_BINARY, "serve", scenario, "--json"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  child_ = std::make_unique<ChildProcess>(argv);
  const auto line = child_->read_line(std::chrono::seconds(60));
  if (!line) {
    ADD_FAILURE() << "mailsim serve printed no endpoints; stderr: " << child_->err();
    return;
  }
  summary_ = nlohmann::json::parse(*line, nullptr, false);
  if (summary_.is_discarded()) {
    ADD_FAILURE() << "not JSON: " << *line;
    summary_ = nullptr;
  }
}

ServeProcess::~ServeProcess() { child_->terminate(); }

std::uint16_t ServeProcess::port(const std::string& name) const {
  for (const auto& e : summary_.at("endpoints"))
    if (e.at("name") == name) return e.at("port").get<std::uint16_t>();
  ADD_FAILURE() << "no endpoint " << name << " in " << summary_.dump();
  return 0;
}

AdminReply ServeProcess::admin(const std::string& method, const std::string& path, const std::string& body,
                               const std::string& token) const {
  std::vector<std::string> argv = {"curl", "--silent", "--show-error", "--request", method,
                                   "--write-out", "\n%{http_code}", admin_url() + path};
  // A big body goes through a file: one argument may not exceed 128 KiB.
  TempDir body_dir;
  if (!body.empty() || method == "POST" || method == "PUT") {
    argv.push_back("--header");
    argv.push_back("Content-Type: application/json");
    argv.push_back("--data-binary");
    argv.push_back(body.size() > 64 * 1024 ? "@" + body_dir.file("body.json", body) : body);
  }
  if (!token.empty()) {
    argv.push_back("--header");
    argv.push_back("Authorization: Bearer " + token);
  }
  const auto r = run(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  AdminReply reply;
  const auto newline = r.out.rfind('\n');
  if (newline == std::string::npos) return reply;
  reply.status = std::atoi(r.out.c_str() + newline + 1);
  reply.body = nlohmann::json::parse(r.out.substr(0, newline), nullptr, false);
  return reply;
}

RunResult send_with_curl(std::uint16_t port, const std::string& subject, const std::string& rcpt) {
  TempDir dir;
  const auto eml = dir.file("m.eml", "From: app@example.com\r\nTo: " + rcpt + "\r\nSubject: " + subject +
                                         "\r\n\r\nsent by curl\r\n");
  return run({"curl", "--silent", "--show-error", "--url", "smtp://127.0.0.1:" + std::to_string(port),
              "--mail-from", "app@example.com", "--mail-rcpt", rcpt, "--upload-file", eml});
}

}  // namespace mailsim::test
