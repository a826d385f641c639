// The admin API in-process: handlers called without HTTP on live servers.
#include "admin/admin_api.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/scenario/scenario_loader.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;
using admin::AdminRequest;
using admin::AdminResponse;
using nlohmann::json;

constexpr const char* kScenario = R"(name: admin api
servers:
  smtp:
    protocol: smtp
  imap:
    protocol: imap
    users: {user@example.com: pass}
    mailboxes:
      user@example.com:
        INBOX:
          - {from: boss@example.com, to: user@example.com, subject: seeded, text: hello}
oauth:
  clients:
    app: {secret: app-secret, access_token_ttl: 1h}
connection:
  outbound: {host: localhost, port: "${smtp.port}", security: none, use_authentication: false}
  inbound: {host: localhost, port: 1, user: nobody, password: unused}
steps:
  - test_connection: {}
)";

// A connection that stays open (and has read the greeting) until destroyed.
class OpenConnection {
 public:
  explicit OpenConnection(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_FALSE(read_some().empty());
  }
  ~OpenConnection() { close(fd_); }
  // "" once the server closed the connection.
  std::string read_some() {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 30000) <= 0) return "timeout";
    char buffer[1024];
    const auto n = recv(fd_, buffer, sizeof buffer, 0);
    return n <= 0 ? std::string() : std::string(buffer, static_cast<std::size_t>(n));
  }

 private:
  int fd_;
};

struct AdminApiTest : ::testing::Test {
  test::TempDir dir;
  harness::Scenario scenario = [] {
    auto loaded = harness::load_scenario_text(kScenario, "admin.yaml");
    EXPECT_TRUE(loaded.ok());
    return loaded.scenario;
  }();
  std::shared_ptr<SystemClock> clock = std::make_shared<SystemClock>();
  harness::LiveServers servers{scenario, clock, dir.path()};
  bool ready = true;
  admin::AdminApi api{{scenario, servers, *clock, [this] { return ready; }}, {}};

  AdminResponse call(const std::string& method, const std::string& path, const std::string& body = "",
                     std::multimap<std::string, std::string> query = {}) {
    AdminRequest r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.query = std::move(query);
    return api.handle(r);
  }

