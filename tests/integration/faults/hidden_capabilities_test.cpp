// A server played without some extensions: the names leave every capability
// list, their commands are refused, and the client falls back.
#include <gtest/gtest.h>

#include "client/imap/imap_client.hpp"
#include "fault_world.hpp"
#include "mockserver/imap/hidden_capabilities.hpp"
#include "raw_client.hpp"

namespace mailsim::faults_test {
namespace {

using namespace std::chrono_literals;
using mock::HiddenCapabilities;

struct Hidden {
  explicit Hidden(std::set<std::string, std::less<>> names) {
    mock::ImapServerConfig config;
    config.users = {{kUser, kPassword}};
    config.hooks = std::make_shared<HiddenCapabilities>(nullptr, std::move(names));
    server = std::make_unique<mock::ImapServer>(config);
    server->store().add_message(kUser, "INBOX", kMessage);
    server->store().add_message(kUser, "Archive", kMessage);
    server->start();
  }
  std::unique_ptr<mock::ImapServer> server;
};

TEST(HiddenCapabilities, NamesLeaveTheGreetingAndTheCapabilityResponse) {
  Hidden world({"MOVE", "LITERAL+"});
  RawClient raw(world.server->port());
  const std::string greeting = raw.read_through("\r\n");
  EXPECT_NE(greeting.find("[CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE"), std::string::npos) << greeting;
  EXPECT_EQ(greeting.find("MOVE"), std::string::npos) << greeting;
  EXPECT_EQ(greeting.find("LITERAL+"), std::string::npos) << greeting;
  raw.send("a CAPABILITY\r\n");
  const std::string caps = raw.read_through("a OK");
  EXPECT_NE(caps.find("* CAPABILITY IMAP4rev1 SASL-IR ID"), std::string::npos) << caps;
  EXPECT_NE(caps.find("UIDPLUS UNSELECT"), std::string::npos) << caps;  // a neighbour of MOVE stays whole
  EXPECT_EQ(caps.find("MOVE"), std::string::npos) << caps;
}

TEST(HiddenCapabilities, CommandsOfAHiddenExtensionAreRefused) {
  Hidden world({"MOVE"});
  RawClient raw(world.server->port());
  raw.read_through("\r\n");
  raw.send("a LOGIN alice alice-pass\r\nb SELECT INBOX\r\n");
  raw.read_through("b OK");
  raw.read_through("\r\n");
  raw.send("c UID MOVE 1 Archive\r\n");
  EXPECT_EQ(raw.read_through("\r\n"), "c BAD Unknown command UID MOVE\r\n");
  EXPECT_EQ(world.server->store().messages(kUser, "INBOX").size(), 1u);
}

TEST(HiddenCapabilities, ClientMovesByCopyWhenMoveIsHidden) {
  Hidden world({"MOVE"});
  client::imap::ImapClientOptions options;
  options.host = "localhost";
  options.port = world.server->port();
  options.credentials = sasl::ClientCredentials{.user = kUser, .password = kPassword};
  options.timeouts.command = 10s;
  client::imap::ImapClient client(options);
  ASSERT_FALSE(client.open());
  ASSERT_TRUE(client.select("INBOX").ok());
  ASSERT_TRUE(client.move({1}, "Archive").ok());
  EXPECT_EQ(world.server->store().messages(kUser, "INBOX").size(), 0u);
  EXPECT_EQ(world.server->store().messages(kUser, "Archive").size(), 2u);
}

TEST(HiddenCapabilities, UnknownNamesAreRefused) {
  EXPECT_THROW(HiddenCapabilities(nullptr, {"IMAP4rev1"}), std::invalid_argument);
}

}  // namespace
}  // namespace mailsim::faults_test
