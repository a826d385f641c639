// The client against a scripted fake server on 127.0.0.1: login, STARTTLS
// (not offered, refused, injection), failures, BYE mid-command, timeouts,
// and the commands each operation sends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "client/imap/imap_client.hpp"
#include "common/base64.hpp"
#include "fake_imap_server.hpp"

namespace mailsim::client::imap {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::expect;
using testing::FakeImapServer;
using testing::send;
using testing::Step;
using testing::close_connection;
using testing::wait_close;

constexpr std::string_view kPassword = "s3cret pass";

ImapClientOptions options_for(const FakeImapServer& server, Security security = Security::none) {
  ImapClientOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.security = security;
  o.tls.ca_pem = server.ca_pem();
  sasl::ClientCredentials credentials;
  credentials.user = "alice";
  credentials.password = std::string(kPassword);
  o.credentials = credentials;
  o.timeouts.connect = 10s;
  o.timeouts.command = 10s;
  return o;
}

std::vector<Step> concat(std::vector<Step> a, const std::vector<Step>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Step> logout_steps() { return {expect("LOGOUT"), send("* BYE Logging out\r\n{tag} OK Logout completed\r\n"), wait_close()}; }

std::vector<Step> logged_in(const std::string& caps, const std::vector<Step>& rest) {
  return concat({send("* OK [CAPABILITY IMAP4rev1 " + caps + "] ready\r\n"), expect("LOGIN alice"),
                 send("{tag} OK [CAPABILITY IMAP4rev1 " + caps + "] Logged in\r\n")},
                rest);
}

std::vector<Step> selected(const std::string& caps, const std::vector<Step>& rest) {
  return logged_in(caps, concat({expect("SELECT INBOX"),
                                 send("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                                      "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags permitted.\r\n"
                                      "* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1700000000] UIDs valid\r\n"
                                      "* OK [UIDNEXT 10] Predicted next UID\r\n{tag} OK [READ-WRITE] Select completed.\r\n")},
                                rest));
}

bool transcript_has(const ImapClient& client, std::string_view needle) {
  for (const auto& line : client.transcript())
    if (line.find(needle) != std::string::npos) return true;
  return false;
}

void expect_no_secret(const ImapClient& client, std::string_view secret) {
  for (const auto& line : client.transcript()) EXPECT_THAT(line, Not(HasSubstr(std::string(secret))));
}

TEST(ImapClient, LoginQuotesThePasswordAndTheTranscriptRedactsIt) {
  FakeImapServer server(concat(
      {send("* OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.\r\n"), expect("LOGIN alice \"s3cret pass\""),
       send("{tag} OK [CAPABILITY IMAP4rev1 IDLE MOVE UIDPLUS] Logged in\r\n")},
      logout_steps()));
  {
    ImapClient client(options_for(server));
    const auto failure = client.open();
    ASSERT_FALSE(failure) << describe(*failure);
    EXPECT_EQ(client.session().auth_mechanism, "LOGIN");
    EXPECT_TRUE(client.session().capabilities.has("move"));  // refreshed from the login reply
    EXPECT_EQ(client.session().greeting, "OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.");
    EXPECT_TRUE(transcript_has(client, "LOGIN alice <redacted>"));
    expect_no_secret(client, "s3cret");
    client.logout();
    EXPECT_FALSE(client.is_open());
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, NonAsciiPasswordGoesAsASynchronizingLiteral) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1] ready\r\n"), expect("LOGIN alice {9}\r\np\xc3\xa4ssword"),
                                send("{tag} OK Logged in\r\n"), expect("CAPABILITY"),
                                send("* CAPABILITY IMAP4rev1 IDLE\r\n{tag} OK\r\n")},
                               logout_steps()));
  {
    auto options = options_for(server);
    options.credentials->password = "p\xc3\xa4ssword";
    ImapClient client(options);
    const auto failure = client.open();
    ASSERT_FALSE(failure) << describe(*failure);
    EXPECT_TRUE(client.session().capabilities.has("IDLE"));
    expect_no_secret(client, "ssword");
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, LoginRefusedIsAuthFailedWithTheServersWords) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1] ready\r\n"), expect("LOGIN"),
                                send("{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")},
                               logout_steps()));
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::auth_failed);
  EXPECT_EQ(failure->stage, Stage::authenticate);
  EXPECT_EQ(failure->server_words, "NO [AUTHENTICATIONFAILED] Authentication failed.");
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, AServerEchoingThePasswordDoesNotLeakIt) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1] ready\r\n"), expect("LOGIN"),
                                send("{tag} NO [AUTHENTICATIONFAILED] Invalid login: alice \"s3cret pass\"\r\n")},
                               logout_steps()));
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->server_words, "NO [AUTHENTICATIONFAILED] Invalid login: alice \"<redacted>\"");
  expect_no_secret(client, "s3cret");
  EXPECT_THAT(describe(*failure), Not(HasSubstr("s3cret")));
}

