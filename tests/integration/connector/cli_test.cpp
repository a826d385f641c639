// `mailsim client ...` as a user runs it: the built binary against mock
// servers started here, checking stdout, --json, exit codes, and that no
// password ever shows in any output.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "common/clock.hpp"
#include "integration/connector/connector_fixture.hpp"
#include "mockserver/imap/internal_date.hpp"
#include "mockserver/tls/certificate_authority.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;
using nlohmann::json;

const std::string kUser = test::kImapUser;
constexpr const char* kPasswordVariable = "MAILSIM_TEST_SMTP_PASSWORD";

class ClientCli : public ::testing::Test {
 protected:
  ClientCli() : mocks_(test::smtp_config(mock::Security::starttls), test::imap_config(mock::Security::ssl_tls)) {
    dir_.file("ca.pem", mock::default_certificate_authority()->ca_certificate_pem());
    auto& store = mocks_.imap->store();
    uid_ = store.add_message(kUser, "INBOX",
                             "From: Bob <bob@example.com>\r\nTo: alice@example.com\r\nSubject: lunch?\r\n"
                             "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                             "--b\r\nContent-Type: text/plain\r\n\r\nNoon?\r\n"
                             "--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=menu.csv\r\n"
                             "\r\nsoup,3\r\n--b--\r\n",
                             {}, mock::InternalDate::from(VirtualClock::default_start()));  // 2026-01-01
    store.create(kUser, "Archive");
    connection_ = write_connection(mocks_.smtp->port(), mocks_.imap->port(), test::kImapPassword);
  }

  ~ClientCli() override {
    // Whatever ran, no password showed.
    for (const auto& output : outputs_) {
      EXPECT_EQ(output.find(test::kSmtpPassword), std::string::npos) << output;
      EXPECT_EQ(output.find(test::kImapPassword), std::string::npos) << output;
      EXPECT_EQ(output.find("wrong-imap-pass"), std::string::npos) << output;
    }
  }

  // The SMTP password comes from the environment, the IMAP one from the file.
  std::string write_connection(std::uint16_t smtp_port, std::uint16_t imap_port, const std::string& imap_password,
                               const std::string& name = "conn.yaml") {
    std::ostringstream yaml;
    yaml << "outbound:\n"
         << "  host: localhost\n"
         << "  port: " << smtp_port << "\n"
         << "  security: starttls\n"
         << "  user: " << test::kSmtpUser << "\n"
         << "  password: ${" << kPasswordVariable << "}\n"
         << "inbound:\n"
         << "  host: localhost\n"
         << "  port: " << imap_port << "\n"
         << "  security: ssl_tls\n"
         << "  user: " << kUser << "\n"
         << "  password: " << imap_password << "\n"
         << "tls:\n"
         << "  ca_file: ca.pem\n"
         << "timeouts:\n"
         << "  connect: 10s\n"
         << "  command: 10s\n"
         << "  overall: 60s\n";
    return dir_.file(name, yaml.str());
  }

  test::RunResult mailsim(std::vector<std::string> args) {
    args.insert(args.begin(), MAILSIM_BINARY);
    auto result = test::run(args, std::chrono::seconds(60), {{kPasswordVariable, test::kSmtpPassword}});
    outputs_.push_back(result.out + result.err);
    return result;
  }

  test::RunResult client(const std::string& command, std::vector<std::string> args) {
    args.insert(args.begin(), {"client", command, "--connection", connection_});
    return mailsim(std::move(args));
  }

  static json parse(const test::RunResult& r) {
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }

  test::MockPair mocks_;
  test::TempDir dir_;
  std::string connection_;
  std::uint32_t uid_ = 0;
  std::vector<std::string> outputs_;
};

