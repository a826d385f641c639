// `mailsim serve` as an outside client sees it: endpoints from --json, mail
// sent with curl and read back through the admin API, faults and token
// expiry injected through the API, and a clean stop on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <filesystem>

#include "common/base64.hpp"
#include "serve_fixture.hpp"
#include "smtp_line_client.hpp"

namespace {

using namespace mailsim;
using test::ServeProcess;

struct Serve : ::testing::Test {
  void SetUp() override { ASSERT_TRUE(test::have_program("curl")) << "curl is missing: run ci/bootstrap"; }
  test::TempDir dir;
};

// An access token from the served OAuth mock (client_credentials: the
// token's subject, and so its SMTP user, is the client id "app").
std::string fetch_token(const ServeProcess& serve) {
  std::string token_url;
  for (const auto& e : serve.endpoints().at("endpoints"))
    if (e.at("name") == "oauth") token_url = e.at("url").get<std::string>() + "/token";
  const auto r = test::run({"curl", "--silent", "--show-error", "--fail", "--user", "app:app-secret", "--data",
                            "grant_type=client_credentials", token_url});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out, nullptr, false);
  return json.is_object() ? json.value("access_token", "") : "";
}

std::string xoauth2(const std::string& user, const std::string& token) {
  return "AUTH XOAUTH2 " + base64_encode("user=" + user + "\x01" + "auth=Bearer " + token + "\x01\x01");
}

TEST_F(Serve, PrintsEveryEndpointAndWritesTheCaCertificate) {
  ServeProcess serve(dir, test::kServeScenario, {"--cert-dir", dir.path() + "/certs"});
  ASSERT_TRUE(serve.up());
  const auto& summary = serve.endpoints();
  ASSERT_EQ(summary.at("endpoints").size(), 3u) << summary.dump();
  EXPECT_EQ(summary.at("endpoints").at(0).at("protocol"), "smtp");
  EXPECT_EQ(summary.at("endpoints").at(0).at("host"), "127.0.0.1");
  EXPECT_EQ(summary.at("endpoints").at(0).at("security"), "none");
  EXPECT_EQ(summary.at("endpoints").at(1).at("protocol"), "imap");
  EXPECT_EQ(summary.at("endpoints").at(2).at("name"), "oauth");
  EXPECT_EQ(summary.at("ca_file"), dir.path() + "/certs/ca.pem");
  EXPECT_TRUE(std::filesystem::is_regular_file(summary.at("ca_file").get<std::string>()));
  EXPECT_EQ(serve.admin("GET", "/health").status, 200);
  EXPECT_EQ(serve.admin("GET", "/ready").body.value("ready", false), true);
}

// --write-key hands out the TLS server's chain and key (owner-only), and
// they are the ones the server presents: openssl s_client sees that leaf.
TEST_F(Serve, WriteKeyExportsTheLeafTheTlsServerPresents) {
  ASSERT_TRUE(test::have_program("openssl"));
  const std::string scenario = R"(name: tls for the key export
servers:
  secure:
    protocol: smtp
    security: ssl_tls
connection: {outbound: {host: localhost, port: "${secure.port}", security: ssl_tls}, inbound: {host: localhost, port: 1}}
steps:
  - test_connection: {}
)";
  const std::string certs = dir.path() + "/certs";
  ServeProcess serve(dir, scenario, {"--cert-dir", certs, "--write-key"});
  ASSERT_TRUE(serve.up());
  const std::string key = certs + "/secure.key";
  ASSERT_TRUE(std::filesystem::is_regular_file(key));
  EXPECT_EQ(std::filesystem::status(key).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto from_key = test::run({"openssl", "pkey", "-in", key, "-pubout"});
  ASSERT_EQ(from_key.exit_code, 0) << from_key.err;
  const auto presented = test::run(
      {"sh", "-c",
       "openssl s_client -connect 127.0.0.1:" + std::to_string(serve.port("secure")) +
           " -CAfile " + certs + "/ca.pem -verify_return_error </dev/null 2>/dev/null | openssl x509 -pubkey -noout"});
  ASSERT_EQ(presented.exit_code, 0) << presented.err;
  EXPECT_EQ(presented.out, from_key.out);
  EXPECT_FALSE(from_key.out.empty());
}