TEST(ImapClient, ConnectionLimitDuringLoginIsThrottledNotBadCredentials) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1] ready\r\n"), expect("LOGIN"),
                                send("{tag} NO [UNAVAILABLE] Too many simultaneous connections\r\n")},
                               logout_steps()));
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::throttled);
  EXPECT_THAT(failure->server_words, HasSubstr("Too many simultaneous connections"));
}

TEST(ImapClient, LoginDisabledFallsBackToAuthenticatePlain) {
  const std::string plain = base64_encode(std::string("\0alice\0", 7) + std::string(kPassword));
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN] ready\r\n"),
                                expect("AUTHENTICATE PLAIN"), send("+ \r\n"), expect(plain),
                                send("{tag} OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n")},
                               logout_steps()));
  {
    ImapClient client(options_for(server));
    const auto failure = client.open();
    ASSERT_FALSE(failure) << describe(*failure);
    EXPECT_EQ(client.session().auth_mechanism, "PLAIN");
    expect_no_secret(client, plain);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, LoginDisabledWithoutPlainSendsNoCredentials) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")}, logout_steps()));
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::auth_mechanism_unsupported);
  EXPECT_THAT(failure->detail, HasSubstr("LOGINDISABLED"));
  server.join();
  EXPECT_THAT(server.received(), ElementsAre(HasSubstr("LOGOUT")));
}

TEST(ImapClient, StarttlsNotOfferedStopsBeforeAnyCredentials) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")}, logout_steps()));
  ImapClient client(options_for(server, Security::starttls));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::starttls_not_offered);
  EXPECT_EQ(failure->stage, Stage::starttls);
  server.join();
  EXPECT_THAT(server.received(), ElementsAre(HasSubstr("LOGOUT")));
}

TEST(ImapClient, StarttlsRefusedIsStarttlsFailed) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"), expect("STARTTLS"),
                                send("{tag} NO TLS is not available right now\r\n")},
                               logout_steps()));
  ImapClient client(options_for(server, Security::starttls));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::starttls_failed);
  EXPECT_EQ(failure->server_words, "NO TLS is not available right now");
  server.join();
  EXPECT_THAT(server.received(), Not(Contains(HasSubstr("LOGIN"))));
}

TEST(ImapClient, StarttlsDiscardsPlaintextInjectedAfterTheOk) {
  FakeImapServer server(concat(
      {send("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n"), expect("STARTTLS"),
       // One write: the OK and a forged capability list in plaintext.
       send("{tag} OK Begin TLS negotiation now\r\n* CAPABILITY IMAP4rev1 INJECTED AUTH=PLAIN\r\n"),
       testing::starttls(), expect("CAPABILITY"), send("* CAPABILITY IMAP4rev1 IDLE\r\n{tag} OK done\r\n"),
       expect("LOGIN alice"), send("{tag} OK Logged in\r\n"), expect("CAPABILITY"),
       send("* CAPABILITY IMAP4rev1 IDLE MOVE\r\n{tag} OK done\r\n")},
      logout_steps()));
  {
    ImapClient client(options_for(server, Security::starttls));
    const auto failure = client.open();
    ASSERT_FALSE(failure) << describe(*failure);
    EXPECT_FALSE(client.session().capabilities.has("INJECTED"));
    EXPECT_TRUE(client.session().capabilities.has("MOVE"));
    EXPECT_FALSE(client.session().tls_version.empty());
    EXPECT_TRUE(transcript_has(client, "discarded"));
    EXPECT_FALSE(transcript_has(client, "INJECTED"));
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, ImplicitTlsLogin) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"), expect("LOGIN alice"),
                                send("{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n")},
                               logout_steps()),
                        true);
  {
    ImapClient client(options_for(server, Security::ssl_tls));
    const auto failure = client.open();
    ASSERT_FALSE(failure) << describe(*failure);
    EXPECT_FALSE(client.session().tls_version.empty());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, UntrustedCertificateIsReported) {
  FakeImapServer server({send("* OK ready\r\n"), wait_close()}, true);
  auto options = options_for(server, Security::ssl_tls);
  options.tls.ca_pem.clear();
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::tls_cert_untrusted);
  EXPECT_EQ(failure->stage, Stage::tls);
}

