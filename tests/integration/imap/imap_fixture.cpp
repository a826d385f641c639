#include "imap_fixture.hpp"

#include <stdexcept>

#include "mockserver/imap/internal_date.hpp"

namespace mailsim::imap_integration {
namespace {

std::string big_body() {
  std::string body;
  for (int i = 0; i < 400; ++i) body += "line " + std::to_string(i) + " of a long report body, padded out.\r\n";
  return body;
}

mock::InternalDate date(std::string_view text) {
  const auto parsed = mock::parse_imap_date_time(text);
  if (!parsed) throw std::invalid_argument("bad test date");
  return *parsed;
}

}  // namespace

const std::string kReport =
    "Date: Fri, 01 Mar 2024 09:30:00 +0000\r\n"
    "From: Alice Example <alice@example.com>\r\n"
    "To: Bob <bob@example.com>\r\n"
    "Subject: Quarterly report\r\n"
    "Message-ID: <report-1@example.com>\r\n"
    "X-Priority: 1\r\n"
    "\r\n"
    "The numbers are up.\r\n";

const std::string kMeeting =
    "Date: Sat, 15 Jun 2024 14:00:00 +0200\r\n"
    "From: The Boss <boss@example.com>\r\n"
    "To: alice@example.com, Carol <carol@example.org>\r\n"
    "Cc: team@example.com\r\n"
    "Subject: Meeting tomorrow\r\n"
    "Message-ID: <meeting-2@example.com>\r\n"
    "In-Reply-To: <report-1@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Agenda attached.\r\n"
    "--b1\r\n"
    "Content-Type: application/pdf; name=\"agenda.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"agenda.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==\r\n"
    "--b1--\r\n";

const std::string kBigFileBody = big_body();

const std::string kBigFile =
    "Date: Fri, 10 Jan 2025 08:00:00 -0500\r\n"
    "From: carol@example.org\r\n"
    "To: alice@example.com\r\n"
    "Subject: Big file\r\n"
    "Message-ID: <big-3@example.org>\r\n"
    "\r\n" +
    kBigFileBody;

client::Security client_security(mock::Security security) {
  switch (security) {
    case mock::Security::none: return client::Security::none;
    case mock::Security::ssl_tls: return client::Security::ssl_tls;
    case mock::Security::starttls: return client::Security::starttls;
  }
  return client::Security::none;
}

void seed(mock::MailboxStore& store) {
  store.add_message(kUser, "INBOX", kReport, {}, date("01-Mar-2024 09:30:00 +0000"));
  store.add_message(kUser, "INBOX", kMeeting, {"\\Seen"}, date("15-Jun-2024 14:00:00 +0200"));
  store.add_message(kUser, "INBOX", kBigFile, {"\\Flagged", "$Important"}, date("10-Jan-2025 08:00:00 -0500"));
  store.create(kUser, "Archive");
}

mock::ImapServerConfig server_config(mock::Security security) {
  mock::ImapServerConfig config;
  config.name = "integration-mock";
  config.tls.security = security;
  config.users = {{kUser, kPassword}, {"bob", "bobs-pass"}};
  config.store = std::make_shared<mock::MailboxStore>();
  seed(*config.store);
  return config;
}

ImapClientOptions client_options(const mock::ImapServer& server, client::Security security, AuthMethod auth) {
  ImapClientOptions options;
  options.host = "localhost";
  options.port = server.port();
  options.security = security;
  options.tls.ca_pem = server.ca_certificate_pem();
  options.credentials = sasl::ClientCredentials{.user = kUser, .password = kPassword};
  options.auth = auth;
  options.timeouts.connect = std::chrono::seconds(10);
  options.timeouts.command = std::chrono::seconds(10);
  return options;
}

std::string all_transcripts(const mock::ImapServer& server) {
  std::string out;
  for (const auto& t : server.transcripts()) out += t->render();
  return out;
}

void IdleSignal::before_response(const mock::ImapHookContext&, std::string& response) {
  if (!response.starts_with("+ idling")) return;
  {
    std::lock_guard lock(mutex_);
    ++idling_;
  }
  changed_.notify_all();
}

bool IdleSignal::wait(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return idling_ >= count; });
}

}  // namespace mailsim::imap_integration
