// The connector library in one page: starts an in-process mock SMTP server
// (STARTTLS) and mock IMAP server (implicit TLS), then uses client::Connector
// the way an application would: Test Connection, send, search, fetch, move.
//
//   build/connector_example                # the tour, then exit
//   build/connector_example --serve DIR    # the tour, then keep the mocks running
//                                          # and write DIR/connection.yaml (+ DIR/ca.pem)
//                                          # for `mailsim client ... --connection
//                                          # DIR/connection.yaml`; stops at end of input
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "client/connector/connector.hpp"
#include "client/connector/test_connection_format.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace {

using namespace mailsim;

constexpr const char* kUser = "alice@example.com";
constexpr const char* kPassword = "example-password";

// Writes what `mailsim client` needs to reach the running mocks.
void write_connection_file(const std::filesystem::path& dir, const client::ConnectionConfig& c,
                           const std::string& ca_pem) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ca.pem") << ca_pem;
  std::ofstream(dir / "connection.yaml")
      << "# Written by connector_example --serve: the in-process mocks it keeps running.\n"
      << "outbound:\n  host: " << c.outbound.host << "\n  port: " << c.outbound.port
      << "\n  security: starttls\n  user: " << kUser << "\n  password: ${MAILSIM_EXAMPLE_PASSWORD}\n"
      << "inbound:\n  host: " << c.inbound.host << "\n  port: " << c.inbound.port
      << "\n  security: ssl_tls\n  user: " << kUser << "\n  password: ${MAILSIM_EXAMPLE_PASSWORD}\n"
      << "tls:\n  ca_file: ca.pem\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::filesystem::path> serve_dir;
  if (argc == 3 && std::string(argv[1]) == "--serve") {
    serve_dir = argv[2];
  } else if (argc != 1) {
    std::cerr << "usage: connector_example [--serve DIR]\n";
    return 2;
  }

  // Two mock servers sharing one mailbox user; their certificates come from
  // an in-memory CA (the example trusts it through extra_ca_pem).
  mock::SmtpServerConfig smtp_config;
  smtp_config.tls.security = mock::Security::starttls;
  smtp_config.auth_required = true;
  smtp_config.users = {{kUser, kPassword}};
  mock::SmtpServer smtp(smtp_config);
  smtp.start();

  mock::ImapServerConfig imap_config;
  imap_config.tls.security = mock::Security::ssl_tls;
  imap_config.users = {{kUser, kPassword}};
  mock::ImapServer imap(imap_config);
  imap.start();
  imap.store().add_message(kUser, "INBOX",
                           "From: Bob <bob@example.com>\r\nTo: alice@example.com\r\nSubject: Lunch on Friday?\r\n"
                           "\r\nNoon at the usual place?\r\n");
  imap.store().create(kUser, "Archive");

  // What a connection file holds (client/connection/ loads one from YAML).
  client::ConnectionConfig connection;
  connection.outbound.host = "localhost";
  connection.outbound.port = smtp.port();
  connection.outbound.security = client::Security::starttls;
  connection.outbound.user = kUser;
  connection.outbound.password = kPassword;
  connection.inbound.host = "localhost";
  connection.inbound.port = imap.port();
  connection.inbound.security = client::Security::ssl_tls;
  connection.inbound.user = kUser;
  connection.inbound.password = kPassword;

  client::ConnectorOptions options;
  options.extra_ca_pem = smtp.ca_certificate_pem();
  const client::Connector connector(connection, options);

  // 1. Test Connection: both sides at once, every stage.
  const auto report = connector.test_connection();
  std::cout << client::format_test_connection(report) << "\n";
  if (!report.ok()) return 1;

  // 2. Send a message; the result says what the server answered per recipient.
  client::mime::OutgoingMessage message;
  message.from = {"Alice", kUser};
  message.to = {{"Bob", "bob@example.com"}};
  message.subject = "Re: Lunch on Friday?";
  message.text = "Noon works.\n";
  const auto sent = connector.send(message);
  if (!sent.ok()) {
    std::cerr << "send failed: " << client::describe(*sent.failure) << "\n";
    return 1;
  }
  for (const auto& r : sent.value.recipients) std::cout << "sent to " << r.address << ": " << r.reply << "\n";

  // 3. Search the inbox, fetch what was found, file it away.
  const auto found =
      connector.search("INBOX", client::imap::SearchCriteria::unseen() && client::imap::SearchCriteria::from("bob"));
  if (!found.ok()) {
    std::cerr << "search failed: " << client::describe(*found.failure) << "\n";
    return 1;
  }
  for (const auto& m : found.value) {
    std::cout << "UID " << m.uid << " from " << m.from << ": " << m.subject << "\n";
    const auto fetched = connector.fetch("INBOX", m.uid, {.message = true});
    if (fetched.ok()) std::cout << "  " << fetched.value.message->size() << " bytes\n";
    const auto moved = connector.move("INBOX", {m.uid}, "Archive");
    std::cout << "  " << (moved.ok() ? "moved to Archive" : client::describe(*moved.failure)) << "\n";
  }

  // 4. A failure is a value: a reason code, the stage, the server's words, a hint.
  auto wrong = connection;
  wrong.inbound.password = "not-the-password";
  const auto refused = client::Connector(wrong, options).folders();
  if (refused.failure) std::cout << "with a wrong password: " << client::describe(*refused.failure) << "\n";

  if (serve_dir) {
    write_connection_file(*serve_dir, connection, smtp.ca_certificate_pem());
    std::cout << "\nmocks running; try:\n  MAILSIM_EXAMPLE_PASSWORD=" << kPassword
              << " mailsim client test-connection --connection " << (*serve_dir / "connection.yaml").string()
              << "\n(end of input stops them)\n"
              << std::flush;
    std::string line;
    while (std::getline(std::cin, line)) {
    }
  }
  return 0;
}