TEST(ImapClient, GreetingByeWithConnectionLimitIsThrottled) {
  FakeImapServer server({send("* BYE Too many simultaneous connections from your IP\r\n"), close_connection()});
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::throttled);
  EXPECT_EQ(failure->stage, Stage::greeting);
  EXPECT_EQ(failure->server_words, "BYE Too many simultaneous connections from your IP");
}

TEST(ImapClient, GreetingByeIsGreetingRejected) {
  FakeImapServer server({send("* BYE Access denied for your network\r\n"), close_connection()});
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::greeting_rejected);
}

TEST(ImapClient, NotImapGreetingIsAProtocolError) {
  FakeImapServer server({send("220 smtp.example.com ESMTP\r\n"), wait_close()});
  ImapClient client(options_for(server));
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::protocol_error);
  EXPECT_EQ(failure->stage, Stage::greeting);
}

TEST(ImapClient, PreauthSkipsLogin) {
  FakeImapServer server(concat({send("* PREAUTH [CAPABILITY IMAP4rev1 IDLE] logged in as alice\r\n")}, logout_steps()));
  {
    ImapClient client(options_for(server));
    const auto failure = client.open();
    ASSERT_FALSE(failure) << describe(*failure);
    EXPECT_TRUE(client.session().preauthenticated);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.received(), ElementsAre(HasSubstr("LOGOUT")));
}

TEST(ImapClient, SilentServerTimesOutAtTheGreeting) {
  FakeImapServer server({wait_close()});
  auto options = options_for(server);
  options.timeouts.command = 150ms;
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::timeout);
  EXPECT_EQ(failure->stage, Stage::greeting);
}

// PREAUTH with capabilities: opening needs only the greeting, which the
// server sends at once, so the short timeouts below only ever bite the
// unanswered command.
TEST(ImapClient, UnansweredCommandTimesOut) {
  FakeImapServer server({send("* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n"), expect("SELECT INBOX"), wait_close()});
  auto options = options_for(server);
  options.timeouts.command = 300ms;
  ImapClient client(options);
  ASSERT_FALSE(client.open());
  const auto result = client.select("INBOX");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.failure().reason, Reason::timeout);
  EXPECT_EQ(result.failure().stage, Stage::command);
  EXPECT_FALSE(client.is_open());
}

TEST(ImapClient, OverallTimeoutEndsTheSession) {
  FakeImapServer server({send("* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n"), expect("NOOP"), wait_close()});
  auto options = options_for(server);
  options.timeouts.overall = 300ms;
  ImapClient client(options);
  ASSERT_FALSE(client.open());
  const auto failure = client.noop();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::timeout);
  EXPECT_THAT(failure->detail, HasSubstr("overall"));
}

TEST(ImapClient, ByeMidFetchIsConnectionLostWithTheServersWords) {
  FakeImapServer server(selected("", {expect("UID FETCH 7 (UID FLAGS)"),
                                      send("* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n* BYE Autologout; idle for too long\r\n"),
                                      close_connection()}));
  ImapClient client(options_for(server));
  ASSERT_FALSE(client.open());
  ASSERT_TRUE(client.select("INBOX"));
  const auto result = client.fetch({7}, FetchRequest{});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.failure().reason, Reason::connection_lost);
  EXPECT_EQ(result.failure().server_words, "BYE Autologout; idle for too long");
  EXPECT_FALSE(client.is_open());
  // Later calls fail fast with the same words.
  const auto again = client.noop();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->server_words, "BYE Autologout; idle for too long");
}

