// The certificate authority, the TLS contexts and Stream together: every
// deliberately bad certificate must fail the client handshake with its own cause.
#include <gtest/gtest.h>

#include "common/net/stream.hpp"
#include "common/tls/tls_context.hpp"
#include "mockserver/tls/certificate_authority.hpp"

namespace {

using namespace mailsim;
using net::asio::awaitable;

struct Outcome {
  net::error_code client_error;
  long verify_result = 0;
  std::string version;
  std::string echoed;
};

// One server accept + one client connect on loopback in a single io_context.
Outcome handshake(const mock::IssuedCertificate& leaf, tls::ServerTlsOptions server_options,
                  tls::ClientTlsOptions client_options, const std::string& verify_host) {
  server_options.certificate_chain_pem = leaf.chain_pem;
  server_options.private_key_pem = leaf.private_key_pem;
  auto server_context = tls::make_server_context(server_options);
  auto client_context = tls::make_client_context(client_options);

  net::asio::io_context io;
  net::tcp::acceptor acceptor(io, {net::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  Outcome outcome;

  net::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        auto socket = co_await acceptor.async_accept(net::asio::use_awaitable);
        net::Stream stream(std::move(socket), server_context);
        net::error_code ec;
        co_await stream.handshake(net::TlsRole::server, std::chrono::seconds(10), ec);
        if (ec) co_return;
        char buffer[16];
        auto n = co_await stream.read_some(net::asio::buffer(buffer), std::chrono::seconds(10), ec);
        if (!ec) co_await stream.write(std::string_view(buffer, n), std::chrono::seconds(10), ec);
        co_await stream.shutdown(std::chrono::seconds(1));
      },
      net::asio::detached);

  net::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        net::error_code ec;
        auto stream = co_await net::Stream::connect("127.0.0.1", port, client_context, std::chrono::seconds(10), ec);
        if (ec) {
          outcome.client_error = ec;
          co_return;
        }
        co_await stream->handshake(net::TlsRole::client, std::chrono::seconds(10), ec, verify_host);
        outcome.verify_result = stream->verify_result();
        if (ec) {
          outcome.client_error = ec;
          stream->close();
          co_return;
        }
        outcome.version = stream->tls_version();
        co_await stream->write("ping", std::chrono::seconds(10), ec);
        char buffer[16];
        auto n = co_await stream->read_some(net::asio::buffer(buffer), std::chrono::seconds(10), ec);
        outcome.echoed.assign(buffer, n);
        stream->close();
      },
      net::asio::detached);
  io.run();
  return outcome;
}

tls::ClientTlsOptions trusting(const mock::CertificateAuthority& ca) {
  tls::ClientTlsOptions options;
  options.ca_pem = ca.ca_certificate_pem();
  return options;
}

tls::HandshakeFailure classify(const Outcome& o) {
  return tls::classify_handshake_failure(o.verify_result, o.client_error);
}

TEST(TlsHandshake, ValidCertificateTrustedThroughCaSucceeds) {
  mock::CertificateAuthority ca;
  auto outcome = handshake(ca.issue(mock::CertificateKind::valid), {}, trusting(ca), "localhost");
  EXPECT_FALSE(outcome.client_error) << outcome.client_error.message();
  EXPECT_EQ(outcome.echoed, "ping");
  EXPECT_TRUE(outcome.version == "TLSv1.3" || outcome.version == "TLSv1.2") << outcome.version;
}

TEST(TlsHandshake, IpAddressIsVerifiedAgainstIpSubjectAltName) {
  mock::CertificateAuthority ca;
  auto outcome = handshake(ca.issue(mock::CertificateKind::valid), {}, trusting(ca), "127.0.0.1");
  EXPECT_FALSE(outcome.client_error) << outcome.client_error.message();
}

TEST(TlsHandshake, UnknownCaIsUntrusted) {
  mock::CertificateAuthority ca;
  mock::CertificateAuthority other;
  auto outcome = handshake(ca.issue(mock::CertificateKind::valid), {}, trusting(other), "localhost");
  EXPECT_TRUE(outcome.client_error);
  EXPECT_EQ(classify(outcome), tls::HandshakeFailure::cert_untrusted);
}

