// Our IMAP client against a real Dovecot (dovecot-imapd, started from a
// config in a temporary folder, never as a service): login in every
// security mode, list, select, search, fetch with BODYSTRUCTURE and
// ENVELOPE, store, copy/move, expunge, append and idle.
#include <algorithm>
#include <future>
#include <tuple>

#include "interop_messages.hpp"
#include "loopback_relay.hpp"
#include "mockserver/imap/internal_date.hpp"
#include "mockserver/tls/certificate_authority.hpp"
#include "support/dovecot_server.hpp"

namespace mailsim::imap_interop {
namespace {

using namespace std::chrono_literals;
using client::Reason;
using client::imap::AuthMethod;
using client::imap::FetchRequest;
using client::imap::ImapClient;
using client::imap::SearchCriteria;
using client::imap::StoreMode;

const std::string kAppended =
    "From: appender@example.com\r\n"
    "To: alice@example.com\r\n"
    "Subject: Appended to Dovecot\r\n"
    "\r\n"
    "Stored by our client.\r\n";

test::DovecotOptions dovecot_options(mock::Security security) {
  test::DovecotOptions options;
  options.users = {{kUser, kPassword}};
  for (const auto& message : seed_messages()) options.inbox[kUser].push_back(message.raw);
  options.implicit_tls = security == mock::Security::ssl_tls;
  options.starttls = security == mock::Security::starttls;
  if (security != mock::Security::none) {
    const auto issued = mock::default_certificate_authority()->issue(mock::CertificateKind::valid);
    options.certificate_pem = issued.chain_pem;
    options.private_key_pem = issued.private_key_pem;
  }
  return options;
}

class AgainstDovecot : public ::testing::Test {
 protected:
  void start(mock::Security security = mock::Security::none) {
    ASSERT_TRUE(test::DovecotServer::available()) << "Dovecot (dovecot-imapd) is missing: run ci/bootstrap";
    dovecot_ = std::make_unique<test::DovecotServer>(dovecot_options(security));
    security_ = security;
  }

  client::imap::ImapClientOptions options(AuthMethod auth = AuthMethod::login) const {
    auto o = client_options(dovecot_->port(), client_security(security_),
                            mock::default_certificate_authority()->ca_certificate_pem());
    o.auth = auth;
    return o;
  }

  // A logged-in client with INBOX selected.
  void open_inbox() {
    client_ = std::make_unique<ImapClient>(options());
    const auto failure = client_->open();
    ASSERT_FALSE(failure) << why(failure) << "\n" << dovecot_->log();
    const auto selected = client_->select("INBOX");
    ASSERT_TRUE(selected.ok()) << why(selected);
  }

  std::vector<std::uint32_t> search(const SearchCriteria& criteria) {
    const auto found = client_->search(criteria);
    EXPECT_TRUE(found.ok()) << criteria.to_string() << ": " << why(found);
    return found.ok() ? found.value() : std::vector<std::uint32_t>{};
  }

  std::vector<std::string> flags_of(std::uint32_t uid) {
    FetchRequest request;
    const auto fetched = client_->fetch({uid}, request);
    EXPECT_TRUE(fetched.ok()) << why(fetched);
    if (!fetched.ok() || fetched.value().size() != 1 || !fetched.value()[0].flags) return {};
    // \Recent belongs to the session, not to the message.
    std::vector<std::string> flags;
    for (const auto& flag : *fetched.value()[0].flags)
      if (flag != "\\Recent") flags.push_back(flag);
    return flags;
  }

  static bool has(const std::vector<std::string>& flags, const std::string& flag) {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  }

