// The connector's send and mailbox operations against the mocks: each does
// what it says on the server, and each failure carries its reason.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>

#include "client/connector/connector.hpp"
#include "integration/connector/connector_fixture.hpp"

namespace {

using namespace mailsim;
using client::Connector;
using client::Reason;
using test::MockPair;

const std::string kUser = test::kImapUser;

std::string message(const std::string& from, const std::string& subject, const std::string& body) {
  return "From: " + from + "\r\nTo: alice@example.com\r\nSubject: " + subject +
         "\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\nMessage-ID: <" + subject + "@example.com>\r\n\r\n" + body +
         "\r\n";
}

const std::string kWithAttachment =
    "From: carol@example.com\r\n"
    "To: alice@example.com\r\n"
    "Subject: report attached\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "See the report.\r\n"
    "--b1\r\n"
    "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQKJcfsj6IK\r\n"
    "--b1--\r\n";

class ConnectorOperations : public ::testing::Test {
 protected:
  ConnectorOperations()
      : mocks_(test::smtp_config(mock::Security::starttls), test::imap_config(mock::Security::ssl_tls)),
        connector_(mocks_.connection, test::trusting_options()) {
    auto& store = mocks_.imap->store();
    uid_bob_ = store.add_message(kUser, "INBOX", message("bob@example.com", "hello", "Hi Alice"));
    uid_carol_ = store.add_message(kUser, "INBOX", kWithAttachment, mock::MessageFlags{"\\Seen"});
    store.create(kUser, "Archive");
  }

  std::vector<std::uint32_t> uids_in(const std::string& folder) {
    std::vector<std::uint32_t> uids;
    for (const auto& record : mocks_.imap->store().messages(kUser, folder)) uids.push_back(record.uid);
    return uids;
  }

  MockPair mocks_;
  Connector connector_;
  std::uint32_t uid_bob_ = 0;
  std::uint32_t uid_carol_ = 0;
};

TEST_F(ConnectorOperations, SendBuildsAndDeliversToEveryRecipient) {
  client::mime::OutgoingMessage m;
  m.from = {"Alice", "alice@example.com"};
  m.to = {{"Bob", "bob@example.com"}};
  m.cc = {{"", "carol@example.com"}};
  m.bcc = {{"", "audit@example.com"}};
  m.subject = "Quarterly report";
  m.text = "See attached.";
  m.attachments = {{"report.csv", "text/csv", "a,b\n1,2\n"}};
  const auto sent = connector_.send(m);
  ASSERT_TRUE(sent.ok()) << client::describe(*sent.failure);
  ASSERT_EQ(sent.value.recipients.size(), 3u);
  for (const auto& r : sent.value.recipients) EXPECT_TRUE(r.accepted) << r.address << " " << r.reply;
  EXPECT_EQ(sent.value.message_reply.substr(0, 3), "250");
  EXPECT_EQ(sent.value.auth_mechanism.empty(), false);
  EXPECT_FALSE(sent.value.tls_version.empty());

  ASSERT_TRUE(mocks_.smtp->wait_for_messages(1, std::chrono::seconds(10)));
  const auto captured = mocks_.smtp->messages().at(0);
  EXPECT_EQ(captured.mail_from, "alice@example.com");
  EXPECT_EQ(captured.rcpt_to(),
            (std::vector<std::string>{"bob@example.com", "carol@example.com", "audit@example.com"}));
  EXPECT_NE(captured.raw.find("Subject: Quarterly report"), std::string::npos);
  EXPECT_NE(captured.raw.find("report.csv"), std::string::npos);
  EXPECT_EQ(captured.raw.find("audit@example.com"), std::string::npos);  // Bcc stays out of the headers
  for (const auto& line : sent.transcript) EXPECT_EQ(line.find(test::kSmtpPassword), std::string::npos) << line;
}

TEST_F(ConnectorOperations, SendReportsARefusedRecipientAndDeliversToTheOthers) {
  auto hooks = std::make_shared<test::FunctionSmtpHooks>();
  hooks->command = [](const mock::SmtpCommand& c) {
    if (c.name == "RCPT" && c.rcpt.forward_path == "nobody@example.com")
      return mock::SmtpHookAction{"550 5.1.1 <nobody@example.com>: Recipient address rejected", false};
    return mock::SmtpHookAction{};
  };
  auto config = test::smtp_config();
  config.hooks = hooks;
  mock::SmtpServer smtp(config);
  smtp.start();
  auto connection = mocks_.connection;
  connection.outbound.port = smtp.port();
  connection.outbound.security = client::Security::none;
  const auto sent = Connector(connection, test::trusting_options())
                        .send_raw({"alice@example.com", {"bob@example.com", "nobody@example.com"}},
                                  message("alice@example.com", "partial", "x"));
  ASSERT_EQ(sent.value.recipients.size(), 2u);
  EXPECT_TRUE(sent.value.recipients[0].accepted);
  EXPECT_FALSE(sent.value.recipients[1].accepted);
  EXPECT_EQ(sent.value.recipients[1].reason, Reason::recipient_rejected);
  EXPECT_NE(sent.value.recipients[1].reply.find("550 5.1.1"), std::string::npos);
  ASSERT_TRUE(smtp.wait_for_messages(1, std::chrono::seconds(10)));
  EXPECT_EQ(smtp.messages().at(0).rcpt_to(), std::vector<std::string>{"bob@example.com"});
}

TEST_F(ConnectorOperations, TooLargeMessageIsMessageTooLarge) {
  auto config = test::smtp_config();
  config.limits.max_message_size = 1000;
  mock::SmtpServer smtp(config);
  smtp.start();
  auto connection = mocks_.connection;
  connection.outbound.port = smtp.port();
  connection.outbound.security = client::Security::none;
  const auto sent = Connector(connection, test::trusting_options())
                        .send_raw({"alice@example.com", {"bob@example.com"}},
                                  message("alice@example.com", "big", std::string(5000, 'x')));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.failure->reason, Reason::message_too_large) << client::describe(*sent.failure);
  EXPECT_TRUE(smtp.messages().empty());
}

