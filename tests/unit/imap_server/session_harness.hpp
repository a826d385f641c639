#pragma once
// Drives ImapSession objects on byte strings: no sockets, a virtual clock,
// and a store shared by several sessions when a test needs them.
#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "mockserver/imap/imap_session.hpp"
#include "mockserver/imap/imap_verifier.hpp"

namespace mailsim::mock::testing {

// A plain text/plain message (19-byte body of 2 lines).
inline constexpr std::string_view kSimpleMessage =
    "From: Alice <alice@example.com>\r\n"
    "To: Bob <bob@example.com>\r\n"
    "Subject: Hello\r\n"
    "Date: Mon, 05 Jan 2026 10:00:00 +0000\r\n"
    "Message-ID: <1@example.com>\r\n"
    "\r\n"
    "Hi Bob,\r\n"
    "see you.\r\n";

// multipart/mixed: a text part and a base64 attachment.
inline constexpr std::string_view kMultipartMessage =
    "From: Carol <carol@example.org>\r\n"
    "To: alice@example.com, \"Dan D.\" <dan@example.org>\r\n"
    "Cc: team: eve@example.org;\r\n"
    "Subject: =?UTF-8?Q?Caf=C3=A9_report?=\r\n"
    "Date: Tue, 06 Jan 2026 12:30:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--XYZ\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Numbers are in: caf=C3=A9 budget\r\n"
    "--XYZ\r\n"
    "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"r.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQK\r\n"
    "--XYZ--\r\n";

class SessionHarness {
 public:
  SessionHarness() : verifier({{"alice", "secret"}, {"bob", "builder"}}, [this](std::string_view user, std::string_view token) {
                       sasl::TokenVerdict v;
                       v.valid = user == "alice" && token == "good-token";
                       return v;
                     }) {}

  std::unique_ptr<ImapSession> make(ImapHooks& hooks = default_imap_hooks(), std::atomic<int>* wakes = nullptr) {
    ImapSessionDeps deps{store, verifier, clock, transcript, hooks,
                         [wakes] {
                           if (wakes) ++*wakes;
                         }};
    return std::make_unique<ImapSession>(config, deps, ImapHookContext{1, "127.0.0.1:1", "", false});
  }

  // Starts the main session and returns its greeting.
  std::string start(bool tls = false) {
    session = make(default_imap_hooks(), &wakes);
    session->start(tls);
    return session->take_output();
  }

  std::string send(std::string_view bytes) { return send_to(*session, bytes); }

  static std::string send_to(ImapSession& s, std::string_view bytes) {
    s.receive(bytes);
    return s.take_output();
  }

  std::string login() { return send("L1 LOGIN alice secret\r\n"); }
  std::string select(std::string_view box = "INBOX") { return send("S1 SELECT " + std::string(box) + "\r\n"); }

  MailboxStore store;
  UserVerifier verifier;
  VirtualClock clock;
  Transcript transcript;
  ImapSessionConfig config;
  std::unique_ptr<ImapSession> session;
  std::atomic<int> wakes{0};
};

}  // namespace mailsim::mock::testing