  void send(const std::string& subject, const std::string& rcpt) {
    const auto eml = dir.file("m.eml", "Subject: " + subject + "\r\n\r\nbody\r\n");
    const auto r = test::run({"curl", "--silent", "--show-error", "--url",
                              "smtp://127.0.0.1:" + std::to_string(servers.smtp("smtp")->port()), "--mail-from",
                              "app@example.com", "--mail-rcpt", rcpt, "--upload-file", eml});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(AdminApiTest, HealthAndReadiness) {
  EXPECT_EQ(call("GET", "/health").status, 200);
  EXPECT_EQ(call("GET", "/ready").status, 200);
  ready = false;
  EXPECT_EQ(call("GET", "/ready").status, 503);
}

TEST_F(AdminApiTest, TheBearerTokenGuardsTheApiButNotTheProbes) {
  admin::AdminApi guarded{{scenario, servers, *clock}, {"t0ken"}};
  AdminRequest r;
  r.method = "GET";
  r.path = "/api/faults";
  const auto refused = guarded.handle(r);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.headers.at("WWW-Authenticate"), "Bearer realm=\"mailsim\"");
  EXPECT_EQ(refused.body.dump().find("t0ken"), std::string::npos);
  r.authorization = "Bearer t0ke";
  EXPECT_EQ(guarded.handle(r).status, 401);
  r.authorization = "Bearer t0ken";
  EXPECT_EQ(guarded.handle(r).status, 200);
  r.authorization.clear();
  r.path = "/health";
  EXPECT_EQ(guarded.handle(r).status, 200);
}

TEST_F(AdminApiTest, MessagesAreFilteredBySubjectRecipientAndTime) {
  ASSERT_TRUE(test::have_program("curl")) << "curl is missing: run ci/bootstrap";
  send("Quarterly numbers", "ops@example.com");
  send("Lunch", "bob@example.com");
  EXPECT_EQ(call("GET", "/api/messages").body.at("messages").size(), 2u);
  const auto by_subject = call("GET", "/api/messages", "", {{"subject", "quarterly"}});
  ASSERT_EQ(by_subject.body.at("messages").size(), 1u);
  EXPECT_EQ(by_subject.body.at("messages").at(0).at("rcpt_to"), json::array({"ops@example.com"}));
  EXPECT_EQ(call("GET", "/api/messages", "", {{"recipient", "BOB@"}}).body.at("messages").size(), 1u);
  EXPECT_EQ(call("GET", "/api/messages", "", {{"since", "2100-01-01T00:00:00Z"}}).body.at("messages").size(), 0u);
  EXPECT_EQ(call("GET", "/api/messages", "", {{"since", "last week"}}).status, 400);
  const auto id = by_subject.body.at("messages").at(0).at("id").get<std::string>();
  const auto raw = call("GET", "/api/messages/" + id + "/raw");
  EXPECT_EQ(raw.content_type, "message/rfc822");
  EXPECT_EQ(raw.raw, "Subject: Quarterly numbers\r\n\r\nbody\r\n");
  const auto one = call("GET", "/api/messages/" + id);
  EXPECT_EQ(one.body.at("headers").at(0).at("name"), "Subject");
}

TEST_F(AdminApiTest, MailboxesListAddAndFlag) {
  const auto boxes = call("GET", "/api/mailboxes").body.at("mailboxes");
  ASSERT_EQ(boxes.size(), 1u) << boxes.dump();
  EXPECT_EQ(boxes.at(0).at("messages"), 1);
  const auto added = call("POST", "/api/mailboxes/imap/user@example.com/messages",
                          R"({"from": "a@example.com", "to": "user@example.com", "subject": "added", "text": "hi",
                              "flags": ["\\Flagged"]})");
  ASSERT_EQ(added.status, 201) << added.body.dump();
  const auto uid = added.body.at("uid").get<int>();
  const auto listed = call("GET", "/api/mailboxes/imap/user@example.com/messages").body.at("messages");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed.at(1).at("subject"), "added");
  EXPECT_EQ(listed.at(1).at("flags"), json::array({"\\Flagged"}));

  const auto flagged = call("PUT", "/api/mailboxes/imap/user@example.com/messages/" + std::to_string(uid) + "/flags",
                            R"({"flags": ["\\Seen"], "mode": "add"})");
  ASSERT_EQ(flagged.status, 200) << flagged.body.dump();
  EXPECT_EQ(flagged.body.at("flags"), json::array({"\\Flagged", "\\Seen"}));
  EXPECT_EQ(call("PUT", "/api/mailboxes/imap/user@example.com/messages/999/flags", R"({"flags": []})").status, 404);
  EXPECT_EQ(call("PUT", "/api/mailboxes/imap/user@example.com/messages/x/flags", R"({"flags": []})").status, 400);
  EXPECT_EQ(call("PUT", "/api/mailboxes/imap/user@example.com/messages/1/flags", R"({"flags": ["\\\\Seen"]})").status,
            400);
  EXPECT_EQ(call("PUT", "/api/mailboxes/imap/user@example.com/messages/1/flags", R"({"flags": [], "mode": "x"})").status,
            400);
  EXPECT_EQ(call("POST", "/api/mailboxes/imap/nobody@example.com/messages", R"({"raw": "x"})").status, 404);
  EXPECT_EQ(call("POST", "/api/mailboxes/nosuch/user@example.com/messages", R"({"raw": "x"})").status, 404);
  EXPECT_EQ(call("POST", "/api/mailboxes/imap/user@example.com/messages", R"({"subject": "no one"})").status, 400);
}

