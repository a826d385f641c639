// curl (a client nobody here wrote) against our mock IMAP server with
// imap:// (plain, and STARTTLS with --ssl-reqd) and imaps:// URLs, trusting
// our CA with --cacert: listing mailboxes, fetching by ;UID= and ;SECTION=,
// custom commands with -X, and uploading (APPEND). Fetched bytes must equal
// the stored message exactly.
#include <tuple>

#include "interop_messages.hpp"
#include "support/temp_dir.hpp"

namespace mailsim::imap_interop {
namespace {

const auto kCurlTimeout = std::chrono::seconds(60);

class Curl : public ::testing::TestWithParam<mock::Security> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::have_program("curl")) << "curl is missing: run ci/bootstrap";
    server_ = std::make_unique<mock::ImapServer>(mock_config(GetParam()));
    server_->start();
    ca_ = dir_.file("ca.pem", server_->ca_certificate_pem());
  }

  std::string url(const std::string& path) const {
    const char* scheme = GetParam() == mock::Security::ssl_tls ? "imaps" : "imap";
    return std::string(scheme) + "://localhost:" + std::to_string(server_->port()) + "/" + path;
  }

  // curl with our CA, TLS required unless the listener is plain.
  test::RunResult curl(std::vector<std::string> args, const std::string& password = kPassword) const {
    std::vector<std::string> argv = {"curl", "--silent", "--show-error", "--max-time", "30",
                                     "--cacert", ca_, "--user", kUser + ":" + password};
    if (GetParam() != mock::Security::none) argv.push_back("--ssl-reqd");
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run(argv, kCurlTimeout);
  }

  void expect_no_password_in_transcripts() const {
    for (const auto& t : server_->transcripts()) {
      const auto text = t->render();
      EXPECT_EQ(text.find(kPassword), std::string::npos) << text;
      if (GetParam() != mock::Security::none) {
        EXPECT_NE(text.find("tls established"), std::string::npos) << text;
      }
    }
  }

  test::TempDir dir_;
  std::string ca_;
  std::unique_ptr<mock::ImapServer> server_;
};

TEST_P(Curl, ListsMailboxes) {
  const auto run = curl({url("")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("* LIST (\\HasNoChildren) \"/\" INBOX\r\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\"/\" Archive\r\n"), std::string::npos) << run.out;
  expect_no_password_in_transcripts();
}

TEST_P(Curl, FetchesEveryMessageByUidAsTheStoredBytes) {
  for (const auto& message : seed_messages()) {
    const auto run = curl({url("INBOX;UID=" + std::to_string(seed_uid(message.name)))});
    ASSERT_EQ(run.exit_code, 0) << message.name << ": " << run.err;
    EXPECT_EQ(run.out, with_crlf(message.raw)) << message.name;
  }
  // curl fetches with BODY[], which marks messages \Seen (RFC 3501 6.4.5).
  for (const auto& record : server_->store().messages(kUser, "INBOX"))
    EXPECT_TRUE(record.flags.has(mock::SystemFlag::seen)) << record.uid;
  expect_no_password_in_transcripts();
}

TEST_P(Curl, FetchesOneSectionOfAMessage) {
  const auto uid = std::to_string(seed_uid("nested_mixed_with_attachments"));
  const auto html = curl({url("INBOX;UID=" + uid + "/;SECTION=1.2")});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_EQ(html.out, "<p>See the files.</p>");  // the CRLF before a boundary belongs to it
  const auto header = curl({url("INBOX;UID=" + uid + "/;SECTION=HEADER.FIELDS%20(SUBJECT)")});
  ASSERT_EQ(header.exit_code, 0) << header.err;
  EXPECT_EQ(header.out, "Subject: Files for you\r\n\r\n");
}

TEST_P(Curl, RunsCustomCommands) {
  const auto examine = curl({url(""), "-X", "EXAMINE INBOX"});
  ASSERT_EQ(examine.exit_code, 0) << examine.err;
  EXPECT_NE(examine.out.find("* " + std::to_string(seed_messages().size()) + " EXISTS\r\n"), std::string::npos)
      << examine.out;
  EXPECT_NE(examine.out.find("[UIDVALIDITY "), std::string::npos) << examine.out;

  const auto all = curl({url("INBOX"), "-X", "UID SEARCH ALL"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(all.out, "* SEARCH 1 2 3 4 5 6 7 8\r\n");

  const auto from = curl({url("INBOX"), "-X", "UID SEARCH FROM \"carol@example.net\""});
  ASSERT_EQ(from.exit_code, 0) << from.err;
  EXPECT_EQ(from.out, "* SEARCH 3\r\n");

  const auto flagged = curl({url("INBOX"), "-X", "UID STORE 2 +FLAGS (\\Flagged)"});
  ASSERT_EQ(flagged.exit_code, 0) << flagged.err;
  EXPECT_NE(flagged.out.find("FLAGS (\\Flagged"), std::string::npos) << flagged.out;
  EXPECT_TRUE(server_->store().messages(kUser, "INBOX")[1].flags.has(mock::SystemFlag::flagged));

  const auto bad = curl({url("INBOX"), "-X", "FROBNICATE"});
  EXPECT_NE(bad.exit_code, 0);  // curl reports the BAD as a failed command
}

TEST_P(Curl, UploadsAMessageWithAppend) {
  const std::string message = "From: curl@example.com\r\nTo: alice@example.com\r\nSubject: via curl\r\n\r\nUp.\r\n";
  const auto file = dir_.file("upload.eml", message);
  const auto run = curl({url("Archive"), "--upload-file", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto archive = server_->store().messages(kUser, "Archive");
  ASSERT_EQ(archive.size(), 1u);
  EXPECT_EQ(archive[0].message->raw(), message);
}

TEST_P(Curl, WrongPasswordIsLoginDenied) {
  const auto run = curl({url("")}, "wrong-password");
  EXPECT_EQ(run.exit_code, 67) << run.err;  // CURLE_LOGIN_DENIED
}

INSTANTIATE_TEST_SUITE_P(Security, Curl,
                         ::testing::Values(mock::Security::none, mock::Security::starttls, mock::Security::ssl_tls),
                         [](const auto& info) { return std::string(mock::to_string(info.param)); });

TEST(CurlRequiringTls, RefusesAListenerWithoutStarttls) {
  ASSERT_TRUE(test::have_program("curl")) << "curl is missing: run ci/bootstrap";
  mock::ImapServer server(mock_config(mock::Security::none));
  server.start();
  const auto run = test::run({"curl", "--silent", "--show-error", "--max-time", "30", "--ssl-reqd", "--user",
                              kUser + ":" + kPassword, "imap://localhost:" + std::to_string(server.port()) + "/"},
                             kCurlTimeout);
  EXPECT_EQ(run.exit_code, 64) << run.err;  // CURLE_USE_SSL_FAILED
  EXPECT_EQ(server.transcripts().at(0)->render().find(" LOGIN"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::imap_interop
