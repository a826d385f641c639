// Our IMAP client against our mock IMAP server over loopback sockets: every
// operation the connector uses, in every security mode, logging in with
// LOGIN and with AUTHENTICATE PLAIN.
#include <algorithm>
#include <future>
#include <tuple>

#include "imap_fixture.hpp"

namespace mailsim::imap_integration {
namespace {

using namespace std::chrono_literals;
using client::imap::AddressEntry;
using client::imap::ByteRange;
using client::imap::ExistsData;
using client::imap::ExpungeData;
using client::imap::FetchData;
using client::imap::FetchRequest;
using client::imap::Folder;
using client::imap::SearchCriteria;
using client::imap::SectionRequest;
using client::imap::StoreMode;

using Param = std::tuple<mock::Security, AuthMethod>;

const std::string kNewMessage =
    "From: dave@example.net\r\n"
    "To: alice@example.com\r\n"
    "Subject: Appended\r\n"
    "\r\n"
    "Fresh content.\r\n";

class Operations : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    auto config = server_config(security());
    config.hooks = idle_;
    server_ = std::make_unique<mock::ImapServer>(config);
    server_->start();
    client_ = std::make_unique<ImapClient>(options());
    const auto failure = client_->open();
    ASSERT_FALSE(failure) << why(failure);
  }

  mock::Security security() const { return std::get<0>(GetParam()); }
  AuthMethod auth() const { return std::get<1>(GetParam()); }
  ImapClientOptions options() const { return client_options(*server_, client_security(security()), auth()); }

  void select_inbox() {
    const auto selected = client_->select("INBOX");
    ASSERT_TRUE(selected.ok()) << why(selected);
  }

  std::vector<std::uint32_t> search(const SearchCriteria& criteria) {
    const auto found = client_->search(criteria);
    EXPECT_TRUE(found.ok()) << criteria.to_string() << ": " << why(found);
    return found.ok() ? found.value() : std::vector<std::uint32_t>{};
  }

  // Flags the server holds for a UID of the INBOX.
  mock::MessageFlags stored_flags(const std::string& mailbox, mock::Uid uid) {
    for (const auto& record : server_->store().messages(kUser, mailbox))
      if (record.uid == uid) return record.flags;
    ADD_FAILURE() << "no UID " << uid << " in " << mailbox;
    return {};
  }

  std::vector<mock::Uid> stored_uids(const std::string& mailbox) {
    std::vector<mock::Uid> uids;
    for (const auto& record : server_->store().messages(kUser, mailbox)) uids.push_back(record.uid);
    return uids;
  }

  std::shared_ptr<IdleSignal> idle_ = std::make_shared<IdleSignal>();
  std::unique_ptr<mock::ImapServer> server_;
  std::unique_ptr<ImapClient> client_;
};

TEST_P(Operations, LogsInWithTheChosenMethodAndKeepsThePasswordOutOfTranscripts) {
  const auto& session = client_->session();
  EXPECT_EQ(session.auth_mechanism, auth() == AuthMethod::login ? "LOGIN" : "PLAIN");
  EXPECT_EQ(session.tls_version.empty(), security() == mock::Security::none) << session.tls_version;
  EXPECT_TRUE(session.capabilities.has("IMAP4rev1"));
  EXPECT_TRUE(session.capabilities.has("IDLE"));
  EXPECT_FALSE(session.capabilities.has("STARTTLS"));  // refreshed after TLS and login
  EXPECT_NE(session.greeting.find("integration-mock ready"), std::string::npos) << session.greeting;

  const std::string server_side = all_transcripts(*server_);
  const char* login_line = auth() == AuthMethod::login ? " LOGIN alice <redacted>" : " AUTHENTICATE PLAIN <redacted>";
  EXPECT_NE(server_side.find(login_line), std::string::npos) << server_side;
  EXPECT_EQ(server_side.find(kPassword), std::string::npos) << server_side;
  if (security() == mock::Security::starttls) {
    const auto starttls = server_side.find(" STARTTLS");
    const auto login = server_side.find(auth() == AuthMethod::login ? " LOGIN " : " AUTHENTICATE ");
    ASSERT_NE(starttls, std::string::npos) << server_side;
    EXPECT_LT(starttls, server_side.find("* tls established")) << server_side;
    EXPECT_LT(server_side.find("* tls established"), login) << server_side;
  }
  for (const auto& line : client_->transcript()) EXPECT_EQ(line.find(kPassword), std::string::npos) << line;
}