TEST_F(ClientCli, TestConnectionPassesWithExitZero) {
  const auto r = client("test-connection", {});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("outbound  SMTP"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("inbound   IMAP"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Both sides OK."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("command:  NOOP ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("command:  EXAMINE INBOX ok"), std::string::npos) << r.out;
}

TEST_F(ClientCli, TestConnectionJson) {
  const auto r = client("test-connection", {"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = parse(r);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["outbound"]["stage"], "logout");
  EXPECT_EQ(j["inbound"]["reason"], "ok");
  EXPECT_TRUE(j["diagnostics"].is_array());
}

TEST_F(ClientCli, TestConnectionFailureExitsOneWithReasonAndServerWords) {
  connection_ = write_connection(mocks_.smtp->port(), mocks_.imap->port(), "wrong-imap-pass", "bad-pass.yaml");
  const auto r = client("test-connection", {});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("auth_failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hint:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AUTHENTICATIONFAILED"), std::string::npos) << r.out;  // the server's words

  const auto j = parse(client("test-connection", {"--json"}));
  EXPECT_FALSE(j["ok"].get<bool>());
  EXPECT_TRUE(j["outbound"]["ok"].get<bool>());
  EXPECT_EQ(j["inbound"]["reason"], "auth_failed");
}

TEST_F(ClientCli, TestConnectionRefusedPortExitsOne) {
  connection_ = write_connection(test::closed_port(), test::closed_port(), test::kImapPassword, "closed.yaml");
  const auto r = client("test-connection", {});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("connect_refused"), std::string::npos) << r.out;
}

TEST_F(ClientCli, UnusableConnectionFileExitsTwoWithFileLineColumn) {
  const std::string bad = dir_.file("broken.yaml",
                                    "outbound:\n"
                                    "  host: localhost\n"
                                    "  port: 70000\n"
                                    "  securty: starttls\n"
                                    "inbound:\n"
                                    "  port: 993\n"
                                    "  security: tls\n");
  connection_ = bad;
  const auto r = client("test-connection", {});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  // Every problem at once, each as file:line:column.
  EXPECT_NE(r.err.find(bad + ":3:"), std::string::npos) << r.err;  // port out of range
  EXPECT_NE(r.err.find(bad + ":4:"), std::string::npos) << r.err;  // unknown key
  EXPECT_NE(r.err.find(bad + ":7:"), std::string::npos) << r.err;  // bad enum value
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(broken\.yaml:\d+:\d+: error: )"))) << r.err;
  EXPECT_NE(r.err.find("securty"), std::string::npos) << r.err;

  const auto j = parse(client("test-connection", {"--json"}));
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_GE(j["diagnostics"].size(), 3u);
  EXPECT_EQ(j["diagnostics"][0]["file"], bad);
  EXPECT_GT(j["diagnostics"][0]["line"].get<int>(), 0);

  // Every client command refuses it the same way.
  EXPECT_EQ(client("search", {}).exit_code, 2);
  EXPECT_EQ(client("send", {"--from", "a@example.com", "--to", "b@example.com"}).exit_code, 2);
}

TEST_F(ClientCli, MissingSecretVariableIsNamed) {
  auto r = test::run({MAILSIM_BINARY, "client", "test-connection", "--connection", connection_});
  outputs_.push_back(r.out + r.err);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(kPasswordVariable), std::string::npos) << r.err;
}

TEST_F(ClientCli, WarningsComeBeforeTheTable) {
  const std::string yaml =
      "outbound:\n  host: 127.0.0.1\n  port: 25\n  use_authentication: false\n"
      "inbound:\n  host: localhost\n  port: " +
      std::to_string(mocks_.imap->port()) + "\n  security: ssl_tls\n  user: " + kUser +
      "\n  password: " + test::kImapPassword + "\ntls:\n  ca_file: ca.pem\ntimeouts:\n  connect: 2s\n  command: 5s\n";
  connection_ = dir_.file("port25.yaml", yaml);
  const auto r = client("test-connection", {});
  const auto warning = r.out.find("warning: outbound.port: port 25");
  ASSERT_NE(warning, std::string::npos) << r.out << r.err;
  EXPECT_LT(warning, r.out.find("SIDE"));
  EXPECT_NE(r.out.find("587"), std::string::npos);
}