  mock::Security security_ = mock::Security::none;
  std::unique_ptr<test::DovecotServer> dovecot_;
  std::unique_ptr<ImapClient> client_;
};

class DovecotLogin : public AgainstDovecot,
                     public ::testing::WithParamInterface<std::tuple<mock::Security, AuthMethod>> {};

TEST_P(DovecotLogin, LogsInListsAndLogsOut) {
  const auto [security, auth] = GetParam();
  start(security);
  ImapClient client(options(auth));
  const auto failure = client.open();
  ASSERT_FALSE(failure) << why(failure) << "\n" << dovecot_->log();
  EXPECT_EQ(client.session().auth_mechanism, auth == AuthMethod::login ? "LOGIN" : "PLAIN");
  EXPECT_EQ(client.session().tls_version.empty(), security == mock::Security::none);
  // Dovecot sends its full list after login; the client must have taken it.
  EXPECT_TRUE(client.session().capabilities.has("MOVE"));
  EXPECT_FALSE(client.session().capabilities.has("STARTTLS"));
  const auto folders = client.list_folders("*");
  ASSERT_TRUE(folders.ok()) << why(folders);
  ASSERT_FALSE(folders.value().empty());
  EXPECT_EQ(folders.value()[0].name, "INBOX");
  client.logout();
  EXPECT_FALSE(client.is_open());
  for (const auto& line : client.transcript()) EXPECT_EQ(line.find(kPassword), std::string::npos) << line;
}

INSTANTIATE_TEST_SUITE_P(SecurityAndLogin, DovecotLogin,
                         ::testing::Combine(::testing::Values(mock::Security::none, mock::Security::ssl_tls,
                                                              mock::Security::starttls),
                                            ::testing::Values(AuthMethod::login, AuthMethod::plain)),
                         [](const auto& info) {
                           return std::string(mock::to_string(std::get<0>(info.param))) + "_" +
                                  std::string(client::imap::to_string(std::get<1>(info.param)));
                         });

TEST_F(AgainstDovecot, WrongPasswordIsAuthFailedWithDovecotsWords) {
  start();
  auto o = options();
  o.credentials->password = "not-the-Pa55";
  ImapClient client(o);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::auth_failed) << why(failure);
  EXPECT_NE(failure->server_words.find("[AUTHENTICATIONFAILED]"), std::string::npos) << failure->server_words;
}

TEST_F(AgainstDovecot, MissingFolderIsMailboxNotFound) {
  start();
  open_inbox();
  // Dovecot 2.3 answers this SELECT with "NO Mailbox doesn't exist: Nowhere",
  // without [NONEXISTENT]: the client must know the words as well.
  const auto selected = client_->select("Nowhere");
  ASSERT_FALSE(selected.ok());
  EXPECT_EQ(selected.failure().reason, Reason::mailbox_not_found) << why(selected);
  ASSERT_TRUE(client_->select("INBOX").ok());
  const auto copied = client_->copy({1}, "Nowhere");
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.failure().reason, Reason::mailbox_not_found) << why(copied);
}

TEST_F(AgainstDovecot, CreatesListsSelectsExaminesAndReportsStatus) {
  start();
  open_inbox();
  EXPECT_EQ(client_->selected()->exists, seed_messages().size());
  EXPECT_EQ(client_->selected()->uid_next, seed_messages().size() + 1);
  EXPECT_TRUE(client_->selected()->uid_validity.has_value());
  EXPECT_FALSE(client_->selected()->read_only);

  // Dovecot's maildir++ layout has "." as hierarchy delimiter; LIST tells.
  const auto inbox_only = client_->list_folders("*");
  ASSERT_TRUE(inbox_only.ok()) << why(inbox_only);
  ASSERT_EQ(inbox_only.value().size(), 1u);
  ASSERT_TRUE(inbox_only.value()[0].delimiter);
  const std::string child = std::string("Archive") + *inbox_only.value()[0].delimiter + "2024";
  const auto bad_name = client_->create_folder("Archive/2024");
  ASSERT_TRUE(bad_name) << "Dovecot accepted a name with '/'";
  EXPECT_EQ(bad_name->reason, Reason::command_failed) << why(bad_name);

  const auto archive = client_->create_folder("Archive");
  ASSERT_FALSE(archive) << why(archive);
  const auto archive_child = client_->create_folder(child);
  ASSERT_FALSE(archive_child) << why(archive_child);
  const auto folders = client_->list_folders("*");
  ASSERT_TRUE(folders.ok()) << why(folders);
  std::vector<std::string> names;
  for (const auto& f : folders.value()) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Archive", child, "INBOX"}));

  const auto examined = client_->examine("INBOX");
  ASSERT_TRUE(examined.ok()) << why(examined);
  EXPECT_TRUE(examined.value().read_only);
  const auto status = client_->status("Archive");
  ASSERT_TRUE(status.ok()) << why(status);
  EXPECT_EQ(status.value().messages, 0u);
  const auto inbox = client_->status("INBOX");
  ASSERT_TRUE(inbox.ok()) << why(inbox);
  EXPECT_EQ(inbox.value().messages, seed_messages().size());
  EXPECT_EQ(inbox.value().unseen, seed_messages().size());
}

