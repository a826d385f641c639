// `mailsim demo`: the shortest complete path through mailsim. A mock SMTP
// submission server (STARTTLS, AUTH required after TLS) receives a message
// our client builds and sends with AUTH PLAIN; then we print what it captured.
#include <fmt/format.h>

#include "client/mime/message_builder.hpp"
#include "client/smtp/smtp_client.hpp"
#include "harness/commands.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace mailsim::harness {

std::string_view version() { return "0.1.0"; }

int run_demo(std::ostream& out, std::ostream& err) {
  mock::SmtpServerConfig server_config;
  server_config.name = "submission";
  server_config.tls.security = mock::Security::starttls;
  server_config.auth_required = true;
  server_config.auth_requires_tls = true;
  server_config.users = {{"alice", "demo-password"}};
  mock::SmtpServer server(server_config);
  server.start();
  out << fmt::format("mock SMTP server listening on 127.0.0.1:{} (STARTTLS, AUTH after TLS)\n", server.port());

  client::mime::OutgoingMessage message;
  message.from = {"Alice", "alice@example.com"};
  message.to = {{"Bob", "bob@example.com"}};
  message.subject = "Hello from mailsim";
  message.text = "This message went through STARTTLS and AUTH PLAIN.\n";
  const std::string raw = client::mime::build_message(message, {.date = std::chrono::system_clock::now()});

  client::smtp::SmtpClientOptions options;
  options.host = "localhost";
  options.port = server.port();
  options.security = client::Security::starttls;
  options.tls.ca_pem = server.ca_certificate_pem();
  options.credentials = sasl::ClientCredentials{.user = "alice", .password = "demo-password"};
  options.mechanism = sasl::Mechanism::plain;
  const auto result = client::smtp::SmtpClient(options).send(
      {"alice@example.com", client::mime::envelope_recipients(message)}, raw);
  if (!result.ok()) {
    err << "send failed: " << client::describe(*result.failure) << "\n";
    return 1;
  }
  out << fmt::format("client: sent over {} with AUTH {}\n", result.session.tls_version,
                     sasl::to_string(*result.session.auth_mechanism));

  if (!server.wait_for_messages(1, std::chrono::seconds(10))) {
    err << "the server captured nothing\n";
    return 1;
  }
  const auto captured = server.messages().front();
  out << "\nserver captured:\n";
  out << fmt::format("  MAIL FROM:<{}>\n", captured.mail_from);
  for (const auto& rcpt : captured.rcpt_to()) out << fmt::format("  RCPT TO:<{}>\n", rcpt);
  out << fmt::format("  tls: {}  authenticated user: {}  size: {} bytes\n", captured.tls_version,
                     captured.authenticated_user, captured.raw.size());
  out << "\nsession transcript (secrets redacted):\n";
  for (const auto& session : server.transcripts()) out << session.transcript->render();
  out << "\nmessage as received:\n" << captured.raw;
  server.stop();
  return 0;
}

}  // namespace mailsim::harness
