#include "interop_messages.hpp"

#include <initializer_list>
#include <stdexcept>

namespace mailsim::imap_interop {
namespace {

std::string lines(std::initializer_list<std::string_view> text, std::string_view eol = "\r\n") {
  std::string out;
  for (const auto line : text) {
    out += line;
    out += eol;
  }
  return out;
}

std::vector<SeedMessage> make_messages() {
  std::vector<SeedMessage> m;
  m.push_back({"plain_text", lines({
      "Date: Mon, 02 Sep 2024 08:15:00 +0200",
      "From: \"Alice Example\" <alice@example.com>",
      "To: Bob Builder <bob@example.com>",
      "Subject: Plain text greeting",
      "Message-ID: <m1@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=\"us-ascii\"",
      "Content-Transfer-Encoding: 7bit",
      "",
      "Hello Bob,",
      "this is a plain message.",
      "-- ",
      "Alice",
  })});
  m.push_back({"multipart_alternative", lines({
      "Date: Tue, 03 Sep 2024 10:00:00 -0700",
      "From: news@example.org",
      "Reply-To: Replies <replies@example.org>",
      "To: alice@example.com",
      "Subject: Newsletter",
      "Message-ID: <m2@example.org>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/alternative; boundary=\"alt-42\"",
      "",
      "This is a multi-part message in MIME format.",
      "--alt-42",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Caf=C3=A9 news =E2=80=93 read on.",
      "--alt-42",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "<html><body><p>Caf=C3=A9 news</p></body></html>",
      "--alt-42--",
  })});
  m.push_back({"nested_mixed_with_attachments", lines({
      "Date: Wed, 04 Sep 2024 12:30:45 +0000",
      "From: Carol <carol@example.net>",
      "To: alice@example.com",
      "Cc: dave@example.net",
      "Subject: Files for you",
      "Message-ID: <m3@example.net>",
      "In-Reply-To: <m1@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=\"outer\"",
      "",
      "--outer",
      "Content-Type: multipart/alternative; boundary=\"inner\"",
      "",
      "--inner",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "See the files.",
      "--inner",
      "Content-Type: text/html; charset=us-ascii",
      "",
      "<p>See the files.</p>",
      "--inner--",
      "",
      "--outer",
      "Content-Type: application/pdf; name=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?=\"",
      "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
      "Content-Transfer-Encoding: base64",
      "Content-Description: Curriculum vitae",
      "",
      "JVBERi0xLjQK",
      "--outer",
      "Content-Type: image/png",
      "Content-ID: <logo@example.net>",
      "Content-Disposition: inline; filename*0=\"company-\"; filename*1=\"logo.png\"",
      "Content-Language: en",
      "Content-Location: http://example.net/logo.png",
      "Content-Transfer-Encoding: base64",
      "",
      "iVBORw0KGgo=",
      "--outer--",
  })});
  m.push_back({"message_rfc822_attachment", lines({
      "Date: Thu, 05 Sep 2024 09:00:00 +0100",
      "From: Dave <dave@example.net>",
      "To: alice@example.com",
      "Subject: Fwd: Plain text greeting",
      "Message-ID: <m4@example.net>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=\"fwd\"",
      "",
      "--fwd",
      "Content-Type: text/plain",
      "",
      "Forwarding this.",
      "--fwd",
      "Content-Type: message/rfc822",
      "Content-Disposition: attachment; filename=\"original.eml\"",
      "",
      "Date: Mon, 02 Sep 2024 08:15:00 +0200",
      "From: \"Alice Example\" <alice@example.com>",
      "To: Bob Builder <bob@example.com>",
      "Subject: Original",
      "Message-ID: <orig@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/alternative; boundary=\"x\"",
      "",
      "--x",
      "Content-Type: text/plain",
      "",
      "Original text.",
      "--x",
      "Content-Type: text/html",
      "",
      "<b>Original</b>",
      "--x--",
      "",
      "--fwd--",
  })});
  m.push_back({"rfc2047_words", lines({
      "Date: Fri, 06 Sep 2024 18:00:00 +0200",
      "From: =?ISO-8859-1?Q?Andr=E9_Pirard?= <andre@example.be>",
      "To: =?UTF-8?B?w4lsb2RpZQ==?= <elodie@example.fr>",
      "Subject: =?UTF-8?B?w4fDoCB2YSA/?= =?UTF-8?Q?_tr=C3=A8s_bien?=",
      "Message-ID: <m5@example.be>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "\xC3\x87" "a va tr\xC3\xA8s bien, merci.",
  })});
  m.push_back({"group_addresses", lines({
      "Date: Sat, 07 Sep 2024 07:07:07 -0000",
      "From: Eve <eve@example.com>",
      "Sender: Secretary <secretary@example.com>",
      "To: undisclosed-recipients:;",
      "Cc: Team: frank@example.com, \"Grace, H.\" <grace@example.com>;, henry@example.com",
      "Bcc: ivan@example.com",
      "Subject: Group",
      " addresses with a folded subject",
      "Message-ID: <m6@example.com>",
      "",
      "Group body.",
  })});
  m.push_back({"missing_headers", lines({
      "X-Mailer: none",
      "",
      "A message with almost no headers.",
  })});
  m.push_back({"bare_lf", lines({
      "From: lf@example.com",
      "To: alice@example.com",
      "Subject: Bare line feeds",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=\"lf\"",
      "",
      "--lf",
      "Content-Type: text/plain",
      "",
      "Line one.",
      "Line two.",
      "--lf",
      "Content-Type: application/octet-stream",
      "Content-Transfer-Encoding: base64",
      "",
      "AAEC",
      "--lf--",
  }, "\n")});
  return m;
}

}  // namespace

const std::vector<SeedMessage>& seed_messages() {
  static const std::vector<SeedMessage> messages = make_messages();
  return messages;
}

std::uint32_t seed_uid(const std::string& name) {
  const auto& all = seed_messages();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].name == name) return static_cast<std::uint32_t>(i + 1);
  throw std::invalid_argument("no seed message " + name);
}

const std::string& seed_message(const std::string& name) { return seed_messages().at(seed_uid(name) - 1).raw; }

std::string with_crlf(const std::string& raw) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 16);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) out += '\r';
    out += raw[i];
  }
  return out;
}

client::Security client_security(mock::Security security) {
  switch (security) {
    case mock::Security::none: return client::Security::none;
    case mock::Security::ssl_tls: return client::Security::ssl_tls;
    case mock::Security::starttls: return client::Security::starttls;
  }
  return client::Security::none;
}

mock::ImapServerConfig mock_config(mock::Security security) {
  mock::ImapServerConfig config;
  config.tls.security = security;
  config.users = {{kUser, kPassword}};
  config.store = std::make_shared<mock::MailboxStore>();
  for (const auto& message : seed_messages()) config.store->add_message(kUser, "INBOX", message.raw);
  config.store->create(kUser, "Archive");
  return config;
}

client::imap::ImapClientOptions client_options(std::uint16_t port, client::Security security,
                                               const std::string& ca_pem) {
  client::imap::ImapClientOptions options;
  options.host = "localhost";
  options.port = port;
  options.security = security;
  options.tls.ca_pem = ca_pem;
  options.credentials = sasl::ClientCredentials{.user = kUser, .password = kPassword};
  options.timeouts.connect = std::chrono::seconds(10);
  options.timeouts.command = std::chrono::seconds(20);
  return options;
}

}  // namespace mailsim::imap_interop