TEST_F(AgainstDovecot, SearchesWithSeveralCriteria) {
  start();
  open_inbox();
  using V = std::vector<std::uint32_t>;
  const auto uid = [](const char* name) { return seed_uid(name); };
  EXPECT_EQ(search(SearchCriteria::all()).size(), seed_messages().size());
  EXPECT_EQ(search(SearchCriteria::from("carol@example.net")), (V{uid("nested_mixed_with_attachments")}));
  EXPECT_EQ(search(SearchCriteria::subject("greeting")),
            (V{uid("plain_text"), uid("message_rfc822_attachment")}));
  EXPECT_EQ(search(SearchCriteria::subject("newsletter") || SearchCriteria::from("eve@")),
            (V{uid("multipart_alternative"), uid("group_addresses")}));
  EXPECT_EQ(search(SearchCriteria::header("Message-ID", "<m5@example.be>")), (V{uid("rfc2047_words")}));
  EXPECT_EQ(search(SearchCriteria::body("Line two")), (V{uid("bare_lf")}));
  // Messages without a Date: header are left out: servers differ on them.
  EXPECT_EQ(search(SearchCriteria::sent_since({2024, 9, 6}) && !SearchCriteria::from("eve") &&
                   SearchCriteria::uid_set("1:6")),
            (V{uid("rfc2047_words")}));
  EXPECT_EQ(search(SearchCriteria::uid_set("7:*")), (V{7, 8}));
  ASSERT_FALSE(client_->store_flags({2, 4}, {"\\Seen"}, StoreMode::add));
  EXPECT_EQ(search(SearchCriteria::seen()), (V{2, 4}));
  EXPECT_EQ(search(SearchCriteria::unseen() && SearchCriteria::uids({1, 2, 3})), (V{1, 3}));
  EXPECT_EQ(search(SearchCriteria::subject("no such subject")), V{});
}

TEST_F(AgainstDovecot, FetchesEnvelopeStructureAndBytes) {
  start();
  open_inbox();
  FetchRequest request;
  request.envelope = true;
  request.body_structure = true;
  request.size = true;
  const auto plain_uid = seed_uid("plain_text");
  const auto nested_uid = seed_uid("nested_mixed_with_attachments");
  const auto fetched = client_->fetch({plain_uid, nested_uid}, request);
  ASSERT_TRUE(fetched.ok()) << why(fetched);
  ASSERT_EQ(fetched.value().size(), 2u);

  const auto& plain = fetched.value()[0];
  ASSERT_TRUE(plain.envelope);
  EXPECT_EQ(plain.envelope->subject, "Plain text greeting");
  EXPECT_EQ(plain.envelope->message_id, "<m1@example.com>");
  ASSERT_EQ(plain.envelope->from.size(), 1u);
  EXPECT_EQ(std::get<client::imap::Address>(plain.envelope->from[0]),
            (client::imap::Address{"Alice Example", std::nullopt, "alice", "example.com"}));
  EXPECT_EQ(plain.rfc822_size, seed_message("plain_text").size());
  ASSERT_TRUE(plain.body_structure);
  EXPECT_TRUE(plain.body_structure->is("text", "plain"));

  const auto& nested = fetched.value()[1];
  ASSERT_TRUE(nested.body_structure);
  const auto& body = *nested.body_structure;
  EXPECT_TRUE(body.is("multipart", "mixed"));
  ASSERT_EQ(body.children.size(), 3u);
  EXPECT_TRUE(body.children[0].is("multipart", "alternative"));
  EXPECT_TRUE(body.children[1].is("application", "pdf"));
  EXPECT_EQ(body.children[1].description, "Curriculum vitae");
  EXPECT_TRUE(body.children[2].is("image", "png"));
  EXPECT_EQ(body.children[2].id, "<logo@example.net>");
  const auto leaves = client::imap::leaf_parts(body);
  ASSERT_EQ(leaves.size(), 4u);
  EXPECT_EQ(leaves[1].section, "1.2");

  const auto whole = client_->fetch_message(nested_uid);
  ASSERT_TRUE(whole.ok()) << why(whole);
  EXPECT_EQ(whole.value(), seed_message("nested_mixed_with_attachments"));
  const auto html = client_->fetch_section(nested_uid, {"1.2"});
  ASSERT_TRUE(html.ok()) << why(html);
  EXPECT_EQ(html.value(), "<p>See the files.</p>");  // the CRLF before a boundary belongs to it
  const auto partial = client_->fetch_section(plain_uid, {"TEXT", client::imap::ByteRange{6, 3}});
  ASSERT_TRUE(partial.ok()) << why(partial);
  EXPECT_EQ(partial.value(), "Bob");

  const auto decoded = client_->fetch_decoded(nested_uid);
  ASSERT_TRUE(decoded.ok()) << why(decoded);
  const auto attachments = decoded.value().attachments();
  ASSERT_EQ(attachments.size(), 2u);
  EXPECT_EQ(attachments[0].filename, "r\xC3\xA9sum\xC3\xA9.pdf");  // RFC 2231
  EXPECT_EQ(attachments[1].filename, "company-logo.png");          // RFC 2231 continuation
  EXPECT_FALSE(has(flags_of(nested_uid), "\\Seen"));                 // all fetches were PEEK
}

