// Python's imaplib (a client nobody here wrote) runs a whole session against
// our mock IMAP server in every security mode, logging in with LOGIN and
// with AUTHENTICATE PLAIN; the peer prints what it got as JSON, checked
// here together with what the server's mailboxes hold afterwards.
#include <nlohmann/json.hpp>

#include <tuple>

#include "client/imap/imap_response_parser.hpp"
#include "common/base64.hpp"
#include "interop_messages.hpp"
#include "mockserver/imap/internal_date.hpp"
#include "support/temp_dir.hpp"

namespace mailsim::imap_interop {
namespace {

const std::string kPython = "/usr/bin/python3";
const std::string kScript = std::string(MAILSIM_SOURCE_DIR) + "/tests/interop/peers/imaplib_session.py";
const std::string kAppended =
    "From: python@example.com\r\nTo: alice@example.com\r\nSubject: appended by imaplib\r\n\r\nHello.\r\n";

std::string decoded(const nlohmann::json& value) {
  return base64_decode(value.get<std::string>()).value_or("<not base64>");
}

class Imaplib : public ::testing::TestWithParam<std::tuple<mock::Security, std::string>> {};

TEST_P(Imaplib, RunsAWholeSessionAgainstTheMock) {
  ASSERT_TRUE(test::have_program(kPython)) << "python3 is missing: run ci/bootstrap";
  const auto [security, auth] = GetParam();
  mock::ImapServer server(mock_config(security));
  server.start();
  test::TempDir dir;
  const auto ca = dir.file("ca.pem", server.ca_certificate_pem());
  const auto run = test::run({kPython, kScript, std::to_string(server.port()), std::string(mock::to_string(security)),
                              ca, kUser, kPassword, auth},
                             std::chrono::seconds(60));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << run.out;

  const auto caps = out["capabilities_before_login"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(caps.begin(), caps.end(), "AUTH=PLAIN"), caps.end());
  EXPECT_EQ(std::find(caps.begin(), caps.end(), "STARTTLS"), caps.end());  // refreshed after STARTTLS
  const std::string list = out["list"].dump();
  EXPECT_NE(list.find("\\\"/\\\" INBOX"), std::string::npos) << list;
  EXPECT_NE(list.find("\\\"/\\\" Archive"), std::string::npos) << list;
  EXPECT_EQ(out["exists"], seed_messages().size());

  EXPECT_EQ(out["search_from"], "3");
  EXPECT_EQ(out["search_or"], "2 6");
  EXPECT_EQ(out["search_not_header"], "1 5 6 7");
  EXPECT_EQ(out["uid_search_all"], "1 2 3 4 5 6 7 8");

  EXPECT_EQ(decoded(out["rfc822"]), seed_message("plain_text"));
  EXPECT_EQ(decoded(out["uid_fetch_part"]), "Caf=C3=A9 news =E2=80=93 read on.");
  // imaplib hands over the response without "* " and "FETCH"; put them
  // back and let our own parser read it.
  const std::string structure = out["bodystructure"];
  const auto space = structure.find(' ');
  ASSERT_NE(space, std::string::npos) << structure;
  const auto parsed =
      client::imap::parse_response("* " + structure.substr(0, space) + " FETCH" + structure.substr(space));
  const auto* fetch = std::get_if<client::imap::FetchData>(&parsed);
  ASSERT_TRUE(fetch && fetch->body_structure) << out["bodystructure"];
  ASSERT_EQ(fetch->body_structure->children.size(), 3u);
  EXPECT_TRUE(fetch->body_structure->children[1].is("application", "pdf"));
  const std::string envelope = out["envelope"];
  EXPECT_NE(envelope.find("((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"), std::string::npos)
      << envelope;
  EXPECT_NE(envelope.find("\"Grace, H.\""), std::string::npos) << envelope;

  EXPECT_NE(out["store"].get<std::string>().find("\\Flagged"), std::string::npos) << out["store"];
  EXPECT_NE(out["copy"].get<std::string>().find("[COPYUID "), std::string::npos) << out["copy"];
  EXPECT_EQ(out["expunge"], nlohmann::json::array({"7"}));
  EXPECT_NE(out["append"].get<std::string>().find("[APPENDUID "), std::string::npos) << out["append"];
  EXPECT_EQ(out["logout"], "BYE");

  std::vector<mock::Uid> inbox;
  for (const auto& record : server.store().messages(kUser, "INBOX")) inbox.push_back(record.uid);
  EXPECT_EQ(inbox, (std::vector<mock::Uid>{1, 2, 3, 4, 5, 6, 8}));
  EXPECT_TRUE(server.store().messages(kUser, "INBOX")[0].flags.has(mock::SystemFlag::flagged));
  const auto archive = server.store().messages(kUser, "Archive");
  ASSERT_EQ(archive.size(), 3u);
  EXPECT_EQ(archive[0].message->raw(), seed_message("plain_text"));
  EXPECT_EQ(archive[1].message->raw(), seed_message("multipart_alternative"));
  EXPECT_EQ(archive[2].message->raw(), kAppended);
  EXPECT_TRUE(archive[2].flags.has(mock::SystemFlag::seen));
  EXPECT_EQ(mock::format_internal_date(archive[2].message->internal_date()), "05-Feb-2025 10:11:12 +0000");

  const auto transcript = server.transcripts().at(0)->render();
  EXPECT_EQ(transcript.find(kPassword), std::string::npos) << transcript;
  EXPECT_NE(transcript.find(auth == "login" ? " LOGIN alice <redacted>" : " AUTHENTICATE PLAIN"), std::string::npos)
      << transcript;
}

INSTANTIATE_TEST_SUITE_P(SecurityAndLogin, Imaplib,
                         ::testing::Combine(::testing::Values(mock::Security::none, mock::Security::starttls,
                                                              mock::Security::ssl_tls),
                                            ::testing::Values("login", "plain")),
                         [](const auto& info) {
                           return std::string(mock::to_string(std::get<0>(info.param))) + "_" + std::get<1>(info.param);
                         });

TEST(ImaplibFailures, WrongPasswordRaisesWithTheServersWords) {
  ASSERT_TRUE(test::have_program(kPython)) << "python3 is missing: run ci/bootstrap";
  mock::ImapServer server(mock_config(mock::Security::none));
  server.start();
  const auto run = test::run({kPython, kScript, std::to_string(server.port()), "none", "-", kUser, "wrong", "login"},
                             std::chrono::seconds(60));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("AUTHENTICATIONFAILED"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace mailsim::imap_interop