TEST(ImapClient, ByeWithUnavailableMidFetchIsThrottled) {
  FakeImapServer server(selected("", {expect("UID FETCH"),
                                      send("* BYE [UNAVAILABLE] Server overloaded, try again later\r\n"),
                                      close_connection()}));
  ImapClient client(options_for(server));
  ASSERT_FALSE(client.open());
  ASSERT_TRUE(client.select("INBOX"));
  const auto result = client.fetch({1}, FetchRequest{});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.failure().reason, Reason::throttled);
}

TEST(ImapClient, OAuthErrorChallengeIsTokenRejectedWithTheJson) {
  const std::string json = R"({"status":"401","schemes":"bearer","scope":"https://mail.google.com/"})";
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=PLAIN] ready\r\n"),
                                expect("AUTHENTICATE XOAUTH2 "), send("+ " + base64_encode(json) + "\r\n"), expect(""),
                                send("{tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n")},
                               logout_steps()));
  auto options = options_for(server);
  options.auth = AuthMethod::oauth;
  options.credentials->password.clear();
  options.credentials->access_token = "ya29.secret-token";
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::oauth_token_rejected);
  EXPECT_EQ(failure->sasl_error, json);
  EXPECT_EQ(failure->server_words, "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)");
  EXPECT_THAT(failure->detail, HasSubstr("401"));
  expect_no_secret(client, "ya29");
  server.join();
  const auto received = server.received();
  ASSERT_FALSE(received.empty());
  const std::string initial = received[0].substr(received[0].rfind(' ') + 1);
  EXPECT_THAT(base64_decode(initial).value_or(""), HasSubstr("auth=Bearer ya29.secret-token"));
  expect_no_secret(client, initial);
}

TEST(ImapClient, OAuthPrefersOauthbearerAndAForcedMechanismWins) {
  for (const bool forced : {false, true}) {
    FakeImapServer server(concat(
        {send("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=OAUTHBEARER] ready\r\n"),
         expect(forced ? "AUTHENTICATE XOAUTH2 " : "AUTHENTICATE OAUTHBEARER "),
         send("{tag} OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n")},
        logout_steps()));
    {
      auto options = options_for(server);
      options.auth = AuthMethod::oauth;
      options.credentials->access_token = "token-123";
      if (forced) options.mechanism = sasl::Mechanism::xoauth2;
      ImapClient client(options);
      const auto failure = client.open();
      ASSERT_FALSE(failure) << describe(*failure);
      EXPECT_EQ(client.session().auth_mechanism, forced ? "XOAUTH2" : "OAUTHBEARER");
      EXPECT_TRUE(client.session().capabilities.has("IDLE"));
      expect_no_secret(client, "token-123");
      client.logout();
    }
    server.join();
    EXPECT_THAT(server.problems(), IsEmpty());
  }
}

TEST(ImapClient, NonsenseSaslChallengeIsCancelled) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n"),
                                expect("AUTHENTICATE PLAIN "), send("+ not*base64\r\n"), expect("*"),
                                send("{tag} BAD AUTHENTICATE cancelled\r\n")},
                               logout_steps()));
  auto options = options_for(server);
  options.auth = AuthMethod::plain;
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::protocol_error);
  EXPECT_THAT(failure->detail, HasSubstr("base64"));
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, OAuthMechanismNotOfferedIsUnsupported) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")}, logout_steps()));
  auto options = options_for(server);
  options.auth = AuthMethod::oauth;
  options.credentials->access_token = "token";
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::auth_mechanism_unsupported);
}