TEST_F(ConnectorOperations, SendRefusesAMessageItCannotBuild) {
  client::mime::OutgoingMessage m;
  m.from = {"", "not an address"};
  m.to = {{"", "bob@example.com"}};
  const auto sent = connector_.send(m);
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.failure->reason, Reason::config_invalid);
  EXPECT_EQ(sent.failure->stage, client::Stage::config);
  EXPECT_TRUE(mocks_.smtp->messages().empty());
}

TEST_F(ConnectorOperations, FoldersListsWhatTheUserHas) {
  const auto listed = connector_.folders();
  ASSERT_TRUE(listed.ok()) << client::describe(*listed.failure);
  std::vector<std::string> names;
  for (const auto& f : listed.value) names.push_back(f.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "INBOX"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Archive"), names.end());
}

TEST_F(ConnectorOperations, SearchFindsByCriteriaWithSummaries) {
  const auto unseen = connector_.search("INBOX", client::imap::SearchCriteria::unseen());
  ASSERT_TRUE(unseen.ok()) << client::describe(*unseen.failure);
  ASSERT_EQ(unseen.value.size(), 1u);
  EXPECT_EQ(unseen.value[0].uid, uid_bob_);
  EXPECT_EQ(unseen.value[0].subject, "hello");
  EXPECT_EQ(unseen.value[0].from, "bob@example.com");
  EXPECT_GT(unseen.value[0].size, 0u);

  const auto from_carol = connector_.search("INBOX", client::imap::SearchCriteria::from("carol"));
  ASSERT_TRUE(from_carol.ok());
  ASSERT_EQ(from_carol.value.size(), 1u);
  EXPECT_EQ(from_carol.value[0].uid, uid_carol_);
  EXPECT_NE(std::find(from_carol.value[0].flags.begin(), from_carol.value[0].flags.end(), "\\Seen"),
            from_carol.value[0].flags.end());

  const auto none = connector_.search("INBOX", client::imap::SearchCriteria::subject("no such subject"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value.empty());
}

TEST_F(ConnectorOperations, MissingFolderIsMailboxNotFound) {
  const auto found = connector_.search("NoSuchFolder", client::imap::SearchCriteria::all());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.failure->reason, Reason::mailbox_not_found);
  EXPECT_NE(found.failure->server_words.find("NONEXISTENT"), std::string::npos) << found.failure->server_words;

  const auto moved = connector_.move("INBOX", {uid_bob_}, "NoSuchFolder");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.failure->reason, Reason::mailbox_not_found);
  EXPECT_EQ(uids_in("INBOX").size(), 2u);  // nothing moved
}