TEST_P(Operations, ListsAndCreatesFoldersWithTheirDelimiter) {
  const auto created = client_->create_folder("Archive/2024");
  ASSERT_FALSE(created) << why(created);
  const auto all = client_->list_folders("*");
  ASSERT_TRUE(all.ok()) << why(all);
  std::vector<std::string> names;
  for (const Folder& f : all.value()) {
    names.push_back(f.name);
    EXPECT_EQ(f.delimiter, '/') << f.name;
    EXPECT_TRUE(f.selectable()) << f.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"INBOX", "Archive", "Archive/2024"}));
  const auto archive = std::find_if(all.value().begin(), all.value().end(),
                                    [](const Folder& f) { return f.name == "Archive"; });
  ASSERT_NE(archive, all.value().end());
  EXPECT_NE(std::find(archive->attributes.begin(), archive->attributes.end(), "\\HasChildren"),
            archive->attributes.end());

  const auto children = client_->list_folders("Archive/%");
  ASSERT_TRUE(children.ok()) << why(children);
  ASSERT_EQ(children.value().size(), 1u);
  EXPECT_EQ(children.value()[0].name, "Archive/2024");

  const auto again = client_->create_folder("Archive");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->reason, Reason::command_failed) << why(again);
}

TEST_P(Operations, SelectsReadWriteAndExaminesReadOnly) {
  const auto selected = client_->select("INBOX");
  ASSERT_TRUE(selected.ok()) << why(selected);
  const auto& info = selected.value();
  EXPECT_FALSE(info.read_only);
  EXPECT_EQ(info.exists, 3u);
  EXPECT_EQ(info.recent, 3u);  // the first session to select sees the seeded mail as \Recent
  EXPECT_TRUE(info.uid_validity.has_value());
  EXPECT_EQ(info.uid_next, 4u);
  EXPECT_EQ(info.first_unseen, 1u);
  for (const char* flag : {"\\Seen", "\\Deleted", "\\Flagged", "$Important"})
    EXPECT_NE(std::find(info.flags.begin(), info.flags.end(), flag), info.flags.end()) << flag;
  EXPECT_NE(std::find(info.permanent_flags.begin(), info.permanent_flags.end(), "\\Deleted"),
            info.permanent_flags.end());

  const auto examined = client_->examine("INBOX");
  ASSERT_TRUE(examined.ok()) << why(examined);
  EXPECT_TRUE(examined.value().read_only);
  EXPECT_EQ(examined.value().exists, 3u);
  ASSERT_TRUE(client_->selected());
  EXPECT_TRUE(client_->selected()->read_only);

  const auto refused = client_->store_flags({1}, {"\\Flagged"}, StoreMode::add);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->reason, Reason::command_failed);
  EXPECT_NE(refused->server_words.find("READ-ONLY"), std::string::npos) << refused->server_words;
  EXPECT_FALSE(stored_flags("INBOX", 1).has(mock::SystemFlag::flagged));
}

TEST_P(Operations, ReportsStatusWithoutSelecting) {
  const auto inbox = client_->status("INBOX");
  ASSERT_TRUE(inbox.ok()) << why(inbox);
  EXPECT_EQ(inbox.value().messages, 3u);
  EXPECT_EQ(inbox.value().unseen, 2u);
  EXPECT_EQ(inbox.value().uid_next, 4u);
  EXPECT_TRUE(inbox.value().uid_validity.has_value());
  const auto archive = client_->status("Archive");
  ASSERT_TRUE(archive.ok()) << why(archive);
  EXPECT_EQ(archive.value().messages, 0u);
  EXPECT_EQ(archive.value().uid_next, 1u);
  EXPECT_NE(archive.value().uid_validity, inbox.value().uid_validity);
  EXPECT_FALSE(client_->selected());
}

