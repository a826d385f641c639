// What goes wrong between our IMAP client and our mock IMAP server, each
// failure with its own reason code and the server's words: bad credentials,
// missing folders, no STARTTLS, bad certificates, LOGINDISABLED.
#include <tuple>

#include "imap_fixture.hpp"

namespace mailsim::imap_integration {
namespace {

using client::Stage;
using client::imap::test_connection;

class WrongPassword : public ::testing::TestWithParam<std::tuple<mock::Security, AuthMethod>> {};

TEST_P(WrongPassword, IsAuthFailedWithTheServerWordsAndNoSecretAnywhere) {
  const auto [security, auth] = GetParam();
  mock::ImapServer server(server_config(security));
  server.start();
  auto options = client_options(server, client_security(security), auth);
  options.credentials->password = "wrong-Pa55";
  ImapClient client(options);
  const auto failure = client.open();
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::auth_failed) << why(failure);
  EXPECT_EQ(failure->stage, Stage::authenticate);
  EXPECT_NE(failure->server_words.find("[AUTHENTICATIONFAILED]"), std::string::npos) << failure->server_words;
  EXPECT_EQ(why(failure).find("wrong-Pa55"), std::string::npos);
  EXPECT_EQ(all_transcripts(server).find("wrong-Pa55"), std::string::npos) << all_transcripts(server);
  for (const auto& line : client.transcript()) EXPECT_EQ(line.find("wrong-Pa55"), std::string::npos) << line;
}

INSTANTIATE_TEST_SUITE_P(SecurityAndLogin, WrongPassword,
                         ::testing::Combine(::testing::Values(mock::Security::none, mock::Security::ssl_tls,
                                                              mock::Security::starttls),
                                            ::testing::Values(AuthMethod::login, AuthMethod::plain)),
                         [](const auto& info) {
                           return std::string(mock::to_string(std::get<0>(info.param))) + "_" +
                                  std::string(client::imap::to_string(std::get<1>(info.param)));
                         });

TEST(ClientServerFailures, UnknownUserIsAuthFailed) {
  mock::ImapServer server(server_config(mock::Security::none));
  server.start();
  auto options = client_options(server, client::Security::none);
  options.credentials->user = "mallory";
  const auto result = test_connection(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::auth_failed) << client::describe(*result.failure);
}

TEST(ClientServerFailures, MissingFolderIsMailboxNotFoundForEveryOperation) {
  mock::ImapServer server(server_config(mock::Security::none));
  server.start();
  ImapClient client(client_options(server, client::Security::none));
  ASSERT_FALSE(client.open());

  const auto check = [](const client::Failure& f, const char* what) {
    EXPECT_EQ(f.reason, Reason::mailbox_not_found) << what << ": " << client::describe(f);
    EXPECT_NE(f.server_words.find("Nowhere"), std::string::npos) << what << ": " << f.server_words;
  };
  const auto selected = client.select("Nowhere");
  ASSERT_FALSE(selected.ok());
  check(selected.failure(), "SELECT");
  EXPECT_FALSE(client.selected());
  const auto examined = client.examine("Nowhere");
  ASSERT_FALSE(examined.ok());
  check(examined.failure(), "EXAMINE");
  const auto status = client.status("Nowhere");
  ASSERT_FALSE(status.ok());
  check(status.failure(), "STATUS");
  const auto appended = client.append("Nowhere", kReport);
  ASSERT_FALSE(appended.ok());
  check(appended.failure(), "APPEND");
  EXPECT_NE(appended.failure().server_words.find("[TRYCREATE]"), std::string::npos);

  ASSERT_TRUE(client.select("INBOX").ok());
  const auto copied = client.copy({1}, "Nowhere");
  ASSERT_FALSE(copied.ok());
  check(copied.failure(), "COPY");
  const auto moved = client.move({1}, "Nowhere");
  ASSERT_FALSE(moved.ok());
  check(moved.failure(), "MOVE");
  EXPECT_EQ(server.store().messages(kUser, "INBOX").size(), 3u);  // nothing lost
}

TEST(ClientServerFailures, MessageCommandsNeedASelectedFolder) {
  mock::ImapServer server(server_config(mock::Security::none));
  server.start();
  ImapClient client(client_options(server, client::Security::none));
  ASSERT_FALSE(client.open());
  const auto searched = client.search({});
  ASSERT_FALSE(searched.ok());
  EXPECT_EQ(searched.failure().reason, Reason::command_failed);
  const auto fetched = client.fetch_message(1);
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.failure().reason, Reason::command_failed);
}

TEST(ClientServerFailures, StarttlsNotOfferedStopsBeforeAnyCredentialIsSent) {
  mock::ImapServer server(server_config(mock::Security::none));
  server.start();
  const auto result = test_connection(client_options(server, client::Security::starttls));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::starttls_not_offered) << client::describe(*result.failure);
  EXPECT_EQ(result.failure->stage, Stage::starttls);
  const std::string server_side = all_transcripts(server);
  EXPECT_EQ(server_side.find(" LOGIN"), std::string::npos) << server_side;
  EXPECT_EQ(server_side.find(" AUTHENTICATE"), std::string::npos) << server_side;
}

TEST(ClientServerFailures, ImplicitTlsAgainstAPlainListenerFailsTheHandshake) {
  mock::ImapServer server(server_config(mock::Security::none));
  server.start();
  auto options = client_options(server, client::Security::ssl_tls);
  options.timeouts.connect = std::chrono::seconds(5);
  const auto result = test_connection(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::tls_handshake_failed) << client::describe(*result.failure);
}