TEST(TlsHandshake, SelfSignedIsUntrusted) {
  mock::CertificateAuthority ca;
  auto outcome = handshake(ca.issue(mock::CertificateKind::self_signed), {}, trusting(ca), "localhost");
  EXPECT_EQ(classify(outcome), tls::HandshakeFailure::cert_untrusted);
}

TEST(TlsHandshake, ExpiredIsReportedAsExpired) {
  mock::CertificateAuthority ca;
  auto outcome = handshake(ca.issue(mock::CertificateKind::expired), {}, trusting(ca), "localhost");
  EXPECT_EQ(classify(outcome), tls::HandshakeFailure::cert_expired);
}

TEST(TlsHandshake, NotYetValidIsReportedAsSuch) {
  mock::CertificateAuthority ca;
  auto outcome = handshake(ca.issue(mock::CertificateKind::not_yet_valid), {}, trusting(ca), "localhost");
  EXPECT_EQ(classify(outcome), tls::HandshakeFailure::cert_not_yet_valid);
}

TEST(TlsHandshake, WrongHostIsAHostnameMismatch) {
  mock::CertificateAuthority ca;
  auto outcome = handshake(ca.issue(mock::CertificateKind::wrong_host), {}, trusting(ca), "localhost");
  EXPECT_EQ(classify(outcome), tls::HandshakeFailure::hostname_mismatch);
}

TEST(TlsHandshake, VerificationOffAcceptsAnything) {
  mock::CertificateAuthority ca;
  tls::ClientTlsOptions options;
  options.verify = false;
  auto outcome = handshake(ca.issue(mock::CertificateKind::expired), {}, options, "localhost");
  EXPECT_FALSE(outcome.client_error) << outcome.client_error.message();
}

TEST(TlsHandshake, OldVersionOnlyServerIsRejectedByModernClient) {
  mock::CertificateAuthority ca;
  tls::ServerTlsOptions server;
  server.min_version = tls::Version::tls1_0;
  server.max_version = tls::Version::tls1_1;
  auto outcome = handshake(ca.issue(mock::CertificateKind::valid), server, trusting(ca), "localhost");
  EXPECT_TRUE(outcome.client_error);
  EXPECT_EQ(classify(outcome), tls::HandshakeFailure::version_rejected) << outcome.client_error.message();
}

TEST(TlsHandshake, OldVersionServerWorksWhenClientAllowsIt) {
  mock::CertificateAuthority ca;
  tls::ServerTlsOptions server;
  server.min_version = tls::Version::tls1_0;
  server.max_version = tls::Version::tls1_1;
  auto client = trusting(ca);
  client.min_version = tls::Version::tls1_0;
  auto outcome = handshake(ca.issue(mock::CertificateKind::valid), server, client, "localhost");
  EXPECT_FALSE(outcome.client_error) << outcome.client_error.message();
  EXPECT_EQ(outcome.version, "TLSv1.1");
}

TEST(TlsContext, MissingCaFileIsAClearError) {
  tls::ClientTlsOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  try {
    tls::make_client_context(options);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/ca.pem"), std::string::npos);
  }
}

TEST(TlsContext, ParsesVersionNames) {
  EXPECT_EQ(tls::parse_version("1.2"), tls::Version::tls1_2);
  EXPECT_EQ(tls::parse_version("TLSv1.3"), tls::Version::tls1_3);
  EXPECT_FALSE(tls::parse_version("1.4"));
  EXPECT_FALSE(tls::parse_version(""));
}

TEST(CertificateAuthority, IssuesDistinctLeavesChainedToTheCa) {
  mock::CertificateAuthority ca;
  auto a = ca.issue(mock::CertificateKind::valid);
  auto b = ca.issue(mock::CertificateKind::valid);
  EXPECT_NE(a.certificate_pem, b.certificate_pem);
  EXPECT_NE(a.chain_pem.find(ca.ca_certificate_pem()), std::string::npos);
  auto self = ca.issue(mock::CertificateKind::self_signed);
  EXPECT_EQ(self.chain_pem.find(ca.ca_certificate_pem()), std::string::npos);
}

}  // namespace
