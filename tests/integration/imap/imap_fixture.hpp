#pragma once
// Shared pieces of the client-against-mock IMAP tests: a server with a
// seeded INBOX, client options for each security mode and login method,
// and a hook that tells a test when a session has started idling.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "client/imap/imap_client.hpp"
#include "mockserver/imap/imap_server.hpp"

namespace mailsim::imap_integration {

using client::Reason;
using client::imap::AuthMethod;
using client::imap::ImapClient;
using client::imap::ImapClientOptions;

inline const std::string kUser = "alice";
inline const std::string kPassword = "s3cret-pass";

// The INBOX every server starts with (UIDs 1, 2, 3).
extern const std::string kReport;      // UID 1: plain text, unseen
extern const std::string kMeeting;     // UID 2: multipart/mixed with a PDF, \Seen
extern const std::string kBigFile;     // UID 3: a long body, \Flagged $Important
extern const std::string kBigFileBody;  // kBigFile's body (its TEXT section)

client::Security client_security(mock::Security security);

// A server for kUser with the INBOX above and an empty "Archive".
mock::ImapServerConfig server_config(mock::Security security);
void seed(mock::MailboxStore& store);

ImapClientOptions client_options(const mock::ImapServer& server, client::Security security,
                                 AuthMethod auth = AuthMethod::login);

// "" on success, else the failure in words (for assertion messages).
template <class T>
std::string why(const client::imap::Result<T>& result) {
  return result.ok() ? std::string() : client::describe(result.failure());
}
inline std::string why(const std::optional<client::Failure>& failure) {
  return failure ? client::describe(*failure) : std::string();
}

// The server's transcripts joined, for "never shows the password" checks.
std::string all_transcripts(const mock::ImapServer& server);

// Counts "+ idling" continuations the server sends, so a test can act
// exactly when another session is in IDLE rather than guessing with a sleep.
class IdleSignal : public mock::ImapHooks {
 public:
  void before_response(const mock::ImapHookContext&, std::string& response) override;
  // True once `count` sessions have been told "+ idling" (false on timeout).
  bool wait(std::size_t count, std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t idling_ = 0;
};

}  // namespace mailsim::imap_integration
