#pragma once
// A scenario's servers, up: each declared listener started on an ephemeral
// loopback port with its TLS, users, seeded mailboxes and faults, all on the
// scenario's own virtual clock and fault engine; with an `oauth:` section
// also the OAuth mock, whose tokens every mail server then accepts.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "common/clock.hpp"
#include "harness/scenario/scenario.hpp"
#include "mockserver/faults/fault_engine.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauthmock/oauth_server.hpp"

namespace mailsim::harness {

// Where the servers listen; scenario runs keep the defaults, `mailsim serve`
// pins ports and may bind another address.
struct ListenOptions {
  std::string bind_address = "127.0.0.1";
  std::map<std::string, std::uint16_t> ports;  // server name (or "oauth") -> port; absent: ephemeral
  // When set, each TLS server's certificate chain and private key are written
  // there as NAME.crt and NAME.key (mode 0600), for tools that need the key
  // (e.g. to decrypt a capture).
  std::string key_dir;
};

class LiveServers {
 public:
  // Starts every server; throws std::runtime_error naming the server when one cannot start.
  LiveServers(const Scenario& scenario, std::shared_ptr<Clock> clock, const std::string& work_dir,
              const ListenOptions& listen = {});
  ~LiveServers();

  // ${name.port}, ${name.host}, ${ca_file} and friends for the connection and
  // `run` steps; with OAuth ${oauth.token_url}, ${oauth.authorize_url} and
  // ${token_store} (a file in the work folder).
  const std::map<std::string, std::string>& variables() const { return variables_; }
  const std::string& ca_file() const { return ca_file_; }

  mock::SmtpServer* smtp(const std::string& name) const;
  mock::ImapServer* imap(const std::string& name) const;
  mock::faults::FaultEngine& faults() { return *engine_; }
  // Call after moving the clock: sessions waiting in IDLE look at their
  // token's expiry again (an Exchange-like server then says BYE).
  void clock_advanced();
  // The OAuth mock; null without an `oauth:` section.
  oauth::AuthorizationServer* oauth() const { return oauth_core_.get(); }
  // Adds a fault to one server (its listener name) and returns the engine's
  // rule ids; throws std::invalid_argument for a bad rule.
  std::vector<std::string> add_fault(const std::string& server, const FaultSpec& fault);
  void clear_faults(const std::string& server);
  // Every session transcript of every server, redacted, for failure reports.
  std::string transcripts() const;
  std::string transcript_of(const std::string& server) const;

 private:
  std::shared_ptr<Clock> clock_;
  Clock::time_point start_;
  std::shared_ptr<mock::faults::FaultEngine> engine_;
  std::shared_ptr<oauth::AuthorizationServer> oauth_core_;
  std::unique_ptr<oauth::OAuthServer> oauth_server_;
  std::map<std::string, std::unique_ptr<mock::SmtpServer>> smtp_;
  std::map<std::string, std::unique_ptr<mock::ImapServer>> imap_;
  std::map<std::string, std::string> variables_;
  std::map<std::string, std::vector<std::string>> fault_ids_;  // server -> rule ids
  std::string ca_file_;
};

}  // namespace mailsim::harness
