#pragma once
// The connector: one connection file's two servers as a C++ API. Sends
// through the outbound (SMTP) server, reads and files mail on the inbound
// (IMAP) server, and checks both with Test Connection. `mailsim client`
// is a thin command line over this class.
//
//   auto loaded = load_connection_file("conn.yaml");     // client/connection/
//   if (!loaded.ok()) { for (auto& d : loaded.diagnostics) std::cerr << format_diagnostic(d) << "\n"; return 2; }
//   Connector connector(loaded.config);
//
//   mime::OutgoingMessage message;
//   message.from = {"Alice", "alice@example.com"};
//   message.to = {{"", "bob@example.com"}};
//   message.subject = "Hello";
//   message.text = "Hi Bob";
//   auto sent = connector.send(message);
//   if (!sent.ok()) std::cerr << describe(*sent.failure) << "\n";
//
//   auto found = connector.search("INBOX", imap::SearchCriteria::unseen());
//   for (const auto& m : found.value) std::cout << m.uid << " " << m.subject << "\n";
//   auto body = connector.fetch("INBOX", found.value.at(0).uid, {.message = true});
//
// Every operation is blocking and runs its own session (connect, TLS,
// login, the work, QUIT/LOGOUT), bounded by the file's timeouts. None
// throws for network or server trouble: the Outcome carries a Failure with
// a reason code, the stage, the server's own words and a hint. Secrets
// (passwords, tokens) never appear in an Outcome. OAuth sides get their
// token from ConnectorOptions::tokens, and after a server rejects one they
// ask for a refreshed token and try once more.
//
// A Connector holds no connection between calls; one object may be used
// from several threads at once.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connector/connector_options.hpp"
#include "client/connector/operation_results.hpp"
#include "client/connector/outcome.hpp"
#include "client/connector/test_connection.hpp"
#include "client/imap/imap_operations.hpp"
#include "client/imap/imap_response.hpp"
#include "client/imap/imap_search.hpp"
#include "client/mime/message_builder.hpp"
#include "client/smtp/smtp_options.hpp"

namespace mailsim::client {

class Connector {
 public:
  explicit Connector(ConnectionConfig config, ConnectorOptions options = {});

  const ConnectionConfig& config() const { return config_; }

  // Both sides, in parallel, every stage (test_connection.hpp).
  TestConnectionReport test_connection() const;

  // --- outbound (SMTP) ---

  // Builds the message (MIME, Date: from options.clock) and sends it to its
  // To, Cc and Bcc recipients with MAIL FROM set to message.from. A message
  // the builder cannot make fails with config_invalid at Stage::config.
  Outcome<SendReport> send(const mime::OutgoingMessage& message) const;
  // A ready RFC 5322 message (a .eml file) with an explicit envelope.
  Outcome<SendReport> send_raw(const smtp::SmtpEnvelope& envelope, std::string message) const;

  // --- inbound (IMAP) ---
  // Folder names are UTF-8 ("INBOX", "Archive/2026"); UIDs are the folder's.
  // A missing folder fails with mailbox_not_found; a UID the folder does
  // not hold fails with command_failed (nothing is changed then).

  Outcome<std::vector<imap::Folder>> folders() const;
  // UIDs matching the criteria, each with its envelope, flags and size.
  Outcome<std::vector<MessageSummary>> search(const std::string& folder, const imap::SearchCriteria& criteria) const;
  // Never sets \Seen (BODY.PEEK).
  Outcome<FetchedMessage> fetch(const std::string& folder, std::uint32_t uid, FetchParts what) const;
  // STORE +FLAGS / -FLAGS, e.g. {"\\Seen"} or a keyword such as "$Label1".
  Outcome<Done> flag(const std::string& folder, const std::vector<std::uint32_t>& uids,
                     const std::vector<std::string>& flags) const;
  Outcome<Done> unflag(const std::string& folder, const std::vector<std::uint32_t>& uids,
                       const std::vector<std::string>& flags) const;
  // The new UIDs in [COPYUID] when the server has UIDPLUS.
  Outcome<std::optional<imap::CopyUid>> move(const std::string& folder, const std::vector<std::uint32_t>& uids,
                                             const std::string& to_folder) const;
  Outcome<std::optional<imap::CopyUid>> copy(const std::string& folder, const std::vector<std::uint32_t>& uids,
                                             const std::string& to_folder) const;
  // \Deleted, then expunged (UID EXPUNGE with UIDPLUS, else EXPUNGE).
  Outcome<Done> delete_messages(const std::string& folder, const std::vector<std::uint32_t>& uids) const;
  // The new UID in [APPENDUID] when the server has UIDPLUS.
  Outcome<std::optional<imap::AppendUid>> append(const std::string& folder, std::string message,
                                                 const std::vector<std::string>& flags = {}) const;
  // Waits in IDLE until a message arrives in the folder or timeout passes.
  Outcome<IdleReport> idle(const std::string& folder, std::chrono::milliseconds timeout) const;

 private:
  ConnectionConfig config_;
  ConnectorOptions options_;
};

}  // namespace mailsim::client
