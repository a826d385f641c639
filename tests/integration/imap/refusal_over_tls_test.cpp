// An implicit-TLS (ssl_tls) listener that is full refuses inside TLS: the
// client completes the handshake and reads the `* BYE`, where plaintext
// written before the handshake would only look like a broken ServerHello.
#include <chrono>

#include "imap_fixture.hpp"
#include "unit/imap_server/blocking_client.hpp"

namespace mailsim::imap_integration {
namespace {

using namespace std::chrono_literals;
using client::Stage;
using client::imap::test_connection;
using mock::testing::BlockingClient;

mock::ImapServerConfig full_tls_listener(std::size_t max_sessions, std::size_t max_per_ip) {
  auto config = server_config(mock::Security::ssl_tls);
  config.max_sessions = max_sessions;
  config.max_sessions_per_ip = max_per_ip;
  return config;
}

BlockingClient tls_peer(const mock::ImapServer& server) {
  return BlockingClient(server.port(), BlockingClient::trusting(server.ca_certificate_pem()));
}

TEST(ImapRefusalOverTls, OurClientReadsTheListenerFullBye) {
  mock::ImapServer server(full_tls_listener(1, 0));
  server.start();
  {
    auto holder = tls_peer(server);
    ASSERT_EQ(holder.read_line().substr(0, 4), "* OK");  // greeted, so it holds the only slot
    const auto result = test_connection(client_options(server, client::Security::ssl_tls));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->reason, Reason::throttled) << client::describe(*result.failure);
    EXPECT_EQ(result.failure->stage, Stage::greeting);
    EXPECT_NE(result.failure->server_words.find("BYE Too many connections."), std::string::npos)
        << result.failure->server_words;
  }
  // The refusal left nothing behind: once the holder is gone the slot is free.
  ASSERT_TRUE(server.wait_for_active_sessions(0, 30s)) << server.active_sessions() << " sessions left";
  const auto result = test_connection(client_options(server, client::Security::ssl_tls));
  EXPECT_TRUE(result.ok()) << client::describe(*result.failure);
}

TEST(ImapRefusalOverTls, AsioSslClientReadsThePerAddressByeThenTheEnd) {
  mock::ImapServer server(full_tls_listener(10, 1));
  server.start();
  auto holder = tls_peer(server);
  ASSERT_EQ(holder.read_line().substr(0, 4), "* OK");
  auto refused = tls_peer(server);  // the handshake completes: it throws otherwise
  EXPECT_EQ(refused.read_line(), "* BYE Too many connections from your address.");
  EXPECT_TRUE(refused.at_eof()) << "the server closes after the BYE";
  // The holder's session is untouched by its neighbour's refusal.
  EXPECT_EQ(holder.command("a", "LOGIN alice s3cret-pass").substr(0, 4), "a OK");
  EXPECT_EQ(holder.command("b", "LOGOUT"), "* BYE Logging out\r\nb OK Logout completed.\r\n");
}

}  // namespace
}  // namespace mailsim::imap_integration
