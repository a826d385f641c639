// An implicit-TLS (ssl_tls) listener that is full refuses inside TLS: the
// client completes the handshake and reads the 421, where plaintext written
// before the handshake would only look like a broken ServerHello.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "client/smtp/smtp_client.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "unit/smtp_server/blocking_client.hpp"

namespace {

using namespace mailsim;
using namespace std::chrono_literals;
using client::Reason;
using client::smtp::SmtpClient;
using client::smtp::SmtpClientOptions;
using mock::smtp_test::BlockingClient;

mock::SmtpServerConfig full_tls_listener(std::size_t max_sessions, std::size_t max_per_ip) {
  mock::SmtpServerConfig config;
  config.tls.security = mock::Security::ssl_tls;
  config.users = {{"alice", "s3cret-pass"}};
  config.max_sessions = max_sessions;
  config.max_sessions_per_ip = max_per_ip;
  return config;
}

SmtpClientOptions tls_client(const mock::SmtpServer& server) {
  SmtpClientOptions options;
  options.host = "localhost";
  options.port = server.port();
  options.security = client::Security::ssl_tls;
  options.tls.ca_pem = server.ca_certificate_pem();
  options.credentials = sasl::ClientCredentials{.user = "alice", .password = "s3cret-pass"};
  options.timeouts.command = 10s;
  return options;
}

// Takes a slot for as long as it lives: greeted inside TLS, so admitted.
void hold_slot(BlockingClient& holder, const mock::SmtpServer& server) {
  holder.start_tls(server.ca_certificate_pem());
  ASSERT_EQ(holder.read_reply().substr(0, 4), "220 ");
}

TEST(SmtpRefusalOverTls, OurClientReadsTheListenerFull421) {
  mock::SmtpServer server(full_tls_listener(1, 0));
  server.start();
  {
    BlockingClient holder(server.port());
    hold_slot(holder, server);
    const auto result = SmtpClient(tls_client(server)).test();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->reason, Reason::throttled) << client::describe(*result.failure);
    EXPECT_EQ(result.failure->stage, client::Stage::greeting);
    EXPECT_NE(result.failure->server_words.find("421 4.7.0 localhost Error: too many connections"), std::string::npos)
        << result.failure->server_words;
  }
  // The refusal left nothing behind: once the holder is gone the slot is free.
  ASSERT_TRUE(server.wait_for_active_sessions(0, 30s)) << server.active_sessions() << " sessions left";
  const auto result = SmtpClient(tls_client(server)).test();
  EXPECT_TRUE(result.ok()) << client::describe(*result.failure);
}

TEST(SmtpRefusalOverTls, OpenSslClientReadsThePerAddress421ThenTheEnd) {
  mock::SmtpServer server(full_tls_listener(10, 1));
  server.start();
  BlockingClient holder(server.port());
  hold_slot(holder, server);
  BlockingClient refused(server.port());
  refused.start_tls(server.ca_certificate_pem());
  EXPECT_FALSE(refused.tls_version().empty());
  EXPECT_EQ(refused.read_reply(), "421 4.7.0 localhost Error: too many connections from your address\r\n");
  EXPECT_TRUE(refused.closed_by_server());
  // The holder's session is untouched by its neighbour's refusal.
  EXPECT_EQ(holder.command("EHLO good.example").substr(0, 4), "250-");
  EXPECT_EQ(holder.command("QUIT"), "221 2.0.0 Bye\r\n");
}

}  // namespace