TEST_P(Operations, SearchesWithSeveralCriteria) {
  select_inbox();
  using V = std::vector<std::uint32_t>;
  EXPECT_EQ(search(SearchCriteria::all()), (V{1, 2, 3}));
  EXPECT_EQ(search(SearchCriteria::from("boss@example.com")), (V{2}));
  EXPECT_EQ(search(SearchCriteria::subject("REPORT")), (V{1}));  // case-insensitive substring
  EXPECT_EQ(search(SearchCriteria::to("carol")), (V{2}));
  EXPECT_EQ(search(SearchCriteria::cc("team@")), (V{2}));
  EXPECT_EQ(search(SearchCriteria::unseen()), (V{1, 3}));
  EXPECT_EQ(search(SearchCriteria::unseen() && SearchCriteria::from("carol")), (V{3}));
  EXPECT_EQ(search(SearchCriteria::from("alice") || SearchCriteria::from("boss")), (V{1, 2}));
  EXPECT_EQ(search(!SearchCriteria::seen() && SearchCriteria::flagged()), (V{3}));
  EXPECT_EQ(search(SearchCriteria::keyword("$Important")), (V{3}));
  EXPECT_EQ(search(SearchCriteria::since({2024, 6, 1})), (V{2, 3}));
  EXPECT_EQ(search(SearchCriteria::before({2024, 6, 1})), (V{1}));
  EXPECT_EQ(search(SearchCriteria::on({2024, 6, 15})), (V{2}));
  EXPECT_EQ(search(SearchCriteria::sent_since({2025, 1, 1})), (V{3}));
  EXPECT_EQ(search(SearchCriteria::larger(5000)), (V{3}));
  EXPECT_EQ(search(SearchCriteria::smaller(400)), (V{1}));
  EXPECT_EQ(search(SearchCriteria::body("numbers are up")), (V{1}));
  EXPECT_EQ(search(SearchCriteria::text("agenda")), (V{2}));
  EXPECT_EQ(search(SearchCriteria::header("X-Priority", "1")), (V{1}));
  EXPECT_EQ(search(SearchCriteria::uid_set("2:*")), (V{2, 3}));
  EXPECT_EQ(search(SearchCriteria::uids({1, 3}) && SearchCriteria::unflagged()), (V{1}));
  EXPECT_EQ(search(SearchCriteria::subject("no such subject")), V{});
  EXPECT_EQ(search(SearchCriteria::subject("Grüße")), V{});  // sent with CHARSET UTF-8
}

TEST_P(Operations, FetchesEnvelopeStructureSizeAndDate) {
  select_inbox();
  FetchRequest request;
  request.envelope = true;
  request.body_structure = true;
  request.size = true;
  request.internal_date = true;
  const auto fetched = client_->fetch({1, 2}, request);
  ASSERT_TRUE(fetched.ok()) << why(fetched);
  ASSERT_EQ(fetched.value().size(), 2u);
  const FetchData& report = fetched.value()[0];
  EXPECT_EQ(report.uid, 1u);
  EXPECT_EQ(report.rfc822_size, kReport.size());
  EXPECT_EQ(report.internal_date, "01-Mar-2024 09:30:00 +0000");
  ASSERT_TRUE(report.flags);
  EXPECT_TRUE(report.flags->empty() || report.flags == std::vector<std::string>{"\\Recent"});
  ASSERT_TRUE(report.envelope);
  EXPECT_EQ(report.envelope->subject, "Quarterly report");
  EXPECT_EQ(report.envelope->date, "Fri, 01 Mar 2024 09:30:00 +0000");
  EXPECT_EQ(report.envelope->message_id, "<report-1@example.com>");
  ASSERT_EQ(report.envelope->from.size(), 1u);
  EXPECT_EQ(std::get<client::imap::Address>(report.envelope->from[0]),
            (client::imap::Address{"Alice Example", std::nullopt, "alice", "example.com"}));
  EXPECT_EQ(report.envelope->sender, report.envelope->from);  // defaulted to From
  ASSERT_TRUE(report.body_structure);
  EXPECT_TRUE(report.body_structure->is("text", "plain"));
  EXPECT_EQ(report.body_structure->lines, 1u);

  const FetchData& meeting = fetched.value()[1];
  ASSERT_TRUE(meeting.envelope);
  EXPECT_EQ(meeting.envelope->in_reply_to, "<report-1@example.com>");
  ASSERT_EQ(client::imap::flatten(meeting.envelope->to).size(), 2u);
  EXPECT_EQ(client::imap::flatten(meeting.envelope->to)[1].email(), "carol@example.org");
  ASSERT_TRUE(meeting.body_structure);
  const auto& body = *meeting.body_structure;
  ASSERT_TRUE(body.is_multipart());
  EXPECT_TRUE(body.is("multipart", "mixed"));
  ASSERT_EQ(body.children.size(), 2u);
  EXPECT_TRUE(body.children[0].is("text", "plain"));
  EXPECT_EQ(body.children[0].param("charset"), "utf-8");
  EXPECT_TRUE(body.children[1].is("application", "pdf"));
  EXPECT_EQ(body.children[1].encoding, "base64");
  ASSERT_TRUE(body.children[1].disposition);
  EXPECT_EQ(body.children[1].disposition->type, "attachment");
  EXPECT_EQ(body.children[1].disposition_param("filename"), "agenda.pdf");
}

