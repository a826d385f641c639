// Our SMTP client sends to aiosmtpd (Debian python3-aiosmtpd), a server
// nobody here wrote, over STARTTLS with AUTH; aiosmtpd's copy of the message
// must equal ours byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "client/mime/message_builder.hpp"
#include "client/smtp/smtp_client.hpp"
#include "mockserver/tls/certificate_authority.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace mailsim;

const std::string kScript = std::string(MAILSIM_SOURCE_DIR) + "/tests/interop/peers/aiosmtpd_sink.py";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Aiosmtpd {
  test::TempDir dir;
  mock::CertificateAuthority ca;
  std::unique_ptr<test::ChildProcess> process;
  std::uint16_t port = 0;

  Aiosmtpd() {
    const auto leaf = ca.issue(mock::CertificateKind::valid);
    const auto cert = dir.file("cert.pem", leaf.chain_pem);
    const auto key = dir.file("key.pem", leaf.private_key_pem);
    std::filesystem::create_directory(dir.path() + "/out");
    // Debian's aiosmtpd is installed for the system interpreter.
    process = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kScript, cert, key, "peer-user", "peer-pass", dir.path() + "/out"});
    const auto line = process->read_line(std::chrono::seconds(30));
    if (!line || line->rfind("PORT ", 0) != 0) throw std::runtime_error("aiosmtpd did not start: " + process->err());
    port = static_cast<std::uint16_t>(std::stoi(line->substr(5)));
  }
  ~Aiosmtpd() { process->terminate(); }

  client::smtp::SmtpClientOptions options() const {
    client::smtp::SmtpClientOptions o;
    o.host = "localhost";
    o.port = port;
    o.security = client::Security::starttls;
    o.tls.ca_pem = ca.ca_certificate_pem();
    o.credentials = sasl::ClientCredentials{.user = "peer-user", .password = "peer-pass"};
    return o;
  }
};

TEST(ClientToAiosmtpd, StarttlsAuthAndTheBytesArriveUnchanged) {
  Aiosmtpd peer;
  client::mime::OutgoingMessage message;
  message.from = {"Alice", "alice@example.com"};
  message.to = {{"Bob", "bob@example.com"}};
  message.subject = "Grüße from mailsim";  // RFC 2047 encoded
  message.text = "Line one\n.line starting with a dot\nÜmlauts need quoted-printable\n";
  message.html = "<p>Hello</p>";
  message.attachments = {{"report.bin", "application/octet-stream", std::string("\x00\x01\x02\xff", 4)}};
  const std::string raw = client::mime::build_message(message, {.date = std::chrono::system_clock::now()});

  const auto result = client::smtp::SmtpClient(peer.options())
                          .send({"alice@example.com", client::mime::envelope_recipients(message)}, raw);
  ASSERT_TRUE(result.ok()) << client::describe(*result.failure) << "\n" << peer.process->err();
  EXPECT_FALSE(result.session.tls_version.empty());
  ASSERT_TRUE(result.session.auth_mechanism);

  const auto received = read_file(peer.dir.path() + "/out/msg-1.eml");
  EXPECT_EQ(received, raw);
  const auto envelope = read_file(peer.dir.path() + "/out/msg-1.json");
  EXPECT_NE(envelope.find("\"auth\": \"peer-user\""), std::string::npos) << envelope;
  EXPECT_NE(envelope.find("\"tls\": true"), std::string::npos) << envelope;
}

TEST(ClientToAiosmtpd, WrongPasswordIsAuthFailedWithAiosmtpdsWords) {
  Aiosmtpd peer;
  auto options = peer.options();
  options.credentials->password = "wrong";
  const auto result = client::smtp::SmtpClient(options).send({"alice@example.com", {"bob@example.com"}},
                                                             "Subject: x\r\n\r\nbody\r\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure->reason, client::Reason::auth_failed) << client::describe(*result.failure);
  EXPECT_NE(result.failure->server_words.find("535"), std::string::npos);
}

TEST(ClientToAiosmtpd, StarttlsIsRequiredByAiosmtpdAndUsedByUs) {
  Aiosmtpd peer;
  auto options = peer.options();
  options.security = client::Security::none;
  // Without TLS aiosmtpd refuses AUTH; our client must report it, not pretend.
  const auto result = client::smtp::SmtpClient(options).send({"alice@example.com", {"bob@example.com"}},
                                                             "Subject: x\r\n\r\nbody\r\n");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.failure->reason, client::Reason::ok);
  EXPECT_FALSE(std::filesystem::exists(peer.dir.path() + "/out/msg-1.eml"));
}

}  // namespace
