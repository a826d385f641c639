#include "integration/connector/connector_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "mockserver/tls/certificate_authority.hpp"

namespace mailsim::test {

namespace asio = net::asio;

mock::SmtpServerConfig smtp_config(mock::Security security) {
  mock::SmtpServerConfig config;
  config.tls.security = security;
  config.users = {{kSmtpUser, kSmtpPassword}};
  config.auth_required = true;
  return config;
}

mock::ImapServerConfig imap_config(mock::Security security) {
  mock::ImapServerConfig config;
  config.tls.security = security;
  config.users = {{kImapUser, kImapPassword}};
  return config;
}

client::Security client_security(mock::Security security) {
  switch (security) {
    case mock::Security::none:
      return client::Security::none;
    case mock::Security::ssl_tls:
      return client::Security::ssl_tls;
    case mock::Security::starttls:
      return client::Security::starttls;
  }
  return client::Security::none;
}

client::ConnectionConfig connection_to(std::uint16_t smtp_port, client::Security smtp_security, std::uint16_t imap_port,
                                       client::Security imap_security) {
  client::ConnectionConfig c;
  c.outbound.host = "localhost";
  c.outbound.port = smtp_port;
  c.outbound.security = smtp_security;
  c.outbound.user = kSmtpUser;
  c.outbound.password = kSmtpPassword;
  c.inbound.host = "localhost";
  c.inbound.port = imap_port;
  c.inbound.security = imap_security;
  c.inbound.user = kImapUser;
  c.inbound.password = kImapPassword;
  // Generous: these bound a broken test, they are not what a test checks.
  c.timeouts.connect = std::chrono::seconds(10);
  c.timeouts.command = std::chrono::seconds(10);
  c.timeouts.overall = std::chrono::seconds(60);
  c.source_file = "test";
  return c;
}

client::ConnectorOptions trusting_options() {
  client::ConnectorOptions options;
  options.extra_ca_pem = mock::default_certificate_authority()->ca_certificate_pem();
  return options;
}

MockPair::MockPair(mock::SmtpServerConfig smtp_config, mock::ImapServerConfig imap_config) {
  const auto smtp_security = client_security(smtp_config.tls.security);
  const auto imap_security = client_security(imap_config.tls.security);
  smtp = std::make_unique<mock::SmtpServer>(std::move(smtp_config));
  imap = std::make_unique<mock::ImapServer>(std::move(imap_config));
  smtp->start();
  imap->start();
  connection = connection_to(smtp->port(), smtp_security, imap->port(), imap_security);
}

namespace {

asio::awaitable<void> serve_one(net::tcp::socket socket, std::string banner) {
  net::error_code ec;
  if (!banner.empty())
    co_await asio::async_write(socket, asio::buffer(banner), asio::redirect_error(asio::use_awaitable, ec));
  char buffer[4096];
  while (!ec) co_await socket.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> accept_loop(net::tcp::acceptor& acceptor, const std::string& banner) {
  for (;;) {
    net::error_code ec;
    auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), serve_one(std::move(socket), banner), asio::detached);
  }
}

}  // namespace

FakeServer::FakeServer(std::string banner)
    : acceptor_(io_, net::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), banner_(std::move(banner)) {
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(io_, accept_loop(acceptor_, banner_), asio::detached);
  thread_ = std::thread([this] { io_.run(); });
}

FakeServer::~FakeServer() {
  io_.stop();
  thread_.join();
}

namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::uint16_t bound_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("getsockname failed");
  return ntohs(address.sin_port);
}

}  // namespace

std::uint16_t closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  auto address = loopback(0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("bind failed");
  }
  const auto port = bound_port(fd);
  close(fd);
  return port;
}

FullBacklogListener::FullBacklogListener() {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback(0);
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener_, 0) != 0)
    throw std::runtime_error("cannot make the listener");
  port_ = bound_port(listener_);
  // Linux queues backlog + 1 connections; a few more make sure the queue is
  // full. Once it is, the kernel drops further SYNs: no answer, no refusal.
  auto target = loopback(port_);
  for (int i = 0; i < 4; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target);  // EINPROGRESS for the later ones
    fillers_.push_back(fd);
  }
}

FullBacklogListener::~FullBacklogListener() {
  for (const int fd : fillers_) close(fd);
  close(listener_);
}

std::optional<std::string> ScriptedTokens::access_token(client::Side, bool force_refresh) {
  ++calls_;
  if (!force_refresh) return first_;
  ++refreshes_;
  return refreshed_;
}

mock::TokenChecker accept_only(std::string token) {
  return [token](std::string_view, std::string_view presented) {
    sasl::TokenVerdict verdict;
    verdict.valid = presented == token;
    if (!verdict.valid) verdict.scope = "https://mail.example.com/";
    return verdict;
  };
}

}  // namespace mailsim::test