TEST_P(Operations, FetchesWholeMessagesSectionsAndByteRanges) {
  select_inbox();
  const auto whole = client_->fetch_message(3);
  ASSERT_TRUE(whole.ok()) << why(whole);
  EXPECT_EQ(whole.value(), kBigFile);

  const auto text_part = client_->fetch_section(2, {"1"});
  ASSERT_TRUE(text_part.ok()) << why(text_part);
  EXPECT_EQ(text_part.value(), "Agenda attached.");
  const auto pdf = client_->fetch_section(2, {"2"});
  ASSERT_TRUE(pdf.ok()) << why(pdf);
  EXPECT_EQ(pdf.value(), "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==");
  const auto subject = client_->fetch_section(2, {"HEADER.FIELDS (SUBJECT)"});
  ASSERT_TRUE(subject.ok()) << why(subject);
  EXPECT_EQ(subject.value(), "Subject: Meeting tomorrow\r\n\r\n");

  // A large body in chunks, the way the connector reads big attachments.
  std::string reassembled;
  for (std::uint64_t offset = 0; offset < kBigFileBody.size(); offset += 4096) {
    const auto chunk = client_->fetch_section(3, {"TEXT", ByteRange{offset, 4096}});
    ASSERT_TRUE(chunk.ok()) << why(chunk);
    EXPECT_EQ(chunk.value().size(), std::min<std::size_t>(4096, kBigFileBody.size() - offset));
    reassembled += chunk.value();
  }
  EXPECT_EQ(reassembled, kBigFileBody);
  const auto past_end = client_->fetch_section(3, {"TEXT", ByteRange{kBigFileBody.size() + 10, 100}});
  ASSERT_TRUE(past_end.ok()) << why(past_end);
  EXPECT_EQ(past_end.value(), "");

  const auto decoded = client_->fetch_decoded(2);
  ASSERT_TRUE(decoded.ok()) << why(decoded);
  const auto attachments = decoded.value().attachments();
  ASSERT_EQ(attachments.size(), 1u);
  EXPECT_EQ(attachments[0].filename, "agenda.pdf");
  EXPECT_EQ(attachments[0].part, "2");
  EXPECT_EQ(decoded.value().decoded_body(*attachments[0].entity).substr(0, 8), "%PDF-1.4");

  // BODY.PEEK left every flag alone.
  EXPECT_FALSE(stored_flags("INBOX", 3).has(mock::SystemFlag::seen));

  const auto missing = client_->fetch_message(99);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.failure().reason, Reason::command_failed) << why(missing);
}

TEST_P(Operations, FetchWithoutPeekMarksTheMessageSeen) {
  select_inbox();
  FetchRequest request;
  request.sections.push_back({"TEXT"});
  request.mark_seen = true;
  const auto fetched = client_->fetch({1}, request);
  ASSERT_TRUE(fetched.ok()) << why(fetched);
  ASSERT_EQ(fetched.value().size(), 1u);
  ASSERT_TRUE(fetched.value()[0].section("TEXT"));
  EXPECT_EQ(fetched.value()[0].section("TEXT")->data, "The numbers are up.\r\n");
  ASSERT_TRUE(fetched.value()[0].flags);
  EXPECT_NE(std::find(fetched.value()[0].flags->begin(), fetched.value()[0].flags->end(), "\\Seen"),
            fetched.value()[0].flags->end());
  EXPECT_TRUE(stored_flags("INBOX", 1).has(mock::SystemFlag::seen));
}

