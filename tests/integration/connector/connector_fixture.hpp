#pragma once
// Shared set-up of the connector's integration tests: a mock SMTP and IMAP
// pair on loopback, the connection that reaches them, and the small fake
// peers the mocks cannot play (a silent server, a garbage speaker, a port
// nothing listens on, a listener whose backlog is full).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connector/access_token_provider.hpp"
#include "client/connector/connector_options.hpp"
#include "common/net/asio.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace mailsim::test {

inline constexpr const char* kSmtpUser = "alice@example.com";
inline constexpr const char* kSmtpPassword = "Smtp-s3cret-Pa55";
inline constexpr const char* kImapUser = "alice@example.com";
inline constexpr const char* kImapPassword = "Imap-s3cret-Pa55";

mock::SmtpServerConfig smtp_config(mock::Security security = mock::Security::none);
mock::ImapServerConfig imap_config(mock::Security security = mock::Security::none);

client::Security client_security(mock::Security security);

// Basic authentication against both servers, short timeouts.
client::ConnectionConfig connection_to(std::uint16_t smtp_port, client::Security smtp_security, std::uint16_t imap_port,
                                       client::Security imap_security);

// Trusts the mocks' in-memory CA.
client::ConnectorOptions trusting_options();

// A mock SMTP and IMAP server, started, and the connection to both.
struct MockPair {
  explicit MockPair(mock::SmtpServerConfig smtp_config = test::smtp_config(),
                    mock::ImapServerConfig imap_config = test::imap_config());
  std::unique_ptr<mock::SmtpServer> smtp;
  std::unique_ptr<mock::ImapServer> imap;
  client::ConnectionConfig connection;
};

// SMTP hooks from functions; unset ones do nothing.
struct FunctionSmtpHooks : mock::SmtpSessionHooks {
  std::function<mock::SmtpHookAction()> connect;
  std::function<mock::SmtpHookAction(const mock::SmtpCommand&)> command;
  mock::SmtpHookAction on_connect(const mock::SmtpSession&) override {
    return connect ? connect() : mock::SmtpHookAction{};
  }
  mock::SmtpHookAction on_command(const mock::SmtpSession&, const mock::SmtpCommand& c) override {
    return command ? command(c) : mock::SmtpHookAction{};
  }
};

// IMAP hooks from functions; unset ones do nothing.
struct FunctionImapHooks : mock::ImapHooks {
  std::function<mock::HookAction()> connect;
  std::function<mock::HookAction(const mock::imap::ImapCommand&)> command;
  std::function<void(const std::string&)> response;  // sees each response about to leave
  mock::HookAction on_connect(const mock::ImapHookContext&) override {
    return connect ? connect() : mock::HookAction{};
  }
  mock::HookAction on_command(const mock::ImapHookContext&, const mock::imap::ImapCommand& c) override {
    return command ? command(c) : mock::HookAction{};
  }
  void before_response(const mock::ImapHookContext&, std::string& r) override {
    if (response) response(r);
  }
};

// A loopback TCP server that sends `banner` (may be empty: it stays silent)
// to every connection and then reads and discards until the client leaves.
class FakeServer {
 public:
  explicit FakeServer(std::string banner);
  ~FakeServer();
  std::uint16_t port() const { return port_; }

 private:
  net::asio::io_context io_;
  net::tcp::acceptor acceptor_;
  std::string banner_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t closed_port();

// A listener whose accept queue is full, so that new connection attempts
// get no answer at all: a connect timeout on loopback.
class FullBacklogListener {
 public:
  FullBacklogListener();
  ~FullBacklogListener();
  std::uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  std::vector<int> fillers_;
  std::uint16_t port_ = 0;
};

// Tokens from a script: the first access_token() call gets `first`, a
// force_refresh call gets `refreshed` (nullopt: the refresh fails).
class ScriptedTokens : public client::AccessTokenProvider {
 public:
  ScriptedTokens(std::string first, std::optional<std::string> refreshed)
      : first_(std::move(first)), refreshed_(std::move(refreshed)) {}
  std::optional<std::string> access_token(client::Side side, bool force_refresh) override;
  int calls() const { return calls_; }
  int refreshes() const { return refreshes_; }

 private:
  std::string first_;
  std::optional<std::string> refreshed_;
  std::atomic<int> calls_{0};
  std::atomic<int> refreshes_{0};
};

// Accepts exactly one token for the user.
mock::TokenChecker accept_only(std::string token);

}  // namespace mailsim::test
