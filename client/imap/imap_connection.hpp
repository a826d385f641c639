#pragma once
// One IMAP client session on Asio coroutines: connect, TLS (implicit or
// STARTTLS, never a silent downgrade), greeting, CAPABILITY, LOGIN or
// AUTHENTICATE, then the mailbox operations, LOGOUT. The protocol pieces
// (response parser, command builder, search keys, failure mapping) are
// sans-I/O; this class moves their bytes and keeps session state.
//
// Every operation returns a Failure (never throws for network or server
// trouble) carrying a reason code and the server's words. Not thread-safe:
// one coroutine at a time per connection.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/imap/imap_command.hpp"
#include "client/imap/imap_decoded_message.hpp"
#include "client/imap/imap_operations.hpp"
#include "client/imap/imap_options.hpp"
#include "client/imap/imap_response_parser.hpp"
#include "client/imap/imap_response_queue.hpp"
#include "client/imap/imap_result.hpp"
#include "client/imap/imap_search.hpp"
#include "client/imap/imap_transcript.hpp"
#include "client/reason.hpp"
#include "common/net/asio.hpp"
#include "common/net/stream.hpp"

namespace mailsim::client::imap {

class ImapConnection {
 public:
  explicit ImapConnection(ImapClientOptions options);
  ~ImapConnection();
  ImapConnection(const ImapConnection&) = delete;
  ImapConnection& operator=(const ImapConnection&) = delete;

  template <class T>
  using Task = net::asio::awaitable<T>;
  using Done = std::optional<Failure>;  // nullopt: success

  // Connect, TLS, greeting, CAPABILITY, STARTTLS + CAPABILITY, login (when
  // credentials are set and the server did not PREAUTH) + CAPABILITY.
  Task<Done> open();

  // Coroutine parameters have no defaults here: g++ 12 mis-destroys
  // temporaries made for them. ImapClient has the defaults.
  Task<Result<std::vector<Folder>>> list_folders(std::string pattern);
  Task<Done> create_folder(std::string name);
  // SELECT, or EXAMINE when read_only.
  Task<Result<MailboxInfo>> select(std::string folder, bool read_only);
  Task<Result<MailboxInfo>> examine(std::string folder) { return select(std::move(folder), true); }
  Task<Result<StatusData>> status(std::string folder);

  // In the selected folder; UIDs throughout (UID SEARCH, UID FETCH, ...).
  Task<Result<std::vector<std::uint32_t>>> search(SearchCriteria criteria);
  Task<Result<std::vector<FetchData>>> fetch(std::vector<std::uint32_t> uids, FetchRequest request);
  // fetch() for many messages without holding them all: the UIDs go in
  // batches, several UID FETCH commands pipelined (see FetchBatching), and
  // each message goes to on_message as soon as a FETCH response holds every
  // item asked for (the usual case: memory holds one message), else, merged,
  // when its batch completes. A NO or BAD stops sending further batches;
  // messages already handed over stay handed over.
  using OnMessage = std::function<void(FetchData&&)>;
  Task<Done> fetch_each(std::vector<std::uint32_t> uids, FetchRequest request, FetchBatching batching,
                        OnMessage on_message);
  // The whole message (BODY.PEEK[]).
  Task<Result<std::string>> fetch_message(std::uint32_t uid);
  // The whole message, decoded by the MIME parser.
  Task<Result<DecodedMessage>> fetch_decoded(std::uint32_t uid);
  // One section, optionally a byte range of it (for large bodies).
  Task<Result<std::string>> fetch_section(std::uint32_t uid, SectionRequest section);
  Task<Done> store_flags(std::vector<std::uint32_t> uids, std::vector<std::string> flags, StoreMode mode);
  // [COPYUID] when the server has UIDPLUS.
  Task<Result<std::optional<CopyUid>>> copy(std::vector<std::uint32_t> uids, std::string folder);
  // MOVE when offered; else COPY + \Deleted + UID EXPUNGE (UIDPLUS) or
  // EXPUNGE (which also removes other messages already marked \Deleted).
  Task<Result<std::optional<CopyUid>>> move(std::vector<std::uint32_t> uids, std::string folder);
  // \Deleted, then UID EXPUNGE (UIDPLUS) or EXPUNGE (see move()).
  Task<Done> delete_messages(std::vector<std::uint32_t> uids);
  Task<Done> expunge();
  // [APPENDUID] when the server has UIDPLUS. internal_date as IMAP
  // date-time ("17-Jul-1996 02:44:25 -0700"), empty for none.
  Task<Result<std::optional<AppendUid>>> append(std::string folder, std::string message,
                                               std::vector<std::string> flags, std::string internal_date);
  // IDLE until an EXISTS arrives or timeout passes, then DONE.
  Task<Result<IdleOutcome>> idle(net::Millis timeout);
  Task<Done> noop();
  // LOGOUT when the session is still in step, then close. Never fails.
  Task<void> logout();
  void close();

