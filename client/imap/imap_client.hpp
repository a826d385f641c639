#pragma once
// The IMAP client for library users and tests: blocking calls over one
// session, on a private io_context.
//
//   ImapClientOptions options;                 // host, port, security, tls, credentials, ...
//   ImapClient client(options);
//   if (auto failure = client.open()) std::cerr << describe(*failure) << "\n";
//   auto inbox = client.select("INBOX");
//   auto uids = client.search(SearchCriteria::unseen() && SearchCriteria::from("boss@example.com"));
//   auto message = client.fetch_message(uids.value().front());
//   client.fetch_each(uids.value(), FetchRequest{.sections = {SectionRequest{}}},
//                     [](FetchData&& m) { /* one message at a time */ });
//   client.logout();
//
// Each call returns a Failure (reason code, stage, server words) instead of
// throwing. Not thread-safe: one call at a time. To run beside other work on
// an io_context, use ImapConnection (imap_connection.hpp) directly.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/imap/imap_connection.hpp"
#include "common/net/asio.hpp"

namespace mailsim::client::imap {

// Test Connection, inbound side: open (connect, TLS/STARTTLS, greeting,
// CAPABILITY, login), EXAMINE INBOX, LOGOUT.
struct ImapTestResult {
  std::optional<Failure> failure;  // nullopt: every stage passed
  ImapSessionInfo session;
  std::optional<MailboxInfo> inbox;
  std::vector<std::string> transcript;  // secrets redacted

  bool ok() const { return !failure; }
};

net::asio::awaitable<ImapTestResult> async_test(ImapClientOptions options);
ImapTestResult test_connection(ImapClientOptions options);

class ImapClient {
 public:
  using Done = ImapConnection::Done;

  explicit ImapClient(ImapClientOptions options);
  ~ImapClient();
  ImapClient(const ImapClient&) = delete;
  ImapClient& operator=(const ImapClient&) = delete;

  Done open();
  Result<std::vector<Folder>> list_folders(const std::string& pattern = "*");
  Done create_folder(const std::string& name);
  Result<MailboxInfo> select(const std::string& folder, bool read_only = false);
  Result<MailboxInfo> examine(const std::string& folder) { return select(folder, true); }
  Result<StatusData> status(const std::string& folder);
  Result<std::vector<std::uint32_t>> search(const SearchCriteria& criteria);
  Result<std::vector<FetchData>> fetch(const std::vector<std::uint32_t>& uids, const FetchRequest& request);
  // Many messages, pipelined in batches, each handed over as it completes
  // (ImapConnection::fetch_each).
  Done fetch_each(const std::vector<std::uint32_t>& uids, const FetchRequest& request,
                  const ImapConnection::OnMessage& on_message, FetchBatching batching = {});
  Result<std::string> fetch_message(std::uint32_t uid);
  Result<DecodedMessage> fetch_decoded(std::uint32_t uid);
  Result<std::string> fetch_section(std::uint32_t uid, const SectionRequest& section);
  Done store_flags(const std::vector<std::uint32_t>& uids, const std::vector<std::string>& flags, StoreMode mode);
  Result<std::optional<CopyUid>> copy(const std::vector<std::uint32_t>& uids, const std::string& folder);
  Result<std::optional<CopyUid>> move(const std::vector<std::uint32_t>& uids, const std::string& folder);
  Done delete_messages(const std::vector<std::uint32_t>& uids);
  Done expunge();
  Result<std::optional<AppendUid>> append(const std::string& folder, const std::string& message,
                                          const std::vector<std::string>& flags = {},
                                          const std::string& internal_date = {});
  Result<IdleOutcome> idle(net::Millis timeout);
  Done noop();
  void logout();

  bool is_open() const { return connection_->is_open(); }
  const ImapSessionInfo& session() const { return connection_->session(); }
  const std::optional<MailboxInfo>& selected() const { return connection_->selected(); }
  std::vector<std::string> transcript() const { return connection_->transcript().lines(); }
  std::vector<Response> take_unsolicited() { return connection_->take_unsolicited(); }

 private:
  template <class T>
  T run(net::asio::awaitable<T> operation);

  // io_ outlives connection_: the connection's sockets and timers use it.
  net::asio::io_context io_;
  std::unique_ptr<ImapConnection> connection_;
};

}  // namespace mailsim::client::imap