TEST_P(Operations, StoresAddsRemovesAndReplacesFlags) {
  select_inbox();
  ASSERT_FALSE(client_->store_flags({1, 2}, {"\\Flagged", "Work"}, StoreMode::add));
  EXPECT_TRUE(stored_flags("INBOX", 1).has(mock::SystemFlag::flagged));
  EXPECT_TRUE(stored_flags("INBOX", 2).has("Work"));
  EXPECT_TRUE(stored_flags("INBOX", 2).has(mock::SystemFlag::seen));  // untouched

  ASSERT_FALSE(client_->store_flags({2}, {"\\Seen"}, StoreMode::remove));
  EXPECT_FALSE(stored_flags("INBOX", 2).has(mock::SystemFlag::seen));
  EXPECT_TRUE(stored_flags("INBOX", 2).has(mock::SystemFlag::flagged));

  ASSERT_FALSE(client_->store_flags({3}, {"\\Answered"}, StoreMode::replace));
  EXPECT_EQ(stored_flags("INBOX", 3), (mock::MessageFlags{"\\Answered"}));

  FetchRequest flags_only;
  const auto fetched = client_->fetch({2}, flags_only);
  ASSERT_TRUE(fetched.ok()) << why(fetched);
  ASSERT_EQ(fetched.value().size(), 1u);
  const auto& flags = *fetched.value()[0].flags;
  EXPECT_NE(std::find(flags.begin(), flags.end(), "Work"), flags.end());
  EXPECT_EQ(std::find(flags.begin(), flags.end(), "\\Seen"), flags.end());
  EXPECT_EQ(search(SearchCriteria::keyword("Work")), (std::vector<std::uint32_t>{1, 2}));

  const auto invalid = client_->store_flags({1}, {"bad flag"}, StoreMode::add);
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->reason, Reason::config_invalid);
}

TEST_P(Operations, CopiesAndReportsTheNewUids) {
  select_inbox();
  const auto copied = client_->copy({1, 3}, "Archive");
  ASSERT_TRUE(copied.ok()) << why(copied);
  ASSERT_TRUE(copied.value());
  EXPECT_EQ(copied.value()->source_uids, "1,3");
  EXPECT_EQ(copied.value()->destination_uids, "1:2");
  EXPECT_EQ(copied.value()->uid_validity, server_->store().find(kUser, "Archive")->uid_validity());
  EXPECT_EQ(stored_uids("INBOX"), (std::vector<mock::Uid>{1, 2, 3}));
  const auto archived = server_->store().messages(kUser, "Archive");
  ASSERT_EQ(archived.size(), 2u);
  EXPECT_EQ(archived[1].message->raw(), kBigFile);
  EXPECT_TRUE(archived[1].flags.has(mock::SystemFlag::flagged));  // flags travel along
}

TEST_P(Operations, MovesWithTheMoveCommand) {
  select_inbox();
  const auto moved = client_->move({2}, "Archive");
  ASSERT_TRUE(moved.ok()) << why(moved);
  ASSERT_TRUE(moved.value());
  EXPECT_EQ(moved.value()->source_uids, "2");
  EXPECT_EQ(moved.value()->destination_uids, "1");
  EXPECT_EQ(stored_uids("INBOX"), (std::vector<mock::Uid>{1, 3}));
  ASSERT_EQ(server_->store().messages(kUser, "Archive").size(), 1u);
  EXPECT_EQ(server_->store().messages(kUser, "Archive")[0].message->raw(), kMeeting);
  EXPECT_EQ(client_->selected()->exists, 2u);
  EXPECT_NE(all_transcripts(*server_).find(" UID MOVE 2 Archive"), std::string::npos) << all_transcripts(*server_);
}

TEST_P(Operations, DeletesAndExpunges) {
  select_inbox();
  ASSERT_FALSE(client_->delete_messages({2}));
  EXPECT_EQ(stored_uids("INBOX"), (std::vector<mock::Uid>{1, 3}));
  EXPECT_EQ(client_->selected()->exists, 2u);

  ASSERT_FALSE(client_->store_flags({3}, {"\\Deleted"}, StoreMode::add));
  EXPECT_EQ(stored_uids("INBOX"), (std::vector<mock::Uid>{1, 3}));  // only marked so far
  ASSERT_FALSE(client_->expunge());
  EXPECT_EQ(stored_uids("INBOX"), (std::vector<mock::Uid>{1}));
  EXPECT_EQ(client_->selected()->exists, 1u);
  EXPECT_EQ(search(SearchCriteria::all()), (std::vector<std::uint32_t>{1}));
}

