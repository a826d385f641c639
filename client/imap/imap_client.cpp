#include "client/imap/imap_client.hpp"

#include <exception>

namespace mailsim::client::imap {

namespace asio = net::asio;

asio::awaitable<ImapTestResult> async_test(ImapClientOptions options) {
  ImapConnection connection(std::move(options));
  ImapTestResult result;
  result.failure = co_await connection.open();
  if (!result.failure) {
    std::string inbox_name = "INBOX";
    auto inbox = co_await connection.examine(std::move(inbox_name));
    if (inbox)
      result.inbox = inbox.value();
    else
      result.failure = inbox.failure();
    co_await connection.logout();
  }
  result.session = connection.session();
  result.transcript = connection.transcript().lines();
  co_return result;
}

ImapTestResult test_connection(ImapClientOptions options) {
  asio::io_context io;
  std::optional<ImapTestResult> result;
  std::exception_ptr error;
  asio::co_spawn(io, async_test(std::move(options)), [&](std::exception_ptr e, ImapTestResult r) {
    error = e;
    result = std::move(r);
  });
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

ImapClient::ImapClient(ImapClientOptions options)
    : connection_(std::make_unique<ImapConnection>(std::move(options))) {}

ImapClient::~ImapClient() {
  connection_->close();
  connection_.reset();
}

// Runs one operation on the private io_context until it completes. Other
// work (a pending overall timeout) stays queued for later calls, so run()
// stops at the operation's end rather than when the context runs dry. Only
// a bug (an exception) escapes; network and server trouble is in the result.
template <class T>
T ImapClient::run(asio::awaitable<T> operation) {
  std::optional<T> result;
  std::exception_ptr error;
  bool done = false;
  asio::co_spawn(io_, std::move(operation), [&](std::exception_ptr e, T r) {
    error = e;
    if (!e) result = std::move(r);
    done = true;
  });
  while (!done) {
    if (io_.stopped()) io_.restart();
    io_.run_one();
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

ImapClient::Done ImapClient::open() { return run(connection_->open()); }

Result<std::vector<Folder>> ImapClient::list_folders(const std::string& pattern) {
  return run(connection_->list_folders(pattern));
}

ImapClient::Done ImapClient::create_folder(const std::string& name) { return run(connection_->create_folder(name)); }

Result<MailboxInfo> ImapClient::select(const std::string& folder, bool read_only) {
  return run(connection_->select(folder, read_only));
}

Result<StatusData> ImapClient::status(const std::string& folder) { return run(connection_->status(folder)); }

Result<std::vector<std::uint32_t>> ImapClient::search(const SearchCriteria& criteria) {
  return run(connection_->search(criteria));
}

Result<std::vector<FetchData>> ImapClient::fetch(const std::vector<std::uint32_t>& uids, const FetchRequest& request) {
  return run(connection_->fetch(uids, request));
}

ImapClient::Done ImapClient::fetch_each(const std::vector<std::uint32_t>& uids, const FetchRequest& request,
                                        const ImapConnection::OnMessage& on_message, FetchBatching batching) {
  return run(connection_->fetch_each(uids, request, batching, on_message));
}

Result<std::string> ImapClient::fetch_message(std::uint32_t uid) { return run(connection_->fetch_message(uid)); }

Result<DecodedMessage> ImapClient::fetch_decoded(std::uint32_t uid) { return run(connection_->fetch_decoded(uid)); }

Result<std::string> ImapClient::fetch_section(std::uint32_t uid, const SectionRequest& section) {
  return run(connection_->fetch_section(uid, section));
}

ImapClient::Done ImapClient::store_flags(const std::vector<std::uint32_t>& uids, const std::vector<std::string>& flags,
                                         StoreMode mode) {
  return run(connection_->store_flags(uids, flags, mode));
}

Result<std::optional<CopyUid>> ImapClient::copy(const std::vector<std::uint32_t>& uids, const std::string& folder) {
  return run(connection_->copy(uids, folder));
}

Result<std::optional<CopyUid>> ImapClient::move(const std::vector<std::uint32_t>& uids, const std::string& folder) {
  return run(connection_->move(uids, folder));
}

ImapClient::Done ImapClient::delete_messages(const std::vector<std::uint32_t>& uids) {
  return run(connection_->delete_messages(uids));
}

ImapClient::Done ImapClient::expunge() { return run(connection_->expunge()); }

Result<std::optional<AppendUid>> ImapClient::append(const std::string& folder, const std::string& message,
                                                    const std::vector<std::string>& flags,
                                                    const std::string& internal_date) {
  return run(connection_->append(folder, message, flags, internal_date));
}

Result<IdleOutcome> ImapClient::idle(net::Millis timeout) { return run(connection_->idle(timeout)); }

ImapClient::Done ImapClient::noop() { return run(connection_->noop()); }

void ImapClient::logout() {
  // Wrapped so the one template handles it: logout() itself returns nothing.
  const auto wrapped = [](ImapConnection& c) -> asio::awaitable<bool> {
    co_await c.logout();
    co_return true;
  };
  run(wrapped(*connection_));
}

}  // namespace mailsim::client::imap