TEST_F(Serve, WithoutWriteKeyNoKeyLeavesTheServer) {
  ServeProcess serve(dir, test::kServeScenario, {"--cert-dir", dir.path() + "/certs"});
  ASSERT_TRUE(serve.up());
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/certs"))
    EXPECT_NE(entry.path().extension(), ".key") << entry.path();
}

TEST_F(Serve, MailSentWithCurlIsReadBackThroughTheAdminApi) {
  ServeProcess serve(dir, test::kServeScenario);
  ASSERT_TRUE(serve.up());
  const auto sent = test::send_with_curl(serve.port("smtp"), "quarterly report", "ops@example.com");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  test::send_with_curl(serve.port("smtp"), "lunch", "bob@example.com");

  const auto all = serve.admin("GET", "/api/messages");
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.body.at("messages").size(), 2u) << all.body.dump();
  const auto filtered = serve.admin("GET", "/api/messages?recipient=ops@example.com");
  ASSERT_EQ(filtered.body.at("messages").size(), 1u) << filtered.body.dump();
  const auto& summary = filtered.body.at("messages").at(0);
  EXPECT_EQ(summary.at("subject"), "quarterly report");
  EXPECT_EQ(summary.at("mail_from"), "app@example.com");

  const auto one = serve.admin("GET", "/api/messages/" + summary.at("id").get<std::string>());
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.body.at("raw").get<std::string>().find("sent by curl"), std::string::npos);
  EXPECT_EQ(serve.admin("GET", "/api/messages/no-such-id").status, 404);

  EXPECT_EQ(serve.admin("DELETE", "/api/messages").body.value("deleted", 0), 2);
  EXPECT_TRUE(serve.admin("GET", "/api/messages").body.at("messages").empty());
}

TEST_F(Serve, AFaultAddedThroughTheApiChangesTheNextReply) {
  ServeProcess serve(dir, test::kServeScenario);
  ASSERT_TRUE(serve.up());
  const auto added = serve.admin(
      "POST", "/api/faults",
      R"({"server": "smtp", "rule": {"on": "command", "verb": "MAIL", "reply": "421 4.7.0 Try again later"}})");
  ASSERT_EQ(added.status, 201) << added.body.dump();
  const auto id = added.body.at("ids").at(0).get<std::string>();

  test::SmtpLineClient smtp(serve.port("smtp"));
  smtp.command("EHLO test");
  EXPECT_EQ(smtp.command("MAIL FROM:<app@example.com>"), "421 4.7.0 Try again later\r\n");
  EXPECT_NE(test::send_with_curl(serve.port("smtp"), "refused", "ops@example.com").exit_code, 0);

  EXPECT_EQ(serve.admin("DELETE", "/api/faults/" + id).status, 200);
  EXPECT_EQ(serve.admin("DELETE", "/api/faults/" + id).status, 404);
  EXPECT_EQ(test::send_with_curl(serve.port("smtp"), "accepted", "ops@example.com").exit_code, 0);
}

TEST_F(Serve, ExpiringTokensThroughTheApiMakesTheNextXoauth2Fail) {
  ServeProcess serve(dir, test::kServeScenario);
  ASSERT_TRUE(serve.up());
  const auto token = fetch_token(serve);
  ASSERT_FALSE(token.empty());
  {
    test::SmtpLineClient smtp(serve.port("smtp"));
    smtp.command("EHLO test");
    EXPECT_EQ(smtp.command(xoauth2("app", token)).substr(0, 4), "235 ");
  }
  const auto expired = serve.admin("POST", "/api/oauth/expire");
  ASSERT_EQ(expired.status, 200) << expired.body.dump();
  test::SmtpLineClient smtp(serve.port("smtp"));
  smtp.command("EHLO test");
  const auto refused = smtp.command(xoauth2("app", token));
  // The XOAUTH2 error challenge (334 + JSON) comes first, then 535 after the empty answer.
  ASSERT_EQ(refused.substr(0, 4), "334 ") << refused;
  EXPECT_EQ(smtp.command("").substr(0, 3), "535");
  const auto tokens = serve.admin("GET", "/api/oauth/tokens");
  ASSERT_EQ(tokens.body.at("tokens").size(), 1u);
  EXPECT_TRUE(tokens.body.at("tokens").at(0).at("expired").get<bool>());
  EXPECT_EQ(tokens.body.dump().find(token), std::string::npos) << "the admin API showed a whole token";
}