TEST_F(AgainstDovecot, StoresAndClearsFlags) {
  start();
  open_inbox();
  ASSERT_FALSE(client_->store_flags({1, 3}, {"\\Flagged", "Work"}, StoreMode::add));
  EXPECT_TRUE(has(flags_of(1), "\\Flagged"));
  EXPECT_TRUE(has(flags_of(3), "Work"));
  ASSERT_FALSE(client_->store_flags({1}, {"\\Flagged"}, StoreMode::remove));
  EXPECT_FALSE(has(flags_of(1), "\\Flagged"));
  EXPECT_TRUE(has(flags_of(1), "Work"));
  ASSERT_FALSE(client_->store_flags({3}, {"\\Answered"}, StoreMode::replace));
  EXPECT_EQ(flags_of(3), std::vector<std::string>{"\\Answered"});
  EXPECT_EQ(search(SearchCriteria::keyword("Work")), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(search(SearchCriteria::answered()), (std::vector<std::uint32_t>{3}));
}

TEST_F(AgainstDovecot, CopiesAndMovesWithUidplusAnswers) {
  start();
  open_inbox();
  const auto archive = client_->create_folder("Archive");
  ASSERT_FALSE(archive) << why(archive);
  const auto copied = client_->copy({1, 2}, "Archive");
  ASSERT_TRUE(copied.ok()) << why(copied);
  ASSERT_TRUE(copied.value());
  EXPECT_EQ(copied.value()->source_uids, "1:2");
  EXPECT_EQ(copied.value()->destination_uids, "1:2");
  const auto moved = client_->move({5}, "Archive");
  ASSERT_TRUE(moved.ok()) << why(moved);
  ASSERT_TRUE(moved.value());
  EXPECT_EQ(moved.value()->source_uids, "5");
  EXPECT_EQ(moved.value()->destination_uids, "3");
  EXPECT_EQ(client_->selected()->exists, seed_messages().size() - 1);
  EXPECT_EQ(search(SearchCriteria::uids({5})), std::vector<std::uint32_t>{});
  const auto transcript = client_->transcript();
  EXPECT_TRUE(std::any_of(transcript.begin(), transcript.end(),
                          [](const std::string& line) { return line.find(" UID MOVE 5 ") != std::string::npos; }));

  const auto archive_box = client_->select("Archive");
  ASSERT_TRUE(archive_box.ok()) << why(archive_box);
  EXPECT_EQ(archive_box.value().exists, 3u);
  const auto moved_bytes = client_->fetch_message(3);
  ASSERT_TRUE(moved_bytes.ok()) << why(moved_bytes);
  EXPECT_EQ(moved_bytes.value(), seed_message("rfc2047_words"));
}

TEST_F(AgainstDovecot, DeletesAndExpunges) {
  start();
  open_inbox();
  ASSERT_FALSE(client_->store_flags({6}, {"\\Deleted"}, StoreMode::add));
  ASSERT_FALSE(client_->delete_messages({3}));  // UID EXPUNGE 3 leaves 6 alone
  using V = std::vector<std::uint32_t>;
  EXPECT_EQ(search(SearchCriteria::all()), (V{1, 2, 4, 5, 6, 7, 8}));
  ASSERT_FALSE(client_->expunge());
  EXPECT_EQ(search(SearchCriteria::all()), (V{1, 2, 4, 5, 7, 8}));
  EXPECT_EQ(client_->selected()->exists, 6u);
}

TEST_F(AgainstDovecot, AppendsWithFlagsAndDate) {
  start();
  open_inbox();
  const auto appended = client_->append("INBOX", kAppended, {"\\Seen", "Filed"}, "05-Feb-2025 10:11:12 +0100");
  ASSERT_TRUE(appended.ok()) << why(appended);
  ASSERT_TRUE(appended.value());
  const auto next = std::to_string(seed_messages().size() + 1);
  EXPECT_EQ(appended.value()->uids, next);
  ASSERT_FALSE(client_->noop());
  EXPECT_EQ(client_->selected()->exists, seed_messages().size() + 1);
  const auto uid = static_cast<std::uint32_t>(seed_messages().size() + 1);
  FetchRequest request;
  request.internal_date = true;
  request.sections.push_back({""});
  const auto fetched = client_->fetch({uid}, request);
  ASSERT_TRUE(fetched.ok()) << why(fetched);
  ASSERT_EQ(fetched.value().size(), 1u);
  // Maildir keeps the instant (the file's mtime), not the zone it was given in.
  ASSERT_TRUE(fetched.value()[0].internal_date);
  const auto stored = mock::parse_imap_date_time(*fetched.value()[0].internal_date);
  ASSERT_TRUE(stored) << *fetched.value()[0].internal_date;
  EXPECT_EQ(stored->seconds, mock::parse_imap_date_time("05-Feb-2025 10:11:12 +0100")->seconds)
      << *fetched.value()[0].internal_date;
  ASSERT_TRUE(fetched.value()[0].section(""));
  EXPECT_EQ(fetched.value()[0].section("")->data, kAppended);
  EXPECT_TRUE(has(*fetched.value()[0].flags, "\\Seen"));
  EXPECT_TRUE(has(*fetched.value()[0].flags, "Filed"));
}

TEST_F(AgainstDovecot, IdleReceivesAMessageAppendedBySecondSession) {
  start();
  // The idling session goes through a relay that shows when Dovecot has
  // said "+ idling"; only then does the second session append.
  LoopbackRelay relay(dovecot_->port());
  auto idle_options = options();
  idle_options.host = "127.0.0.1";
  idle_options.port = relay.port();
  ImapClient idler(idle_options);
  const auto opened = idler.open();
  ASSERT_FALSE(opened) << why(opened);
  ASSERT_TRUE(idler.select("INBOX").ok());

  auto appender = std::async(std::launch::async, [&]() -> std::string {
    if (!relay.wait_for_server_line("+ idling", 30s)) return "Dovecot never accepted IDLE";
    ImapClient second(options());
    if (auto failure = second.open()) return why(failure);
    const auto appended = second.append("INBOX", kAppended);
    second.logout();
    return why(appended);
  });
  const auto outcome = idler.idle(60s);
  EXPECT_EQ(appender.get(), "");
  ASSERT_TRUE(outcome.ok()) << why(outcome);
  EXPECT_TRUE(outcome.value().new_messages);
  EXPECT_FALSE(outcome.value().timed_out);
  EXPECT_EQ(idler.selected()->exists, seed_messages().size() + 1);
  const auto bytes = idler.fetch_message(static_cast<std::uint32_t>(seed_messages().size() + 1));
  ASSERT_TRUE(bytes.ok()) << why(bytes);
  EXPECT_EQ(bytes.value(), kAppended);
  idler.logout();
}

TEST_F(AgainstDovecot, IdleTimesOutQuietlyAndTheSessionGoesOn) {
  start();
  open_inbox();
  const auto outcome = client_->idle(200ms);
  ASSERT_TRUE(outcome.ok()) << why(outcome);
  EXPECT_TRUE(outcome.value().timed_out);
  EXPECT_FALSE(outcome.value().new_messages);
  EXPECT_FALSE(client_->noop());
}

}  // namespace
}  // namespace mailsim::imap_interop