TEST_P(Operations, AppendsWithFlagsAndDate) {
  const auto appended = client_->append("Archive", kNewMessage, {"\\Seen", "Filed"}, "05-Feb-2025 10:11:12 +0100");
  ASSERT_TRUE(appended.ok()) << why(appended);
  ASSERT_TRUE(appended.value());
  EXPECT_EQ(appended.value()->uids, "1");
  const auto stored = server_->store().messages(kUser, "Archive");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].message->raw(), kNewMessage);
  EXPECT_EQ(stored[0].flags, (mock::MessageFlags{"\\Seen", "Filed"}));
  EXPECT_EQ(mock::format_internal_date(stored[0].message->internal_date()), "05-Feb-2025 10:11:12 +0100");

  // Appending to the selected folder shows up there.
  select_inbox();
  const auto second = client_->append("INBOX", kNewMessage);
  ASSERT_TRUE(second.ok()) << why(second);
  EXPECT_EQ(second.value()->uids, "4");
  ASSERT_FALSE(client_->noop());
  EXPECT_EQ(client_->selected()->exists, 4u);
  const auto bytes = client_->fetch_message(4);
  ASSERT_TRUE(bytes.ok()) << why(bytes);
  EXPECT_EQ(bytes.value(), kNewMessage);
}

TEST_P(Operations, IdleReceivesAMessageAppendedBySecondSession) {
  select_inbox();
  auto appender = std::async(std::launch::async, [this]() -> std::string {
    if (!idle_->wait(1, 20s)) return "the first session never started idling";
    ImapClient second(options());
    if (auto failure = second.open()) return why(failure);
    const auto appended = second.append("INBOX", kNewMessage);
    second.logout();
    return why(appended);
  });
  const auto outcome = client_->idle(30s);
  EXPECT_EQ(appender.get(), "");
  ASSERT_TRUE(outcome.ok()) << why(outcome);
  EXPECT_TRUE(outcome.value().new_messages);
  EXPECT_FALSE(outcome.value().timed_out);
  EXPECT_EQ(client_->selected()->exists, 4u);
  const auto bytes = client_->fetch_message(4);
  ASSERT_TRUE(bytes.ok()) << why(bytes);
  EXPECT_EQ(bytes.value(), kNewMessage);
  EXPECT_NE(all_transcripts(*server_).find("C: DONE"), std::string::npos);
}

TEST_P(Operations, NoopSurfacesWhatAnotherSessionChanged) {
  select_inbox();
  client_->take_unsolicited();
  {
    ImapClient second(options());
    ASSERT_FALSE(second.open());
    ASSERT_TRUE(second.select("INBOX").ok());
    ASSERT_TRUE(second.append("INBOX", kNewMessage).ok());
    ASSERT_FALSE(second.store_flags({1}, {"\\Answered"}, StoreMode::add));
    ASSERT_FALSE(second.delete_messages({2}));
    second.logout();
  }
  ASSERT_FALSE(client_->noop());
  bool exists = false, expunge = false, flags = false;
  for (const auto& update : client_->take_unsolicited()) {
    if (const auto* e = std::get_if<ExistsData>(&update)) exists = exists || e->count == 4;
    if (const auto* x = std::get_if<ExpungeData>(&update)) expunge = expunge || x->sequence == 2;
    if (const auto* f = std::get_if<FetchData>(&update))
      flags = flags || (f->sequence == 1 && f->flags &&
                        std::find(f->flags->begin(), f->flags->end(), "\\Answered") != f->flags->end());
  }
  EXPECT_TRUE(exists);
  EXPECT_TRUE(expunge);
  EXPECT_TRUE(flags);
  EXPECT_EQ(client_->selected()->exists, 3u);  // 3 seeded + 1 appended - 1 expunged
}

TEST_P(Operations, LogoutEndsTheSession) {
  client_->logout();
  EXPECT_FALSE(client_->is_open());
  const std::string server_side = all_transcripts(*server_);
  EXPECT_NE(server_side.find(" LOGOUT"), std::string::npos) << server_side;
  EXPECT_NE(server_side.find("S: * BYE"), std::string::npos) << server_side;
  const auto after = client_->noop();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->reason, Reason::connection_lost) << why(after);
}

INSTANTIATE_TEST_SUITE_P(SecurityAndLogin, Operations,
                         ::testing::Combine(::testing::Values(mock::Security::none, mock::Security::ssl_tls,
                                                              mock::Security::starttls),
                                            ::testing::Values(AuthMethod::login, AuthMethod::plain)),
                         [](const auto& info) {
                           return std::string(mock::to_string(std::get<0>(info.param))) + "_" +
                                  std::string(client::imap::to_string(std::get<1>(info.param)));
                         });

}  // namespace
}  // namespace mailsim::imap_integration
