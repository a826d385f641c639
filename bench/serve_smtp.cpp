// The mock SMTP server for smtp-source: no AUTH, optional STARTTLS, enough
// sessions for every load; "count" answers how many messages it captured.
#include <string>

#include "bench/serve.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace mailsim::bench {
namespace {

class ServedSmtp : public Served {
 public:
  explicit ServedSmtp(mock::SmtpServerConfig config) : server_(std::move(config)) { server_.start(); }
  std::uint16_t port() const override { return server_.port(); }
  std::string command(std::string_view line) override {
    if (line == "count") return std::to_string(server_.message_count());
    return "unknown command";
  }

 private:
  mock::SmtpServer server_;
};

}  // namespace

std::unique_ptr<Served> serve_smtp(const ServeOptions& options) {
  mock::SmtpServerConfig config;
  config.max_sessions = options.number("max-sessions", 1000);
  if (options.text("security", "none") == "starttls") config.tls.security = mock::Security::starttls;
  return std::make_unique<ServedSmtp>(std::move(config));
}

}  // namespace mailsim::bench
