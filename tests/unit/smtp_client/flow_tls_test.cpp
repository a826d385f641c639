// Security modes against a scripted server: implicit TLS, STARTTLS (and the
// refusal to carry on in plaintext), the response-injection defence, and
// each certificate fault's own reason code.
#include "flow_helpers.hpp"

namespace mailsim::client::smtp::test {
namespace {

const TestCertificate& valid_certificate() {
  static const TestCertificate c = make_test_certificate(CertificateFlavor::valid);
  return c;
}

SmtpClientOptions trusting(SmtpClientOptions o, const TestCertificate& c = valid_certificate()) {
  o.tls.ca_pem = c.certificate_pem;
  return o;
}

TEST(SmtpClientTls, ImplicitTlsTestConnection) {
  FakeSmtpServer server;
  server.start_tls(valid_certificate())
      .send("220 fake ESMTP\r\n")
      .expect("EHLO client.test")
      .send("250-fake\r\n250 AUTH PLAIN\r\n")
      .expect("AUTH PLAIN ")
      .send("235 2.7.0 Authentication successful\r\n")
      .expect("NOOP")
      .send("250 2.0.0 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = trusting(options_for(server, Security::ssl_tls));
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_FALSE(r.session.tls_version.empty());
  EXPECT_FALSE(r.session.tls_cipher.empty());
  ASSERT_TRUE(r.session.auth_mechanism);
  EXPECT_EQ(*r.session.auth_mechanism, sasl::Mechanism::plain);
  expect_no_secrets(r, kPassword);
  expect_no_secrets(r, base64_encode(std::string("\0alice\0", 7) + kPassword));
}

TEST(SmtpClientTls, StartTlsNotOfferedNeverFallsBackToPlaintext) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250-AUTH PLAIN LOGIN\r\n250 PIPELINING\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = trusting(options_for(server, Security::starttls));
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).send(envelope(), kMessage);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(r.failure->reason, Reason::starttls_not_offered);
  EXPECT_EQ(r.failure->stage, Stage::starttls);
  EXPECT_EQ(r.failure->hint, default_hint(Reason::starttls_not_offered));
  EXPECT_FALSE(server.received_line_starting("AUTH"));
  EXPECT_FALSE(server.received_line_starting("MAIL"));
}

TEST(SmtpClientTls, StartTlsRefusedIsStartTlsFailed) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n")
      .expect("STARTTLS")
      .send("454 4.7.0 TLS not available due to temporary reason\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = trusting(options_for(server, Security::starttls));
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(r.failure->reason, Reason::starttls_failed);
  EXPECT_EQ(r.failure->stage, Stage::starttls);
  EXPECT_EQ(r.failure->server_words, "454 4.7.0 TLS not available due to temporary reason");
  EXPECT_FALSE(server.received_line_starting("AUTH"));
}

TEST(SmtpClientTls, BytesAfterThe220ToStartTlsAreDiscarded) {
  // "250 injected" rides in the same packet as the 220. Taken as the reply
  // to the EHLO sent over TLS, it would hide the real capabilities and
  // shift every later reply by one.
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO client.test")
      .send("250-fake\r\n250 STARTTLS\r\n")
      .expect("STARTTLS")
      .send("220 2.0.0 go ahead\r\n250 injected\r\n")
      .start_tls(valid_certificate())
      .expect("EHLO client.test")
      .send("250-fake over tls\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n")
      .expect("AUTH PLAIN ")
      .send("235 2.7.0 ok\r\n")
      .expect("NOOP")
      .send("250 2.0.0 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = trusting(options_for(server, Security::starttls));
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_TRUE(r.ok()) << failure_text(r);
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(server.error(), "");
  EXPECT_EQ(r.session.capabilities.server_name, "fake over tls");
  EXPECT_TRUE(r.session.capabilities.pipelining);
  EXPECT_FALSE(r.session.tls_version.empty());
  const std::string transcript = joined(r.transcript);
  EXPECT_NE(transcript.find("* discarded 14 bytes"), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find("S: 250 injected"), std::string::npos) << transcript;
  // The AUTH went over TLS, after the second EHLO.
  const auto received = server.received();
  ASSERT_GE(received.size(), 4u);
  EXPECT_EQ(received[2], "EHLO client.test");
  EXPECT_EQ(received[3], "AUTH PLAIN " + base64_encode(std::string("\0alice\0", 7) + kPassword));
  expect_no_secrets(r, kPassword);
  expect_no_secrets(r, received[3].substr(11));
}

TEST(SmtpClientTls, StartTlsWithAnUntrustedCertificateNeverAuthenticates) {
  FakeSmtpServer server;
  server.send("220 fake\r\n")
      .expect("EHLO")
      .send("250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n")
      .expect("STARTTLS")
      .send("220 go ahead\r\n")
      .start_tls(valid_certificate())
      .wait_for_close()
      .start();

  auto options = options_for(server, Security::starttls);  // the CA is not trusted
  options.credentials = password_credentials();
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(server.wait_done());
  EXPECT_EQ(r.failure->reason, Reason::tls_cert_untrusted) << failure_text(r);
  EXPECT_EQ(r.failure->stage, Stage::tls);
  EXPECT_FALSE(server.received_line_starting("AUTH"));
}

struct CertificateCase {
  CertificateFlavor flavor;
  bool trusted;
  Reason expected;
};

class SmtpClientCertificates : public ::testing::TestWithParam<CertificateCase> {};

TEST_P(SmtpClientCertificates, EachFaultHasItsOwnReason) {
  const auto& c = GetParam();
  const TestCertificate certificate = make_test_certificate(c.flavor);
  FakeSmtpServer server;
  server.start_tls(certificate).send("220 fake\r\n").wait_for_close().start();

  auto options = options_for(server, Security::ssl_tls);
  if (c.trusted) options.tls.ca_pem = certificate.certificate_pem;
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(to_string(r.failure->reason), to_string(c.expected)) << failure_text(r);
  EXPECT_EQ(r.failure->stage, Stage::tls);
  EXPECT_FALSE(r.failure->detail.empty());
  EXPECT_TRUE(r.session.tls_version.empty());
}

INSTANTIATE_TEST_SUITE_P(Faults, SmtpClientCertificates,
                         ::testing::Values(CertificateCase{CertificateFlavor::valid, false, Reason::tls_cert_untrusted},
                                           CertificateCase{CertificateFlavor::expired, true, Reason::tls_cert_expired},
                                           CertificateCase{CertificateFlavor::wrong_host, true,
                                                           Reason::tls_hostname_mismatch}),
                         [](const auto& info) { return std::to_string(info.index); });

TEST(SmtpClientTls, VerificationOffAcceptsAnUntrustedCertificate) {
  FakeSmtpServer server;
  server.start_tls(valid_certificate())
      .send("220 fake\r\n")
      .expect("EHLO")
      .send("250 fake\r\n")
      .expect("NOOP")
      .send("250 ok\r\n")
      .expect("QUIT")
      .send("221 bye\r\n")
      .wait_for_close()
      .start();

  auto options = options_for(server, Security::ssl_tls);
  options.tls.verify = false;
  const auto r = SmtpClient(options).test();
  EXPECT_TRUE(r.ok()) << failure_text(r);
}

TEST(SmtpClientTls, PlaintextServerOnAnImplicitTlsClientIsAHandshakeFailure) {
  FakeSmtpServer server;
  server.send("220 plaintext server\r\n").wait_for_close().start();
  auto options = trusting(options_for(server, Security::ssl_tls));
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::tls_handshake_failed) << failure_text(r);
  EXPECT_EQ(r.failure->stage, Stage::tls);
}

TEST(SmtpClientTls, UnreadableCaFileIsAConfigurationError) {
  SmtpClientOptions options;
  options.host = "127.0.0.1";
  options.port = 1;
  options.security = Security::ssl_tls;
  options.tls.ca_file = "/nonexistent/mailsim-ca.pem";
  const auto r = SmtpClient(options).test();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure->reason, Reason::config_invalid);
  EXPECT_EQ(r.failure->stage, Stage::config);
  EXPECT_NE(r.failure->detail.find("/nonexistent/mailsim-ca.pem"), std::string::npos);
}

}  // namespace
}  // namespace mailsim::client::smtp::test