TEST(ImapClient, SelectSearchFetchSendTheRightCommands) {
  const std::string message = "Subject: hi\r\n\r\nbody\r\n";
  FakeImapServer server(selected(
      "LITERAL+",
      concat({expect("UID SEARCH UNSEEN FROM \"bob@example.com\" SINCE 1-Jan-2026"),
              send("* SEARCH 9 3\r\n{tag} OK Search completed\r\n"),
              expect("UID FETCH 3,9 (UID FLAGS RFC822.SIZE ENVELOPE)"),
              send("* 1 FETCH (UID 3 FLAGS () RFC822.SIZE 120 ENVELOPE (NIL \"one\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"
                   "* 2 FETCH (FLAGS (\\Deleted))\r\n"
                   "* 3 FETCH (UID 9 FLAGS (\\Seen) RFC822.SIZE 99 ENVELOPE (NIL \"two\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"
                   "{tag} OK Fetch completed\r\n"),
              expect("UID FETCH 3 (UID BODY.PEEK[])"),
              send("* 1 FETCH (UID 3 BODY[] {" + std::to_string(message.size()) + "}\r\n" + message + ")\r\n{tag} OK\r\n"),
              expect("UID FETCH 3 (UID BODY.PEEK[1]<0.4>)"),
              send("* 1 FETCH (UID 3 BODY[1]<0> {4}\r\nbody)\r\n{tag} OK\r\n"),
              expect("UID STORE 3,9 +FLAGS.SILENT (\\Seen $Work)"), send("{tag} OK Store completed\r\n")},
             logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    const auto inbox = client.select("INBOX");
    ASSERT_TRUE(inbox) << describe(inbox.failure());
    EXPECT_EQ(inbox.value().exists, 3u);
    EXPECT_EQ(inbox.value().uid_validity, 1700000000u);
    EXPECT_EQ(inbox.value().uid_next, 10u);
    EXPECT_FALSE(inbox.value().read_only);
    EXPECT_EQ(inbox.value().flags.size(), 5u);
    EXPECT_EQ(inbox.value().permanent_flags.size(), 3u);

    const auto uids = client.search(SearchCriteria::unseen() && SearchCriteria::from("bob@example.com") &&
                                    SearchCriteria::since({2026, 1, 1}));
    ASSERT_TRUE(uids) << describe(uids.failure());
    EXPECT_EQ(uids.value(), (std::vector<std::uint32_t>{3, 9}));

    FetchRequest request;
    request.envelope = true;
    request.size = true;
    const auto summaries = client.fetch({9, 3}, request);
    ASSERT_TRUE(summaries) << describe(summaries.failure());
    ASSERT_EQ(summaries.value().size(), 2u);
    EXPECT_EQ(summaries.value()[0].uid, 3u);
    EXPECT_EQ(summaries.value()[0].envelope->subject, "one");
    EXPECT_EQ(summaries.value()[1].rfc822_size, 99u);
    // The FETCH without a UID is another session's flag change.
    const auto unsolicited = client.take_unsolicited();
    ASSERT_EQ(unsolicited.size(), 1u);
    EXPECT_EQ(std::get<FetchData>(unsolicited[0]).sequence, 2u);

    const auto whole = client.fetch_message(3);
    ASSERT_TRUE(whole) << describe(whole.failure());
    EXPECT_EQ(whole.value(), message);
    const auto part = client.fetch_section(3, {"1", ByteRange{0, 4}});
    ASSERT_TRUE(part) << describe(part.failure());
    EXPECT_EQ(part.value(), "body");
    EXPECT_FALSE(client.store_flags({3, 9}, {"\\Seen", "$Work"}, StoreMode::add));
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, FetchDecodedParsesTheMimeTree) {
  const std::string message =
      "From: a@example.com\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      "caf=E9\r\n"
      "--b\r\nContent-Type: application/pdf\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";
  FakeImapServer server(selected(
      "", concat({expect("UID FETCH 4 (UID BODY.PEEK[])"),
                  send("* 1 FETCH (UID 4 BODY[] {" + std::to_string(message.size()) + "}\r\n" + message + ")\r\n{tag} OK\r\n")},
                 logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto decoded = client.fetch_decoded(4);
    ASSERT_TRUE(decoded) << describe(decoded.failure());
    const DecodedMessage& m = decoded.value();
    EXPECT_EQ(m.raw(), message);
    const auto text = m.text();
    ASSERT_TRUE(text);
    EXPECT_EQ(text->text.substr(0, 5), "caf\xc3\xa9");
    const auto files = m.attachments();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].filename, "r\xc3\xa9sum\xc3\xa9.pdf");
    EXPECT_EQ(files[0].part, "2");
    EXPECT_EQ(m.decoded_body(*files[0].entity), "%PDF-");
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, SelectOfAMissingFolderIsMailboxNotFound) {
  FakeImapServer server(logged_in("", concat({expect("SELECT Nope"), send("{tag} NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n")},
                                             logout_steps())));
  ImapClient client(options_for(server));
  ASSERT_FALSE(client.open());
  const auto result = client.select("Nope");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.failure().reason, Reason::mailbox_not_found);
  EXPECT_EQ(result.failure().server_words, "NO [NONEXISTENT] Mailbox doesn't exist: Nope");
  EXPECT_FALSE(client.selected());
}

TEST(ImapClient, OperationsNeedASelectedFolder) {
  FakeImapServer server(logged_in("", logout_steps()));
  ImapClient client(options_for(server));
  ASSERT_FALSE(client.open());
  const auto result = client.search(SearchCriteria::all());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.failure().reason, Reason::command_failed);
  const auto bad_flag = client.store_flags({1}, {"bad flag"}, StoreMode::add);
  ASSERT_TRUE(bad_flag);
  client.logout();
  server.join();
  EXPECT_THAT(server.received(), ElementsAre(HasSubstr("LOGIN"), HasSubstr("LOGOUT")));
}

TEST(ImapClient, MoveWithoutMoveFallsBackToCopyDeleteUidExpunge) {
  FakeImapServer server(selected(
      "UIDPLUS", concat({expect("UID COPY 5 Archive"), send("{tag} OK [COPYUID 77 5 105] Copy completed\r\n"),
                         expect("UID STORE 5 +FLAGS.SILENT (\\Deleted)"), send("{tag} OK\r\n"), expect("UID EXPUNGE 5"),
                         send("* 2 EXPUNGE\r\n{tag} OK Expunge completed\r\n")},
                        logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto moved = client.move({5}, "Archive");
    ASSERT_TRUE(moved) << describe(moved.failure());
    ASSERT_TRUE(moved.value());
    EXPECT_EQ(moved.value()->destination_uids, "105");
    EXPECT_EQ(client.selected()->exists, 2u);  // 3 EXISTS, then one EXPUNGE
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, MoveUsesMoveWhenOffered) {
  FakeImapServer server(selected(
      "MOVE UIDPLUS",
      concat({expect("UID MOVE 5:6 \"Sent Items\""),
              send("* OK [COPYUID 77 5:6 20:21] Moved\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n{tag} OK Move completed\r\n"),
              expect("UID MOVE 7 Nowhere"), send("{tag} NO [TRYCREATE] Mailbox doesn't exist\r\n")},
             logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto moved = client.move({6, 5}, "Sent Items");
    ASSERT_TRUE(moved) << describe(moved.failure());
    ASSERT_TRUE(moved.value());
    EXPECT_EQ(moved.value()->source_uids, "5:6");
    const auto missing = client.move({7}, "Nowhere");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.failure().reason, Reason::mailbox_not_found);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, DeleteWithoutUidplusUsesExpunge) {
  FakeImapServer server(selected("", concat({expect("UID STORE 1:3 +FLAGS.SILENT (\\Deleted)"), send("{tag} OK\r\n"),
                                             expect("EXPUNGE"), send("{tag} OK\r\n")},
                                            logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    EXPECT_FALSE(client.delete_messages({3, 1, 2}));
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, AppendWaitsForTheContinuationWithoutLiteralPlus) {
  const std::string message = "From: a@b\r\n\r\nhello\r\n";
  FakeImapServer server(logged_in(
      "UIDPLUS", concat({expect("APPEND Drafts (\\Draft) {" + std::to_string(message.size()) + "}\r\n" + message),
                         send("{tag} OK [APPENDUID 7 42] Append completed\r\n")},
                        logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    const auto appended = client.append("Drafts", message, {"\\Draft"});
    ASSERT_TRUE(appended) << describe(appended.failure());
    ASSERT_TRUE(appended.value());
    EXPECT_EQ(appended.value()->uid_validity, 7u);
    EXPECT_EQ(appended.value()->uids, "42");
    EXPECT_TRUE(transcript_has(client, "<" + std::to_string(message.size()) + " bytes>"));
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, AppendUsesLiteralPlusAndRespectsAppendLimit) {
  FakeImapServer server(logged_in("LITERAL+ APPENDLIMIT=10",
                                  concat({expect("APPEND INBOX {5+}\r\nhello"), send("{tag} OK done\r\n")}, logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    EXPECT_TRUE(client.append("INBOX", "hello"));
    const auto too_big = client.append("INBOX", "hello world!");
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.failure().reason, Reason::message_too_large);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, SearchWithNonAsciiTextUsesCharsetAndALiteral) {
  FakeImapServer server(selected("", concat({expect("UID SEARCH CHARSET UTF-8 SUBJECT {5}\r\ncaf\xc3\xa9"),
                                             send("* SEARCH\r\n{tag} OK\r\n")},
                                            logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto uids = client.search(SearchCriteria::subject("caf\xc3\xa9"));
    ASSERT_TRUE(uids) << describe(uids.failure());
    EXPECT_TRUE(uids.value().empty());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, ListFoldersDecodesNames) {
  FakeImapServer server(logged_in(
      "", concat({expect("LIST \"\" \"*\""),
                  send("* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entw&APw-rfe\"\r\n"
                       "* LIST (\\Noselect \\HasChildren) \"/\" Archive\r\n{tag} OK List completed\r\n")},
                 logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    const auto folders = client.list_folders();
    ASSERT_TRUE(folders) << describe(folders.failure());
    ASSERT_EQ(folders.value().size(), 3u);
    EXPECT_EQ(folders.value()[1].name, "Entw\xc3\xbcrfe");
    EXPECT_EQ(folders.value()[1].wire_name, "Entw&APw-rfe");
    EXPECT_TRUE(folders.value()[1].selectable());
    EXPECT_FALSE(folders.value()[2].selectable());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, IdleReturnsWhenExistsArrives) {
  FakeImapServer server(selected("IDLE", concat({expect("IDLE"), send("+ idling\r\n"), send("* 4 EXISTS\r\n"), expect("DONE"),
                                                 send("* 1 RECENT\r\n{tag} OK Idle completed\r\n")},
                                                logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto outcome = client.idle(10s);
    ASSERT_TRUE(outcome) << describe(outcome.failure());
    EXPECT_TRUE(outcome.value().new_messages);
    EXPECT_FALSE(outcome.value().timed_out);
    EXPECT_EQ(client.selected()->exists, 4u);
    ASSERT_FALSE(outcome.value().updates.empty());
    EXPECT_EQ(std::get<ExistsData>(outcome.value().updates[0]).count, 4u);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, IdleTimesOutAndSendsDone) {
  FakeImapServer server(selected("IDLE", concat({expect("IDLE"), send("+ idling\r\n"), expect("DONE"),
                                                 send("{tag} OK Idle completed\r\n")},
                                                logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto outcome = client.idle(100ms);
    ASSERT_TRUE(outcome) << describe(outcome.failure());
    EXPECT_TRUE(outcome.value().timed_out);
    EXPECT_FALSE(outcome.value().new_messages);
    EXPECT_TRUE(client.is_open());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, IdleTimeoutOverTlsLeavesTheSessionUsable) {
  FakeImapServer server(concat({send("* OK [CAPABILITY IMAP4rev1 IDLE] ready\r\n"), expect("LOGIN alice"),
                                send("{tag} OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n"), expect("IDLE"),
                                send("+ idling\r\n"), expect("DONE"), send("{tag} OK Idle completed\r\n"),
                                expect("NOOP"), send("* 1 EXISTS\r\n{tag} OK NOOP completed\r\n")},
                               logout_steps()),
                        true);
  {
    ImapClient client(options_for(server, Security::ssl_tls));
    ASSERT_FALSE(client.open());
    const auto outcome = client.idle(100ms);
    ASSERT_TRUE(outcome) << describe(outcome.failure());
    EXPECT_TRUE(outcome.value().timed_out);
    EXPECT_FALSE(client.noop());
    EXPECT_EQ(client.take_unsolicited().size(), 1u);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, IdleNotOfferedFails) {
  FakeImapServer server(selected("", logout_steps()));
  ImapClient client(options_for(server));
  ASSERT_FALSE(client.open());
  ASSERT_TRUE(client.select("INBOX"));
  const auto outcome = client.idle(100ms);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.failure().reason, Reason::command_failed);
}

TEST(ImapClient, UnsolicitedResponsesReachTheCallbackAndTheQueue) {
  FakeImapServer server(selected(
      "", concat({expect("NOOP"), send("* 3 EXPUNGE\r\n* 5 EXISTS\r\n* OK [ALERT] Maintenance at noon\r\n{tag} OK NOOP completed\r\n")},
                 logout_steps())));
  std::vector<std::string> seen;
  {
    auto options = options_for(server);
    options.on_unsolicited = [&](const Response& r) { seen.push_back(std::to_string(r.index())); };
    ImapClient client(options);
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    client.take_unsolicited();
    seen.clear();
    ASSERT_FALSE(client.noop());
    const auto updates = client.take_unsolicited();
    ASSERT_EQ(updates.size(), 3u);
    EXPECT_EQ(std::get<ExpungeData>(updates[0]).sequence, 3u);
    EXPECT_EQ(std::get<ExistsData>(updates[1]).count, 5u);
    EXPECT_TRUE(std::get<StatusResponse>(updates[2]).has_code("ALERT"));
    EXPECT_EQ(seen.size(), 3u);
    EXPECT_EQ(client.selected()->exists, 5u);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, HugeLiteralFromTheServerIsAProtocolError) {
  FakeImapServer server(selected("", {expect("UID FETCH"), send("* 1 FETCH (UID 1 BODY[] {5000000000}\r\n"), wait_close()}));
  ImapClient client(options_for(server));
  ASSERT_FALSE(client.open());
  ASSERT_TRUE(client.select("INBOX"));
  const auto result = client.fetch_message(1);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.failure().reason, Reason::protocol_error);
  EXPECT_THAT(result.failure().detail, HasSubstr("5000000000"));
  EXPECT_FALSE(client.is_open());
}

TEST(ImapClient, MalformedResponseFailsTheCommandButKeepsTheSession) {
  FakeImapServer server(selected("", concat({expect("UID FETCH"), send("* 1 FETCH (UID 1 FLAGS (\\Seen)\r\n{tag} OK done\r\n"),
                                             expect("NOOP"), send("{tag} OK\r\n")},
                                            logout_steps())));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto result = client.fetch({1}, FetchRequest{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.failure().reason, Reason::protocol_error);
    EXPECT_TRUE(client.is_open());
    EXPECT_FALSE(client.noop());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapClient, ConnectRefusedAndTestConnection) {
  std::uint16_t closed_port = 0;
  {
    FakeImapServer server({});
    closed_port = server.port();
  }
  ImapClientOptions options;
  options.host = "127.0.0.1";
  options.port = closed_port;
  const auto result = test_connection(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::connect_refused);
  EXPECT_EQ(result.failure->stage, Stage::connect);

  options.host.clear();
  const auto no_host = test_connection(options);
  ASSERT_FALSE(no_host.ok());
  EXPECT_EQ(no_host.failure->reason, Reason::config_invalid);
}

TEST(ImapClient, TestConnectionExaminesInbox) {
  FakeImapServer server(logged_in("", concat({expect("EXAMINE INBOX"),
                                              send("* 2 EXISTS\r\n* OK [UIDVALIDITY 5] ok\r\n{tag} OK [READ-ONLY] done\r\n")},
                                             logout_steps())));
  const auto result = test_connection(options_for(server));
  ASSERT_TRUE(result.ok()) << describe(*result.failure);
  ASSERT_TRUE(result.inbox);
  EXPECT_TRUE(result.inbox->read_only);
  EXPECT_EQ(result.inbox->exists, 2u);
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

}  // namespace
}  // namespace mailsim::client::imap