TEST_F(ClientCli, VerboseShowsRedactedTranscripts) {
  const auto r = client("test-connection", {"-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("transcript:"), std::string::npos);
  EXPECT_NE(r.out.find("C: EHLO"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<redacted>"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("password: <redacted>"), std::string::npos) << r.err;  // the effective connection

  const auto s = client("search", {"-v"});
  EXPECT_EQ(s.exit_code, 0) << s.out << s.err;
  EXPECT_NE(s.err.find("LOGIN"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("<redacted>"), std::string::npos) << s.err;

  const auto j = parse(client("folders", {"-v", "--json"}));
  EXPECT_FALSE(j["transcript"].empty());
}

TEST_F(ClientCli, SendPrintsEachRecipient) {
  const std::string attachment = dir_.file("notes.txt", "remember the milk\n");
  const auto r = client("send", {"--from",    "Alice <alice@example.com>",
                                 "--to",      "bob@example.com",
                                 "--to",      "Dave <dave@example.com>",
                                 "--cc",      "carol@example.com",
                                 "--bcc",     "audit@example.com",
                                 "--subject", "Hello there",
                                 "--text",    "plain body",
                                 "--html",    "<p>html body</p>",
                                 "--attach",  attachment,
                                 "--header",  "X-Ticket: 42"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* address : {"bob@example.com", "dave@example.com", "carol@example.com", "audit@example.com"})
    EXPECT_NE(r.out.find(address), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accepted"), std::string::npos);
  ASSERT_TRUE(mocks_.smtp->wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = mocks_.smtp->messages().at(0);
  EXPECT_EQ(captured.mail_from, "alice@example.com");
  EXPECT_EQ(captured.rcpt_to().size(), 4u);
  EXPECT_NE(captured.raw.find("X-Ticket: 42"), std::string::npos);
  EXPECT_NE(captured.raw.find("notes.txt"), std::string::npos);
  EXPECT_NE(captured.raw.find("multipart/alternative"), std::string::npos);
  EXPECT_TRUE(captured.tls);
}

TEST_F(ClientCli, SendEmlTakesTheEnvelopeFromItsHeaders) {
  const std::string eml = dir_.file("m.eml", "From: carol@example.com\nTo: bob@example.com\nSubject: eml\n\nbody\n");
  const auto r = client("send", {"--eml", eml, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = parse(r);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["recipients"][0]["address"], "bob@example.com");
  EXPECT_TRUE(j["recipients"][0]["accepted"].get<bool>());
  ASSERT_TRUE(mocks_.smtp->wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = mocks_.smtp->messages().at(0);
  EXPECT_EQ(captured.mail_from, "carol@example.com");
  EXPECT_EQ(captured.bare_lf_count, 0u);  // sent with CRLF
}

TEST_F(ClientCli, SendWithARefusedRecipientExitsOne) {
  auto hooks = std::make_shared<test::FunctionSmtpHooks>();
  hooks->command = [](const mock::SmtpCommand& c) {
    if (c.name == "RCPT" && c.rcpt.forward_path == "nobody@example.com")
      return mock::SmtpHookAction{"550 5.1.1 <nobody@example.com>: Recipient address rejected", false};
    return mock::SmtpHookAction{};
  };
  auto config = test::smtp_config(mock::Security::starttls);
  config.hooks = hooks;
  mock::SmtpServer smtp(config);
  smtp.start();
  connection_ = write_connection(smtp.port(), mocks_.imap->port(), test::kImapPassword, "refusing.yaml");
  const auto r = client("send", {"--from", "alice@example.com", "--to", "bob@example.com", "--to", "nobody@example.com",
                                 "--subject", "s", "--text", "t"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("REFUSED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("550 5.1.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("recipient_rejected"), std::string::npos) << r.out;
}

TEST_F(ClientCli, SendRefusesBadArgumentsWithExitTwo) {
  EXPECT_EQ(client("send", {"--from", "not an address", "--to", "bob@example.com"}).exit_code, 2);
  EXPECT_EQ(client("send", {"--from", "alice@example.com"}).exit_code, 2);  // no recipients
  EXPECT_EQ(client("send", {"--from", "alice@example.com", "--to", "b@example.com", "--attach", dir_.path() + "/nope"})
                .exit_code,
            2);
  EXPECT_EQ(client("send", {"--from", "alice@example.com", "--to", "b@example.com", "--header", "no colon"}).exit_code,
            2);
  EXPECT_TRUE(mocks_.smtp->messages().empty());
}

TEST_F(ClientCli, SearchPrintsUidsAndSummaries) {
  const auto r = client("search", {"--unseen", "--from", "bob", "--since", "2025-12-31", "--before", "2026-01-02"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 message(s) in INBOX"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lunch?"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Bob <bob@example.com>"), std::string::npos) << r.out;

  const auto j = parse(client("search", {"--subject", "lunch", "--json"}));
  ASSERT_EQ(j["messages"].size(), 1u);
  EXPECT_EQ(j["messages"][0]["uid"], uid_);

  EXPECT_EQ(parse(client("search", {"--seen", "--json"}))["messages"].size(), 0u);
  EXPECT_EQ(parse(client("search", {"--since", "2026-01-02", "--json"}))["messages"].size(), 0u);
  EXPECT_EQ(client("search", {"--since", "2026-02-30"}).exit_code, 2);
}

TEST_F(ClientCli, MissingFolderIsMailboxNotFound) {
  const auto r = client("search", {"--folder", "NoSuchFolder"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: mailbox_not_found"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("server:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint:"), std::string::npos) << r.err;
}

TEST_F(ClientCli, FetchHeadersStructureFileAndAttachments) {
  const std::string uid = std::to_string(uid_);
  auto r = client("fetch", {"--uid", uid});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Subject: lunch?"), std::string::npos) << r.out;

  r = client("fetch", {"--uid", uid, "--structure"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("multipart/mixed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("menu.csv"), std::string::npos) << r.out;

  const std::string out_file = dir_.path() + "/whole.eml";
  r = client("fetch", {"--uid", uid, "--out", out_file});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream whole(out_file, std::ios::binary);
  const std::string saved((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
  EXPECT_EQ(saved, mocks_.imap->store().messages(kUser, "INBOX").at(0).message->raw());

  const std::string files = dir_.path() + "/files";
  r = client("fetch", {"--uid", uid, "--attachments", files});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream menu(files + "/menu.csv", std::ios::binary);
  const std::string csv((std::istreambuf_iterator<char>(menu)), std::istreambuf_iterator<char>());
  EXPECT_EQ(csv, "soup,3");

  EXPECT_EQ(client("fetch", {"--uid", "999"}).exit_code, 1);
}

TEST_F(ClientCli, FlagMoveCopyDeleteAppendFolders) {
  const std::string uid = std::to_string(uid_);
  EXPECT_EQ(client("flag", {"--uid", uid, "--flag", "\\Seen", "--flag", "\\Flagged"}).exit_code, 0);
  EXPECT_TRUE(mocks_.imap->store().messages(kUser, "INBOX").at(0).flags.has("\\Flagged"));
  EXPECT_EQ(client("unflag", {"--uid", uid, "--flag", "\\Flagged"}).exit_code, 0);
  EXPECT_FALSE(mocks_.imap->store().messages(kUser, "INBOX").at(0).flags.has("\\Flagged"));

  EXPECT_EQ(client("copy", {"--uid", uid, "--to", "Archive"}).exit_code, 0);
  EXPECT_EQ(mocks_.imap->store().messages(kUser, "Archive").size(), 1u);
  const auto moved = client("move", {"--uid", uid, "--to", "Archive", "--json"});
  EXPECT_EQ(moved.exit_code, 0) << moved.out;
  EXPECT_TRUE(mocks_.imap->store().messages(kUser, "INBOX").empty());
  EXPECT_EQ(mocks_.imap->store().messages(kUser, "Archive").size(), 2u);

  const auto archived = mocks_.imap->store().messages(kUser, "Archive").at(0).uid;
  EXPECT_EQ(client("delete", {"--folder", "Archive", "--uid", std::to_string(archived)}).exit_code, 0);
  EXPECT_EQ(mocks_.imap->store().messages(kUser, "Archive").size(), 1u);

  const std::string eml = dir_.file("a.eml", "From: x@example.com\nSubject: appended\n\nhi\n");
  const auto appended = client("append", {"--folder", "Archive", "--eml", eml, "--flags", "\\Seen"});
  EXPECT_EQ(appended.exit_code, 0) << appended.err;
  const auto records = mocks_.imap->store().messages(kUser, "Archive");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records.back().flags.has("\\Seen"));
  EXPECT_EQ(records.back().message->raw(), "From: x@example.com\r\nSubject: appended\r\n\r\nhi\r\n");

  const auto folders = client("folders", {});
  EXPECT_EQ(folders.exit_code, 0);
  EXPECT_NE(folders.out.find("INBOX"), std::string::npos);
  EXPECT_NE(folders.out.find("Archive"), std::string::npos);

  EXPECT_EQ(client("move", {"--uid", "999", "--to", "Archive"}).exit_code, 1);
}

TEST_F(ClientCli, IdleTimeoutExitsOne) {
  const auto r = client("idle", {"--timeout", "200ms"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("no new mail"), std::string::npos) << r.out;
  EXPECT_EQ(client("idle", {"--timeout", "forever"}).exit_code, 2);
}

TEST_F(ClientCli, EveryCommandHasHelpWithExamples) {
  for (const char* command : {"test-connection", "send", "search", "fetch", "flag", "unflag", "move", "copy", "delete",
                              "append", "idle", "folders"}) {
    const auto r = mailsim({"client", command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("Examples:"), std::string::npos) << command << r.out;
    EXPECT_NE(r.out.find("mailsim client " + std::string(command)), std::string::npos) << command;
    EXPECT_NE(r.out.find("--json"), std::string::npos) << command;
  }
}

TEST_F(ClientCli, UsageErrorsExitTwo) {
  EXPECT_EQ(mailsim({"client", "search"}).exit_code, 2);  // --connection missing
  EXPECT_EQ(mailsim({"client", "no-such-command"}).exit_code, 2);
  EXPECT_EQ(mailsim({"demo", "--help"}).exit_code, 0);  // the demo is still there
}

}  // namespace