TEST_F(Serve, AdvancingTheClockExpiresTokensWithoutWaiting) {
  ServeProcess serve(dir, test::kServeScenario);
  ASSERT_TRUE(serve.up());
  const auto token = fetch_token(serve);
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(serve.admin("POST", "/api/clock/advance", R"({"by": "2h"})").status, 200);
  EXPECT_EQ(serve.admin("GET", "/api/clock").body.value("offset", ""), "2h");
  test::SmtpLineClient smtp(serve.port("smtp"));
  smtp.command("EHLO test");
  EXPECT_EQ(smtp.command(xoauth2("app", token)).substr(0, 4), "334 ");
}

TEST_F(Serve, TheAdminTokenIsRequiredWhenSet) {
  ServeProcess serve(dir, test::kServeScenario, {"--admin-token", "s3cret-admin"});
  ASSERT_TRUE(serve.up());
  const auto without = serve.admin("GET", "/api/messages");
  EXPECT_EQ(without.status, 401);
  EXPECT_EQ(without.body.value("error", ""), "unauthorized");
  EXPECT_EQ(serve.admin("GET", "/api/messages", "", "wrong").status, 401);
  EXPECT_EQ(serve.admin("GET", "/api/messages", "", "s3cret-admin").status, 200);
  EXPECT_EQ(serve.admin("GET", "/health").status, 200);  // probes need no token
  EXPECT_EQ(serve.child().out().find("s3cret-admin"), std::string::npos);
}

TEST_F(Serve, BadRequestsGetAClearJsonError) {
  ServeProcess serve(dir, test::kServeScenario);
  ASSERT_TRUE(serve.up());
  const auto bad_json = serve.admin("POST", "/api/faults", "{not json");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(bad_json.body.value("error", ""), "bad_json");
  const auto bad_rule = serve.admin("POST", "/api/faults", R"({"server": "smtp", "rule": {"on": "sometimes", "action": "close"}})");
  EXPECT_EQ(bad_rule.status, 400);
  EXPECT_NE(bad_rule.body.value("message", "").find("sometimes"), std::string::npos) << bad_rule.body.dump();
  EXPECT_EQ(serve.admin("GET", "/api/nothing").status, 404);
  const auto huge = serve.admin("POST", "/api/clock/advance", std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.body.value("error", ""), "body_too_large");
}

TEST_F(Serve, SigtermStopsItWithExitZeroAndNoLeftoverProcess) {
  const auto ready = dir.path() + "/ready.json";
  ServeProcess serve(dir, test::kServeScenario, {"--ready-file", ready});
  ASSERT_TRUE(serve.up());
  EXPECT_TRUE(std::filesystem::exists(ready));
  const auto pid = serve.endpoints().at("pid").get<pid_t>();
  test::SmtpLineClient open_session(serve.port("smtp"));  // a client still connected must not hold it up
  serve.child().terminate();
  EXPECT_EQ(serve.child().wait(std::chrono::seconds(30)), 0) << serve.child().err();
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_FALSE(std::filesystem::exists(ready));
}

TEST_F(Serve, UnusableInputExitsTwo) {
  const auto scenario = dir.file("s.yaml", test::kServeScenario);
  const auto unknown = test::run({MAILSIM_BINARY, "serve", scenario, "--port", "pop3=1100"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no server named pop3"), std::string::npos) << unknown.err;
  const auto bad_port = test::run({MAILSIM_BINARY, "serve", scenario, "--port", "smtp=70000"});
  EXPECT_EQ(bad_port.exit_code, 2);
  const auto missing = test::run({MAILSIM_BINARY, "serve", dir.path() + "/missing.yaml"});
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