TEST(ClientServerFailures, OldTlsOnlyListenerIsAVersionRejection) {
  auto config = server_config(mock::Security::ssl_tls);
  config.tls.min_version = tls::Version::tls1_0;
  config.tls.max_version = tls::Version::tls1_1;
  mock::ImapServer server(config);
  server.start();
  const auto result = test_connection(client_options(server, client::Security::ssl_tls));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::tls_version_rejected) << client::describe(*result.failure);
}

TEST(ClientServerFailures, ClosedPortIsConnectRefused) {
  std::uint16_t port = 0;
  {
    mock::ImapServer gone(server_config(mock::Security::none));
    gone.start();
    port = gone.port();
  }
  ImapClientOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.credentials = sasl::ClientCredentials{.user = kUser, .password = kPassword};
  const auto result = test_connection(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, Reason::connect_refused) << client::describe(*result.failure);
}

struct CertificateCase {
  mock::Security security;
  mock::CertificateKind kind;
  bool trust_ca;
  Reason reason;
};

class BadCertificate : public ::testing::TestWithParam<CertificateCase> {};

TEST_P(BadCertificate, HasItsOwnReasonAndNoCredentialLeaves) {
  const auto param = GetParam();
  auto config = server_config(param.security);
  config.tls.certificate = param.kind;
  mock::ImapServer server(config);
  server.start();
  auto options = client_options(server, client_security(param.security));
  if (!param.trust_ca) options.tls.ca_pem.clear();
  const auto result = test_connection(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, param.reason) << client::describe(*result.failure);
  EXPECT_EQ(result.failure->stage, Stage::tls) << client::describe(*result.failure);  // STARTTLS's handshake too
  const std::string server_side = all_transcripts(server);
  EXPECT_EQ(server_side.find(" LOGIN"), std::string::npos) << server_side;
}

std::vector<CertificateCase> certificate_cases() {
  std::vector<CertificateCase> cases;
  for (auto security : {mock::Security::ssl_tls, mock::Security::starttls}) {
    cases.push_back({security, mock::CertificateKind::valid, false, Reason::tls_cert_untrusted});
    cases.push_back({security, mock::CertificateKind::self_signed, true, Reason::tls_cert_untrusted});
    cases.push_back({security, mock::CertificateKind::expired, true, Reason::tls_cert_expired});
    cases.push_back({security, mock::CertificateKind::not_yet_valid, true, Reason::tls_cert_not_yet_valid});
    cases.push_back({security, mock::CertificateKind::wrong_host, true, Reason::tls_hostname_mismatch});
  }
  return cases;
}

std::string certificate_case_name(const ::testing::TestParamInfo<CertificateCase>& info) {
  std::string kind;
  switch (info.param.kind) {
    case mock::CertificateKind::valid: kind = "valid_from_an_untrusted_ca"; break;
    case mock::CertificateKind::expired: kind = "expired"; break;
    case mock::CertificateKind::not_yet_valid: kind = "not_yet_valid"; break;
    case mock::CertificateKind::wrong_host: kind = "wrong_host"; break;
    case mock::CertificateKind::self_signed: kind = "self_signed"; break;
  }
  return std::string(mock::to_string(info.param.security)) + "_" + kind;
}

INSTANTIATE_TEST_SUITE_P(Certificates, BadCertificate, ::testing::ValuesIn(certificate_cases()),
                         certificate_case_name);

TEST(LoginDisabled, PlaintextClientSendsNoLoginAndNamesTheMechanismProblem) {
  auto config = server_config(mock::Security::starttls);
  config.login_disabled_before_tls = true;
  mock::ImapServer server(config);
  server.start();
  for (const auto auth : {AuthMethod::login, AuthMethod::plain}) {
    ImapClient client(client_options(server, client::Security::none, auth));
    const auto failure = client.open();
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->reason, Reason::auth_mechanism_unsupported) << why(failure);
    EXPECT_EQ(failure->stage, Stage::authenticate);
    EXPECT_NE(failure->hint.find("TLS"), std::string::npos) << failure->hint;
    EXPECT_TRUE(client.session().capabilities.has("LOGINDISABLED"));
  }
  const std::string server_side = all_transcripts(server);
  EXPECT_EQ(server_side.find(" LOGIN "), std::string::npos) << server_side;
  EXPECT_EQ(server_side.find(" AUTHENTICATE "), std::string::npos) << server_side;
  EXPECT_EQ(server_side.find(kPassword), std::string::npos) << server_side;
}

TEST(LoginDisabled, LoginWorksOnceStarttlsHasRun) {
  auto config = server_config(mock::Security::starttls);
  config.login_disabled_before_tls = true;
  mock::ImapServer server(config);
  server.start();
  for (const auto auth : {AuthMethod::login, AuthMethod::plain}) {
    ImapClient client(client_options(server, client::Security::starttls, auth));
    const auto failure = client.open();
    ASSERT_FALSE(failure) << why(failure);
    EXPECT_EQ(client.session().auth_mechanism, auth == AuthMethod::login ? "LOGIN" : "PLAIN");
    EXPECT_FALSE(client.session().capabilities.has("LOGINDISABLED"));
    EXPECT_TRUE(client.select("INBOX").ok());
    client.logout();
  }
}

}  // namespace
}  // namespace mailsim::imap_integration