TEST_F(AdminApiTest, FaultsAreAddedListedRemovedAndCleared) {
  const auto added = call("POST", "/api/faults",
                          R"({"server": "smtp", "rule": {"id": "no-mail", "on": "command", "verb": "mail",
                              "reply": "421 4.7.0 Try again later"}})");
  ASSERT_EQ(added.status, 201) << added.body.dump();
  EXPECT_EQ(added.body.at("ids"), json::array({"no-mail"}));
  const auto listed = call("GET", "/api/faults").body.at("rules");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.at(0).at("verbs"), json::array({"MAIL"}));
  EXPECT_EQ(listed.at(0).at("server"), "smtp");
  EXPECT_EQ(call("POST", "/api/faults", added.status == 201 ? R"({"server": "smtp", "rule": {"id": "no-mail",
            "on": "connect", "action": "close"}})" : "").status, 409);
  EXPECT_EQ(call("DELETE", "/api/faults/no-mail").status, 200);
  EXPECT_EQ(call("DELETE", "/api/faults/no-mail").status, 404);

  ASSERT_EQ(call("POST", "/api/faults", R"({"server": "smtp", "rule": {"throttle": "messages", "limit": 2,
            "window": "1m"}})").status, 201);
  ASSERT_EQ(call("POST", "/api/faults", R"({"server": "imap", "rule": {"cap": "connections", "max": 1}})").status, 201);
  EXPECT_EQ(call("GET", "/api/faults").body.at("rules").size(), 2u);
  EXPECT_EQ(call("DELETE", "/api/faults").status, 200);
  EXPECT_TRUE(call("GET", "/api/faults").body.at("rules").empty());
}

TEST_F(AdminApiTest, BadFaultRulesSayWhatIsWrong) {
  const auto bad_action = call("POST", "/api/faults", R"({"server": "smtp", "rule": {"on": "command", "action": "explode"}})");
  EXPECT_EQ(bad_action.status, 400);
  EXPECT_NE(bad_action.body.at("message").get<std::string>().find("explode"), std::string::npos) << bad_action.body;
  EXPECT_EQ(call("POST", "/api/faults", R"({"server": "pop3", "rule": {"on": "connect", "action": "close"}})").status, 400);
  EXPECT_EQ(call("POST", "/api/faults", R"({"rule": {"on": "connect", "action": "close"}})").status, 400);
  EXPECT_EQ(call("POST", "/api/faults", R"({"server": "smtp"})").status, 400);
  EXPECT_EQ(call("POST", "/api/faults", R"({"server": "smtp", "rule": {"on": "connect", "bogus": 1}})").status, 400);
  // ${VAR} in a rule never reads the serve process's environment.
  const auto variable = call("POST", "/api/faults", R"({"server": "smtp", "rule": {"on": "connect", "reply": "${HOME}"}})");
  EXPECT_EQ(variable.status, 400);
  EXPECT_EQ(variable.body.dump().find(std::getenv("HOME") ? std::getenv("HOME") : "/nonexistent"), std::string::npos);
}

TEST_F(AdminApiTest, PresetsGoOnAsRulesAndOffByName) {
  const auto presets = call("GET", "/api/presets").body.at("presets");
  ASSERT_FALSE(presets.empty());
  const auto name = presets.at(0).at("name").get<std::string>();
  const auto on = call("POST", "/api/faults", json{{"server", "smtp"}, {"rule", {{"preset", name}}}}.dump());
  ASSERT_EQ(on.status, 201) << on.body.dump();
  EXPECT_FALSE(on.body.at("ids").empty());
  const auto off = call("DELETE", "/api/presets/" + name);
  EXPECT_EQ(off.status, 200);
  EXPECT_EQ(off.body.at("removed"), on.body.at("ids").size());
  EXPECT_EQ(call("DELETE", "/api/presets/" + name).status, 404);
  EXPECT_EQ(call("POST", "/api/faults", R"({"server": "smtp", "rule": {"preset": "no_such_provider"}})").status, 400);
}

TEST_F(AdminApiTest, TheClockOnlyMovesForward) {
  const auto before = clock->now();
  const auto advanced = call("POST", "/api/clock/advance", R"({"by": "90m"})");
  ASSERT_EQ(advanced.status, 200) << advanced.body.dump();
  EXPECT_EQ(advanced.body.at("offset"), "90m");
  EXPECT_GE(clock->now() - before, std::chrono::minutes(90));
  EXPECT_EQ(call("POST", "/api/clock/advance", R"({"by": "-5m"})").status, 400);
  EXPECT_EQ(call("POST", "/api/clock/advance", R"({"by": 5})").status, 400);
  EXPECT_EQ(call("POST", "/api/clock/advance", R"({})").status, 400);
  EXPECT_EQ(call("GET", "/api/clock").body.at("offset_ms"), 90 * 60 * 1000);
}

