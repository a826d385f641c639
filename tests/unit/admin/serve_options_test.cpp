#include "harness/serve/serve_options.hpp"

#include <gtest/gtest.h>

#include "harness/scenario/scenario_loader.hpp"

namespace {

using namespace mailsim::harness;

Scenario scenario() {
  auto loaded = load_scenario_text(R"(name: pins
servers:
  smtp: {protocol: smtp}
  imap: {protocol: imap}
oauth:
  clients:
    app: {secret: s}
connection:
  outbound: {host: localhost, port: "${smtp.port}", security: none, use_authentication: false}
  inbound: {host: localhost, port: 1, user: nobody, password: unused}
steps:
  - test_connection: {}
)",
                                   "pins.yaml");
  EXPECT_TRUE(loaded.ok());
  return loaded.scenario;
}

TEST(PortPins, NamesServersAndTheOauthMock) {
  const auto pins = parse_port_pins({"smtp=2525", "oauth=8080"}, scenario());
  EXPECT_EQ(pins.error, "");
  EXPECT_EQ(pins.ports.at("smtp"), 2525);
  EXPECT_EQ(pins.ports.at("oauth"), 8080);
}

TEST(PortPins, RefusesUnknownNamesBadPortsAndTwins) {
  EXPECT_NE(parse_port_pins({"pop3=110"}, scenario()).error.find("no server named pop3"), std::string::npos);
  EXPECT_NE(parse_port_pins({"smtp=0"}, scenario()).error, "");
  EXPECT_NE(parse_port_pins({"smtp=65536"}, scenario()).error, "");
  EXPECT_NE(parse_port_pins({"smtp=25x"}, scenario()).error, "");
  EXPECT_NE(parse_port_pins({"smtp"}, scenario()).error, "");
  EXPECT_NE(parse_port_pins({"=25"}, scenario()).error, "");
  EXPECT_NE(parse_port_pins({"smtp=25", "smtp=26"}, scenario()).error.find("twice"), std::string::npos);
}

TEST(Loopback, KnowsLoopbackFromTheRest) {
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.1.2.3"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("192.168.1.10"));
  EXPECT_FALSE(is_loopback("not an address"));
}

}  // namespace