TEST_F(ConnectorOperations, FetchHeadersStructureMessageAndAttachments) {
  const auto fetched =
      connector_.fetch("INBOX", uid_carol_, {.headers = true, .structure = true, .message = true, .attachments = true});
  ASSERT_TRUE(fetched.ok()) << client::describe(*fetched.failure);
  ASSERT_TRUE(fetched.value.headers);
  EXPECT_NE(fetched.value.headers->find("Subject: report attached"), std::string::npos);
  ASSERT_TRUE(fetched.value.structure);
  EXPECT_TRUE(fetched.value.structure->is_multipart());
  ASSERT_EQ(fetched.value.structure->children.size(), 2u);
  EXPECT_TRUE(fetched.value.structure->children[1].is("application", "pdf"));
  ASSERT_TRUE(fetched.value.message);
  EXPECT_EQ(*fetched.value.message, kWithAttachment);
  ASSERT_EQ(fetched.value.attachments.size(), 1u);
  EXPECT_EQ(fetched.value.attachments[0].filename, "report.pdf");
  EXPECT_EQ(fetched.value.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(fetched.value.attachments[0].bytes.substr(0, 8), "%PDF-1.4");
}

TEST_F(ConnectorOperations, FetchDoesNotMarkSeen) {
  ASSERT_TRUE(connector_.fetch("INBOX", uid_bob_, {.message = true}).ok());
  const auto records = mocks_.imap->store().messages(kUser, "INBOX");
  EXPECT_FALSE(records.at(0).flags.has("\\Seen"));
}

TEST_F(ConnectorOperations, FetchOfAMissingUidFails) {
  const auto fetched = connector_.fetch("INBOX", 999, {.headers = true});
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.failure->reason, Reason::command_failed);
  EXPECT_NE(fetched.failure->detail.find("999"), std::string::npos);
}

TEST_F(ConnectorOperations, FlagAndUnflag) {
  ASSERT_TRUE(connector_.flag("INBOX", {uid_bob_}, {"\\Flagged", "\\Seen"}).ok());
  auto records = mocks_.imap->store().messages(kUser, "INBOX");
  EXPECT_TRUE(records.at(0).flags.has("\\Flagged"));
  EXPECT_TRUE(records.at(0).flags.has("\\Seen"));
  ASSERT_TRUE(connector_.unflag("INBOX", {uid_bob_}, {"\\Seen"}).ok());
  records = mocks_.imap->store().messages(kUser, "INBOX");
  EXPECT_TRUE(records.at(0).flags.has("\\Flagged"));
  EXPECT_FALSE(records.at(0).flags.has("\\Seen"));
}

TEST_F(ConnectorOperations, ChangingAMissingUidChangesNothing) {
  const auto flagged = connector_.flag("INBOX", {uid_bob_, 999}, {"\\Flagged"});
  ASSERT_FALSE(flagged.ok());
  EXPECT_EQ(flagged.failure->reason, Reason::command_failed);
  EXPECT_FALSE(mocks_.imap->store().messages(kUser, "INBOX").at(0).flags.has("\\Flagged"));
  const auto deleted = connector_.delete_messages("INBOX", {999});
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(uids_in("INBOX").size(), 2u);
}