TEST_F(AdminApiTest, OauthTokensAreListedWithoutTheirValueAndCanBeRevoked) {
  const auto tokens = servers.oauth()->issue_tokens("app", "user@example.com", "");
  const auto listed = call("GET", "/api/oauth/tokens").body.at("tokens");
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed.dump().find(tokens.access_token), std::string::npos);
  const auto id = listed.at(0).at("id").get<std::string>();
  EXPECT_EQ(call("POST", "/api/oauth/tokens/" + id + "/revoke").status, 200);
  EXPECT_TRUE(call("GET", "/api/oauth/tokens").body.at("tokens").at(0).at("revoked").get<bool>());
  EXPECT_EQ(call("POST", "/api/oauth/tokens/nope/revoke").status, 404);
  EXPECT_EQ(call("POST", "/api/oauth/expire", "", {{"which", "some"}}).status, 400);
  EXPECT_EQ(call("POST", "/api/oauth/expire", "", {{"which", "all"}}).status, 200);
}

TEST_F(AdminApiTest, TokenCallsFailOnRequest) {
  ASSERT_EQ(call("POST", "/api/oauth/fail-token-calls", R"({"count": 2, "status": 503})").status, 200);
  EXPECT_EQ(call("POST", "/api/oauth/fail-token-calls", R"({"count": 2})").status, 400);
  EXPECT_EQ(call("POST", "/api/oauth/fail-token-calls", R"({"error": "invalid_grant", "status": 400})").status, 400);
  EXPECT_EQ(call("POST", "/api/oauth/fail-token-calls", R"({"count": 0, "error": "invalid_grant"})").status, 400);
  EXPECT_EQ(call("POST", "/api/oauth/fail-token-calls", R"({"status": 200})").status, 400);
  oauth::OAuthRequest request;
  request.params = {{"grant_type", "client_credentials"}, {"client_id", "app"}, {"client_secret", "app-secret"}};
  EXPECT_EQ(servers.oauth()->token(request).status, 503);
  EXPECT_EQ(servers.oauth()->token(request).status, 503);
  EXPECT_EQ(servers.oauth()->token(request).status, 200);
  EXPECT_EQ(call("GET", "/api/oauth/requests").body.at("requests").size(), 3u);
}

TEST_F(AdminApiTest, SessionsAreListedAndClosed) {
  OpenConnection smtp(servers.smtp("smtp")->port());
  OpenConnection imap(servers.imap("imap")->port());
  const auto sessions = call("GET", "/api/sessions").body.at("sessions");
  ASSERT_EQ(sessions.size(), 2u) << sessions.dump();
  EXPECT_EQ(sessions.at(0).at("id"), "smtp-1");
  EXPECT_EQ(sessions.at(0).at("state"), "connected");
  EXPECT_EQ(sessions.at(1).at("id"), "imap-1");
  EXPECT_EQ(sessions.at(1).at("state"), "not authenticated");
  EXPECT_EQ(sessions.at(1).at("peer").get<std::string>().rfind("127.0.0.1:", 0), 0u);

  EXPECT_EQ(call("DELETE", "/api/sessions/imap-1").status, 200);
  EXPECT_EQ(imap.read_some(), "");
  EXPECT_EQ(call("DELETE", "/api/sessions/smtp-1").status, 200);
  EXPECT_EQ(smtp.read_some(), "");
  EXPECT_EQ(call("DELETE", "/api/sessions/smtp-99").status, 404);
}

TEST_F(AdminApiTest, WithoutAnOauthSectionTheOauthEndpointsSaySo) {
  auto loaded = harness::load_scenario_text(R"(name: no oauth
servers:
  smtp: {protocol: smtp}
connection:
  outbound: {host: localhost, port: "${smtp.port}", security: none, use_authentication: false}
  inbound: {host: localhost, port: 1, user: nobody, password: unused}
steps:
  - test_connection: {}
)",
                                            "plain.yaml");
  ASSERT_TRUE(loaded.ok());
  test::TempDir other;
  harness::LiveServers plain(loaded.scenario, clock, other.path());
  admin::AdminApi plain_api{{loaded.scenario, plain, *clock}, {}};
  AdminRequest r;
  r.method = "GET";
  r.path = "/api/oauth/tokens";
  const auto answer = plain_api.handle(r);
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.body.at("error"), "no_oauth");
}

}  // namespace