  bool is_open() const;
  const ImapSessionInfo& session() const { return info_; }
  const Capabilities& capabilities() const { return info_.capabilities; }
  const std::optional<MailboxInfo>& selected() const { return selected_; }
  const ImapTranscript& transcript() const { return transcript_; }
  // Unsolicited responses received so far (oldest first), emptying the queue.
  std::vector<Response> take_unsolicited();

 private:
  using ResponseOrFailure = std::variant<ParseResult, Failure>;
  // Offered every untagged response while a command runs; returns true
  // when the command takes it as part of its answer (and may then move from it).
  using Consumer = std::function<bool(Response&)>;
  // Sees the tagged completion of the index-th pipelined command.
  using Completed = std::function<Done(std::size_t index, const StatusResponse&)>;
  struct OverallState;

  Task<Done> connect();
  Task<Done> handshake(bool starttls);
  Task<Done> greeting();
  Task<Done> refresh_capabilities(Stage stage);
  Task<Done> starttls();
  Task<Done> authenticate();
  Task<Done> login_command();
  Task<Done> sasl_exchange(sasl::Mechanism mechanism);

  // Sends a command (waiting for "+" before each synchronizing literal's
  // data) and reads to its tagged completion. A NO or BAD is returned as a
  // response for the caller to map; a Failure means the exchange itself broke.
  Task<Result<StatusResponse>> run(Command command, Stage stage, const Consumer& consume = {});
  // run(), with NO/BAD mapped to a Failure.
  Task<Done> run_ok(Command command, Stage stage, const Consumer& consume = {});
  // Sends the commands back to back, at most depth of them awaiting their
  // completion at once; none may need a "+" continuation. The first failure
  // (a Failure from completed, or a malformed response) stops sending, but the
  // commands already sent are read to their end so the session stays in step.
  Task<Done> run_pipelined(std::vector<Command> commands, std::size_t depth, Stage stage, const Consumer& consume,
                           const Completed& completed);
  // The "(UID ...)" item list of a UID FETCH; a failure for a bad section spec.
  static Done add_fetch_items(CommandBuilder& command, const FetchRequest& request);
  // The next parse result; nullopt with ec set when the stream failed.
  Task<std::optional<ParseResult>> next_response(net::Millis timeout, net::error_code& ec);
  // next_response() with stream errors and fatal parse errors as Failures.
  Task<ResponseOrFailure> read_response(Stage stage, net::Millis timeout);
  // Reads to the tagged completion of tag (after a SASL cancel or LOGOUT).
  Task<std::optional<StatusResponse>> drain_to_tag(std::string tag, net::Millis timeout);
  Task<Done> write(std::string_view bytes, Stage stage);
  // Replaces the password and token wherever a server echoes them.
  void redact_secrets(std::string& text) const;
  void observe(const Response& response);
  void surface(Response response, std::size_t wire_size);
  std::string next_tag();
  CommandBuilder builder(std::string_view verb);
  Done require_selected() const;
  bool overall_expired() const;
  Failure io_failure(const net::error_code& ec, Stage stage, std::string_view doing);
  Task<Done> mark_and_expunge(std::vector<std::uint32_t> uids);

  ImapClientOptions options_;
  std::shared_ptr<net::Stream> stream_;
  ResponseParser parser_;
  std::vector<char> read_buffer_;
  ImapTranscript transcript_;
  ImapSessionInfo info_;
  std::optional<MailboxInfo> selected_;
  ResponseQueue unsolicited_;
  std::optional<StatusResponse> bye_;  // the server said goodbye
  std::shared_ptr<OverallState> overall_;
  std::optional<net::asio::steady_timer> overall_timer_;
  std::uint32_t next_tag_ = 1;
  bool in_step_ = false;  // the last exchange ended with its tagged response
};

}  // namespace mailsim::client::imap