TEST_F(ConnectorOperations, CopyMoveAndDelete) {
  const auto copied = connector_.copy("INBOX", {uid_bob_}, "Archive");
  ASSERT_TRUE(copied.ok()) << client::describe(*copied.failure);
  EXPECT_EQ(uids_in("INBOX").size(), 2u);
  EXPECT_EQ(uids_in("Archive").size(), 1u);

  const auto moved = connector_.move("INBOX", {uid_carol_}, "Archive");
  ASSERT_TRUE(moved.ok()) << client::describe(*moved.failure);
  EXPECT_EQ(uids_in("INBOX"), std::vector<std::uint32_t>{uid_bob_});
  EXPECT_EQ(uids_in("Archive").size(), 2u);

  const auto deleted = connector_.delete_messages("INBOX", {uid_bob_});
  ASSERT_TRUE(deleted.ok()) << client::describe(*deleted.failure);
  EXPECT_TRUE(uids_in("INBOX").empty());
}

TEST_F(ConnectorOperations, AppendStoresTheMessageWithFlags) {
  const std::string raw = message("dave@example.com", "appended", "stored by append");
  const auto appended = connector_.append("Archive", raw, {"\\Seen"});
  ASSERT_TRUE(appended.ok()) << client::describe(*appended.failure);
  const auto records = mocks_.imap->store().messages(kUser, "Archive");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].flags.has("\\Seen"));
  ASSERT_TRUE(appended.value);  // the mock has UIDPLUS
  EXPECT_EQ(appended.value->uids, std::to_string(records[0].uid));
}

TEST_F(ConnectorOperations, IdleReturnsWhenMailArrives) {
  // Deliver the message once the server has told the client it is idling.
  std::mutex mutex;
  std::condition_variable changed;
  bool idling = false;
  auto hooks = std::make_shared<test::FunctionImapHooks>();
  hooks->response = [&](const std::string& response) {
    if (!response.starts_with("+ idling")) return;
    std::lock_guard lock(mutex);
    idling = true;
    changed.notify_all();
  };
  auto config = test::imap_config();
  config.hooks = hooks;
  mock::ImapServer imap(config);
  imap.start();
  imap.store().add_message(kUser, "INBOX", message("bob@example.com", "old", "x"));
  auto connection = mocks_.connection;
  connection.inbound.port = imap.port();
  connection.inbound.security = client::Security::none;
  const Connector connector(connection, test::trusting_options());

  auto result = std::async(std::launch::async, [&] { return connector.idle("INBOX", std::chrono::seconds(60)); });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return idling; }));
  }
  const auto uid = imap.store().add_message(kUser, "INBOX", message("bob@example.com", "new", "y"));
  const auto idled = result.get();
  ASSERT_TRUE(idled.ok()) << client::describe(*idled.failure);
  EXPECT_TRUE(idled.value.new_messages);
  EXPECT_FALSE(idled.value.timed_out);
  EXPECT_EQ(idled.value.exists, 2u);
  EXPECT_EQ(idled.value.new_uids, std::vector<std::uint32_t>{uid});
}

TEST_F(ConnectorOperations, IdleTimesOutWithoutMail) {
  const auto idled = connector_.idle("INBOX", std::chrono::milliseconds(200));
  ASSERT_TRUE(idled.ok()) << client::describe(*idled.failure);
  EXPECT_FALSE(idled.value.new_messages);
  EXPECT_TRUE(idled.value.timed_out);
  EXPECT_TRUE(idled.value.new_uids.empty());
}

TEST_F(ConnectorOperations, ImapFailuresCarryReasonAndServerWords) {
  auto connection = mocks_.connection;
  connection.inbound.password = "wrong";
  const auto found = Connector(connection, test::trusting_options()).search("INBOX", {});
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.failure->reason, Reason::auth_failed);
  EXPECT_FALSE(found.failure->server_words.empty());
  EXPECT_FALSE(found.transcript.empty());
}

}  // namespace
