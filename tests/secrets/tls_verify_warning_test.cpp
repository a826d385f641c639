// Certificate verification is on unless the connection file turns it off,
// and then every client command says so, also under --json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/connection/connection_loader.hpp"
#include "support/temp_dir.hpp"

namespace mailsim::test {
namespace {

constexpr const char* kWarning = "certificate verification is off";

// Port 1 on loopback refuses at once; the commands fail after loading.
std::string connection_file(const TempDir& dir, const std::string& tls) {
  return dir.file("conn.yaml",
                  "outbound: {host: 127.0.0.1, port: 1, security: ssl_tls, user: a, password: p}\n"
                  "inbound: {host: 127.0.0.1, port: 1, security: ssl_tls, user: a, password: p}\n" +
                      tls + "timeouts: {connect: 2s, command: 2s, overall: 5s}\n");
}

TEST(TlsVerification, OnWhenTheFileSaysNothing) {
  TempDir dir;
  const auto loaded = client::load_connection_file(connection_file(dir, ""));
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded.config.tls.verify);
  const auto r = run({MAILSIM_BINARY, "client", "test-connection", "--connection", connection_file(dir, "")});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ((r.out + r.err).find(kWarning), std::string::npos) << r.out << r.err;
}

TEST(TlsVerification, TurnedOffPrintsAWarning) {
  TempDir dir;
  const auto file = connection_file(dir, "tls: {verify: false}\n");
  const auto r = run({MAILSIM_BINARY, "client", "test-connection", "--connection", file});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find(kWarning), std::string::npos) << r.out << r.err;
}

TEST(TlsVerification, TurnedOffWarnsOnStderrAndInTheJsonUnderJson) {
  TempDir dir;
  const auto file = connection_file(dir, "tls: {verify: false}\n");
  const auto r = run({MAILSIM_BINARY, "client", "test-connection", "--json", "--connection", file});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(kWarning), std::string::npos) << r.err;
  const auto document = nlohmann::json::parse(r.out);
  ASSERT_EQ(document.at("diagnostics").size(), 1u) << r.out;
  EXPECT_EQ(document["diagnostics"][0]["field"], "tls.verify");
  EXPECT_EQ(document["diagnostics"][0]["severity"], "warning");
}

}  // namespace
}  // namespace mailsim::test
