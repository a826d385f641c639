// ImapConnection: folder and message operations (RFC 3501 section 6.3-6.4,
// UIDPLUS RFC 4315, MOVE RFC 6851, IDLE RFC 2177).
#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "client/imap/imap_ascii.hpp"
#include "client/imap/imap_connection.hpp"
#include "client/imap/imap_failure.hpp"
#include "client/imap/imap_mailbox_name.hpp"
#include "client/imap/imap_sequence_set.hpp"

namespace mailsim::client::imap {

namespace asio = net::asio;

namespace {

Failure invalid(std::string detail) { return make_failure(Reason::config_invalid, Stage::command, std::move(detail)); }

// A flag is "\Word" (system flag) or a keyword atom; brackets and specials
// would change the command's meaning.
bool valid_flag(std::string_view flag) {
  if (flag.starts_with('\\')) flag.remove_prefix(1);
  return is_astring_atom(flag) && flag.find(']') == std::string_view::npos;
}

std::optional<std::string> check_flags(const std::vector<std::string>& flags) {
  for (const auto& flag : flags)
    if (!valid_flag(flag)) return "not a valid IMAP flag: \"" + flag + "\"";
  return std::nullopt;
}

// Section specs go inside BODY[...] verbatim, so they must not close it early
// or break the line.
bool valid_section(std::string_view section) {
  for (const char ch : section) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '[' || c == ']') return false;
  }
  return true;
}

std::optional<std::string> check_uids(const std::vector<std::uint32_t>& uids) {
  if (uids.empty()) return "no UIDs given";
  if (std::find(uids.begin(), uids.end(), 0u) != uids.end()) return "0 is not a UID";
  return std::nullopt;
}

// Several FETCH responses may describe one message; combine them.
void merge(FetchData& into, FetchData&& from) {
  if (from.flags) into.flags = std::move(from.flags);
  if (from.internal_date) into.internal_date = std::move(from.internal_date);
  if (from.rfc822_size) into.rfc822_size = from.rfc822_size;
  if (from.envelope) into.envelope = std::move(from.envelope);
  if (from.body_structure) into.body_structure = std::move(from.body_structure);
  if (from.modseq) into.modseq = from.modseq;
  for (auto& s : from.sections) into.sections.push_back(std::move(s));
  for (auto& o : from.other) into.other.push_back(std::move(o));
}

// True when a FETCH response holds every item the request asked for.
bool has_every_item(const FetchData& data, const FetchRequest& request) {
  return (!request.flags || data.flags) && (!request.internal_date || data.internal_date) &&
         (!request.size || data.rfc822_size) && (!request.envelope || data.envelope) &&
         (!request.body_structure || data.body_structure) && data.sections.size() >= request.sections.size();
}

// Files a FETCH response for one of the requested (sorted) UIDs under its
// UID, moving its data; anything else is not this command's answer.
bool take_fetch(Response& response, const std::vector<std::uint32_t>& uids,
                std::map<std::uint32_t, FetchData>& into) {
  auto* fetch = std::get_if<FetchData>(&response);
  // A FETCH without a UID, or for another message, is someone else's news.
  if (!fetch || !fetch->uid || !std::binary_search(uids.begin(), uids.end(), *fetch->uid)) return false;
  const auto [it, fresh] = into.try_emplace(*fetch->uid);
  if (fresh)
    it->second = std::move(*fetch);
  else
    merge(it->second, std::move(*fetch));
  return true;
}

Folder folder_from(const ListData& list) {
  Folder f;
  f.wire_name = list.mailbox;
  f.name = iequals(list.mailbox, "INBOX") ? std::string("INBOX") : decode_mailbox_name(list.mailbox).value_or(list.mailbox);
  f.delimiter = list.delimiter;
  f.attributes = list.attributes;
  return f;
}

}  // namespace

bool Folder::selectable() const {
  return std::none_of(attributes.begin(), attributes.end(), [](const std::string& a) {
    return iequals(a, "\\Noselect") || iequals(a, "\\NonExistent");
  });
}

ImapConnection::Done ImapConnection::require_selected() const {
  if (!is_open()) return make_failure(Reason::connection_lost, Stage::command, "the session is not open");
  if (!selected_)
    return make_failure(Reason::command_failed, Stage::command, "no folder is selected; select or examine one first");
  return std::nullopt;
}

asio::awaitable<Result<std::vector<Folder>>> ImapConnection::list_folders(std::string pattern) {
  std::vector<Folder> folders;
  CommandBuilder command = builder("LIST");
  command.string("").string(pattern);
  const auto take = [&](const Response& r) {
    const auto* list = std::get_if<ListData>(&r);
    if (!list || list->lsub) return false;
    folders.push_back(folder_from(*list));
    return true;
  };
  if (auto failure = co_await run_ok(command.finish(), Stage::command, take)) co_return *failure;
  co_return folders;
}

asio::awaitable<ImapConnection::Done> ImapConnection::create_folder(std::string name) {
  CommandBuilder command = builder("CREATE");
  try {
    command.mailbox(name);
  } catch (const std::invalid_argument& e) {
    co_return invalid(e.what());
  }
  co_return co_await run_ok(command.finish(), Stage::command);
}

asio::awaitable<Result<MailboxInfo>> ImapConnection::select(std::string folder, bool read_only) {
  CommandBuilder command = builder(read_only ? "EXAMINE" : "SELECT");
  try {
    command.mailbox(folder);
  } catch (const std::invalid_argument& e) {
    co_return invalid(e.what());
  }
  MailboxInfo info;
  info.name = folder;
  info.read_only = read_only;
  // A failed SELECT leaves no folder selected (RFC 3501 6.3.1).
  selected_.reset();
  const auto take = [&](const Response& r) {
    if (const auto* flags = std::get_if<FlagsData>(&r)) {
      info.flags = flags->flags;
    } else if (const auto* exists = std::get_if<ExistsData>(&r)) {
      info.exists = exists->count;
    } else if (const auto* recent = std::get_if<RecentData>(&r)) {
      info.recent = recent->count;
    } else if (const auto* status = std::get_if<StatusResponse>(&r); status && status->code && status->status == Status::ok) {
      const ResponseCode& code = *status->code;
      const auto u32 = [&]() -> std::optional<std::uint32_t> {
        if (!code.number || *code.number > UINT32_MAX) return std::nullopt;
        return static_cast<std::uint32_t>(*code.number);
      };
      if (code.name == "UIDVALIDITY") info.uid_validity = u32();
      else if (code.name == "UIDNEXT") info.uid_next = u32();
      else if (code.name == "UNSEEN") info.first_unseen = u32();
      else if (code.name == "HIGHESTMODSEQ") info.highest_modseq = code.number;
      else if (code.name == "PERMANENTFLAGS") info.permanent_flags = code.list;
      else return false;
    } else {
      return false;
    }
    return true;
  };
  auto result = co_await run(command.finish(), Stage::command, take);
  if (!result) co_return result.failure();
  const StatusResponse& done = result.value();
  if (done.status != Status::ok) co_return failure_from_response(done, Stage::command);
  if (done.has_code("READ-ONLY")) info.read_only = true;
  if (done.has_code("READ-WRITE")) info.read_only = false;
  selected_ = info;
  co_return info;
}

asio::awaitable<Result<StatusData>> ImapConnection::status(std::string folder) {
  CommandBuilder command = builder("STATUS");
  try {
    command.mailbox(folder);
  } catch (const std::invalid_argument& e) {
    co_return invalid(e.what());
  }
  command.open_list().atom("MESSAGES").atom("RECENT").atom("UIDNEXT").atom("UIDVALIDITY").atom("UNSEEN").close_list();
  std::optional<StatusData> answer;
  const auto take = [&](const Response& r) {
    const auto* status = std::get_if<StatusData>(&r);
    if (!status || answer) return false;
    answer = *status;
    return true;
  };
  if (auto failure = co_await run_ok(command.finish(), Stage::command, take)) co_return *failure;
  if (!answer) co_return make_failure(Reason::protocol_error, Stage::command, "the server answered STATUS without data");
  answer->mailbox = std::move(folder);
  co_return *answer;
}

asio::awaitable<Result<std::vector<std::uint32_t>>> ImapConnection::search(SearchCriteria criteria) {
  if (auto failure = require_selected()) co_return *failure;
  CommandBuilder command = builder("UID SEARCH");
  if (criteria.needs_utf8()) command.atom("CHARSET").atom("UTF-8");
  criteria.write(command);
  std::vector<std::uint32_t> uids;
  const auto take = [&](const Response& r) {
    const auto* search = std::get_if<SearchData>(&r);
    if (!search) return false;
    uids.insert(uids.end(), search->numbers.begin(), search->numbers.end());
    return true;
  };
  if (auto failure = co_await run_ok(command.finish(), Stage::command, take)) co_return *failure;
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  co_return uids;
}

ImapConnection::Done ImapConnection::add_fetch_items(CommandBuilder& command, const FetchRequest& request) {
  command.open_list().atom("UID");
  if (request.flags) command.atom("FLAGS");
  if (request.internal_date) command.atom("INTERNALDATE");
  if (request.size) command.atom("RFC822.SIZE");
  if (request.envelope) command.atom("ENVELOPE");
  if (request.body_structure) command.atom("BODYSTRUCTURE");
  for (const auto& s : request.sections) {
    if (!valid_section(s.section)) return invalid("not a valid section: \"" + s.section + "\"");
    std::string item = (request.mark_seen ? "BODY[" : "BODY.PEEK[") + s.section + "]";
    if (s.range) item += "<" + std::to_string(s.range->offset) + "." + std::to_string(s.range->length) + ">";
    command.atom(item);
  }
  command.close_list();
  return std::nullopt;
}

asio::awaitable<Result<std::vector<FetchData>>> ImapConnection::fetch(std::vector<std::uint32_t> uids,
                                                                       FetchRequest request) {
  if (auto failure = require_selected()) co_return *failure;
  if (auto problem = check_uids(uids)) co_return invalid(*problem);
  CommandBuilder command = builder("UID FETCH");
  command.atom(format_sequence_set(uids));
  if (auto failure = add_fetch_items(command, request)) co_return *failure;

  std::sort(uids.begin(), uids.end());
  std::map<std::uint32_t, FetchData> by_uid;
  const auto take = [&](Response& r) { return take_fetch(r, uids, by_uid); };
  if (auto failure = co_await run_ok(command.finish(), Stage::command, take)) co_return *failure;
  std::vector<FetchData> out;
  out.reserve(by_uid.size());
  for (auto& [uid, data] : by_uid) out.push_back(std::move(data));
  co_return out;
}

asio::awaitable<ImapConnection::Done> ImapConnection::fetch_each(std::vector<std::uint32_t> uids, FetchRequest request,
                                                                 FetchBatching batching, OnMessage on_message) {
  if (auto failure = require_selected()) co_return failure;
  if (auto problem = check_uids(uids)) co_return invalid(*problem);
  if (batching.batch == 0 || batching.depth == 0) co_return invalid("fetch batches and depth must be at least 1");
  if (!on_message) co_return invalid("fetch_each needs a function to hand the messages to");
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());

  std::vector<Command> commands;
  for (std::size_t at = 0; at < uids.size(); at += batching.batch) {
    const auto end = uids.begin() + static_cast<std::ptrdiff_t>(std::min(uids.size(), at + batching.batch));
    CommandBuilder command = builder("UID FETCH");
    command.atom(format_sequence_set({uids.begin() + static_cast<std::ptrdiff_t>(at), end}));
    if (auto failure = add_fetch_items(command, request)) co_return failure;
    commands.push_back(command.finish());
  }
  // A message goes on as soon as one FETCH response holds every item asked
  // for, as servers normally send it, so memory holds one message; one whose
  // items come in several responses waits in its batch for the completion.
  std::vector<std::map<std::uint32_t, FetchData>> waiting(commands.size());
  std::vector<bool> handed_over(uids.size(), false);
  const auto take = [&](Response& r) {
    auto* fetch = std::get_if<FetchData>(&r);
    if (!fetch || !fetch->uid) return false;
    const std::uint32_t uid = *fetch->uid;
    const auto found = std::lower_bound(uids.begin(), uids.end(), uid);
    if (found == uids.end() || *found != uid) return false;
    const auto position = static_cast<std::size_t>(found - uids.begin());
    // Later news about a message already handed on is the caller's to see.
    if (handed_over[position]) return false;
    auto& batch = waiting[position / batching.batch];
    auto pending = batch.find(uid);
    if (pending == batch.end()) {
      if (has_every_item(*fetch, request)) {
        handed_over[position] = true;
        on_message(std::move(*fetch));
        return true;
      }
      pending = batch.emplace(uid, std::move(*fetch)).first;
    } else {
      merge(pending->second, std::move(*fetch));
    }
    if (has_every_item(pending->second, request)) {
      handed_over[position] = true;
      on_message(std::move(pending->second));
      batch.erase(pending);
    }
    return true;
  };
  const auto completed = [&](std::size_t index, const StatusResponse& status) -> Done {
    if (status.status != Status::ok) return failure_from_response(status, Stage::command);
    for (auto& [uid, data] : waiting[index]) {
      handed_over[static_cast<std::size_t>(std::lower_bound(uids.begin(), uids.end(), uid) - uids.begin())] = true;
      on_message(std::move(data));
    }
    waiting[index].clear();
    return std::nullopt;
  };
  co_return co_await run_pipelined(std::move(commands), batching.depth, Stage::command, take, completed);
}

asio::awaitable<Result<std::string>> ImapConnection::fetch_message(std::uint32_t uid) {
  // A named value, not a braced temporary: g++ 12 mis-destroys those when
  // they initialise a coroutine parameter.
  SectionRequest whole;
  co_return co_await fetch_section(uid, std::move(whole));
}

asio::awaitable<Result<DecodedMessage>> ImapConnection::fetch_decoded(std::uint32_t uid) {
  auto raw = co_await fetch_message(uid);
  if (!raw) co_return raw.failure();
  co_return DecodedMessage(std::move(raw.value()));
}

asio::awaitable<Result<std::string>> ImapConnection::fetch_section(std::uint32_t uid, SectionRequest section) {
  FetchRequest request;
  request.flags = false;
  request.sections.push_back(section);
  std::vector<std::uint32_t> uids{uid};
  auto result = co_await fetch(std::move(uids), std::move(request));
  if (!result) co_return result.failure();
  for (const auto& message : result.value())
    if (const SectionData* data = message.section(section.section)) co_return data->data.value_or(std::string());
  co_return make_failure(Reason::command_failed, Stage::command,
                         "the server returned no BODY[" + section.section + "] for UID " + std::to_string(uid) +
                             "; the message may not exist");
}

asio::awaitable<ImapConnection::Done> ImapConnection::store_flags(std::vector<std::uint32_t> uids,
                                                                  std::vector<std::string> flags, StoreMode mode) {
  if (auto failure = require_selected()) co_return failure;
  if (auto problem = check_uids(uids)) co_return invalid(*problem);
  if (auto problem = check_flags(flags)) co_return invalid(*problem);
  std::string_view item = "FLAGS.SILENT";
  if (mode == StoreMode::add) item = "+FLAGS.SILENT";
  if (mode == StoreMode::remove) item = "-FLAGS.SILENT";
  CommandBuilder command = builder("UID STORE");
  command.atom(format_sequence_set(uids)).atom(item).open_list();
  for (const auto& flag : flags) command.atom(flag);
  command.close_list();
  co_return co_await run_ok(command.finish(), Stage::command);
}

asio::awaitable<Result<std::optional<CopyUid>>> ImapConnection::copy(std::vector<std::uint32_t> uids,
                                                                      std::string folder) {
  if (auto failure = require_selected()) co_return *failure;
  if (auto problem = check_uids(uids)) co_return invalid(*problem);
  CommandBuilder command = builder("UID COPY");
  command.atom(format_sequence_set(uids));
  try {
    command.mailbox(folder);
  } catch (const std::invalid_argument& e) {
    co_return invalid(e.what());
  }
  auto result = co_await run(command.finish(), Stage::command);
  if (!result) co_return result.failure();
  const StatusResponse& done = result.value();
  if (done.status != Status::ok) co_return failure_from_response(done, Stage::command);
  co_return done.code ? done.code->copy_uid : std::nullopt;
}

asio::awaitable<ImapConnection::Done> ImapConnection::mark_and_expunge(std::vector<std::uint32_t> uids) {
  std::vector<std::string> deleted{"\\Deleted"};
  if (auto failure = co_await store_flags(uids, std::move(deleted), StoreMode::add)) co_return failure;
  if (info_.capabilities.has("UIDPLUS")) {
    CommandBuilder command = builder("UID EXPUNGE");
    command.atom(format_sequence_set(uids));
    co_return co_await run_ok(command.finish(), Stage::command);
  }
  co_return co_await expunge();
}

asio::awaitable<Result<std::optional<CopyUid>>> ImapConnection::move(std::vector<std::uint32_t> uids,
                                                                      std::string folder) {
  if (auto failure = require_selected()) co_return *failure;
  if (auto problem = check_uids(uids)) co_return invalid(*problem);
  if (!info_.capabilities.has("MOVE")) {
    auto copied = co_await copy(uids, folder);
    if (!copied) co_return copied.failure();
    if (auto failure = co_await mark_and_expunge(uids)) co_return *failure;
    co_return copied.value();
  }
  CommandBuilder command = builder("UID MOVE");
  command.atom(format_sequence_set(uids));
  try {
    command.mailbox(folder);
  } catch (const std::invalid_argument& e) {
    co_return invalid(e.what());
  }
  // RFC 6851: COPYUID comes in an untagged OK before the expunges.
  std::optional<CopyUid> copy_uid;
  const auto take = [&](const Response& r) {
    const auto* status = std::get_if<StatusResponse>(&r);
    if (!status || !status->code || !status->code->copy_uid) return false;
    copy_uid = status->code->copy_uid;
    return true;
  };
  auto result = co_await run(command.finish(), Stage::command, take);
  if (!result) co_return result.failure();
  const StatusResponse& done = result.value();
  if (done.status != Status::ok) co_return failure_from_response(done, Stage::command);
  if (!copy_uid && done.code) copy_uid = done.code->copy_uid;
  co_return copy_uid;
}

asio::awaitable<ImapConnection::Done> ImapConnection::delete_messages(std::vector<std::uint32_t> uids) {
  if (auto failure = require_selected()) co_return failure;
  if (auto problem = check_uids(uids)) co_return invalid(*problem);
  co_return co_await mark_and_expunge(uids);
}

asio::awaitable<ImapConnection::Done> ImapConnection::expunge() {
  if (auto failure = require_selected()) co_return failure;
  co_return co_await run_ok(builder("EXPUNGE").finish(), Stage::command);
}

asio::awaitable<Result<std::optional<AppendUid>>> ImapConnection::append(std::string folder, std::string message,
                                                                          std::vector<std::string> flags,
                                                                          std::string internal_date) {
  if (auto problem = check_flags(flags)) co_return invalid(*problem);
  if (!is_quotable(internal_date)) co_return invalid("internal_date is not a valid IMAP date-time");
  if (const auto limit = info_.capabilities.append_limit(); limit && message.size() > *limit)
    co_return make_failure(Reason::message_too_large, Stage::command,
                           "the message is " + std::to_string(message.size()) + " bytes; the server accepts at most " +
                               std::to_string(*limit) + " (APPENDLIMIT)");
  CommandBuilder command = builder("APPEND");
  try {
    command.mailbox(folder);
  } catch (const std::invalid_argument& e) {
    co_return invalid(e.what());
  }
  if (!flags.empty()) {
    command.open_list();
    for (const auto& flag : flags) command.atom(flag);
    command.close_list();
  }
  if (!internal_date.empty()) command.string(internal_date);
  command.literal(message);
  auto result = co_await run(command.finish(), Stage::command);
  if (!result) co_return result.failure();
  const StatusResponse& done = result.value();
  if (done.status != Status::ok) co_return failure_from_response(done, Stage::command);
  co_return done.code ? done.code->append_uid : std::nullopt;
}

asio::awaitable<Result<IdleOutcome>> ImapConnection::idle(net::Millis timeout) {
  if (!is_open()) co_return make_failure(Reason::connection_lost, Stage::command, "the session is not open");
  if (!info_.capabilities.has("IDLE"))
    co_return make_failure(Reason::command_failed, Stage::command, "the server does not offer IDLE");
  const std::string tag = next_tag();
  transcript_.client(tag + " IDLE");
  in_step_ = false;
  if (auto failure = co_await write(tag + " IDLE\r\n", Stage::command)) co_return *failure;

  IdleOutcome outcome;
  ResponseQueue updates;
  const auto note = [&](ParseResult&& parsed) {
    observe(parsed.response);
    updates.push(parsed.response, parsed.size);
    surface(std::move(parsed.response), parsed.size);
  };
  // Until "+": the server accepts IDLE (or refuses it with a tagged reply).
  bool idling = false;
  while (!idling) {
    auto result = co_await read_response(Stage::command, options_.timeouts.command);
    if (auto* failure = std::get_if<Failure>(&result)) co_return *failure;
    ParseResult& parsed = std::get<ParseResult>(result);
    if (parsed.kind == ParseResult::Kind::error) continue;
    if (const auto* status = std::get_if<StatusResponse>(&parsed.response); status && status->tag == tag) {
      in_step_ = true;
      co_return failure_from_response(*status, Stage::command);
    }
    if (std::holds_alternative<Continuation>(parsed.response))
      idling = true;
    else
      note(std::move(parsed));
  }

  // Idle: the deadline is the caller's, not a command timeout.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<StatusResponse> ended;  // the server ended IDLE on its own
  while (!outcome.new_messages && !ended) {
    const auto left = std::chrono::duration_cast<net::Millis>(deadline - std::chrono::steady_clock::now());
    if (left <= net::Millis::zero()) {
      outcome.timed_out = true;
      break;
    }
    net::error_code ec;
    auto parsed = co_await next_response(left, ec);
    if (!parsed) {
      if (ec == asio::error::timed_out && !overall_expired()) {
        outcome.timed_out = true;
        break;
      }
      co_return io_failure(ec, Stage::command, "while idling");
    }
    if (parsed->kind == ParseResult::Kind::error) {
      if (!parsed->fatal) continue;
      close();
      co_return make_failure(Reason::protocol_error, Stage::command, parsed->error);
    }
    if (const auto* status = std::get_if<StatusResponse>(&parsed->response); status && status->tag == tag) {
      ended = *status;
      break;
    }
    if (std::holds_alternative<ExistsData>(parsed->response)) outcome.new_messages = true;
    note(std::move(*parsed));
  }

  if (!ended) {
    transcript_.client("DONE");
    if (auto failure = co_await write("DONE\r\n", Stage::command)) co_return *failure;
    while (!ended) {
      auto result = co_await read_response(Stage::command, options_.timeouts.command);
      if (auto* failure = std::get_if<Failure>(&result)) co_return *failure;
      ParseResult& parsed = std::get<ParseResult>(result);
      if (parsed.kind == ParseResult::Kind::error) continue;
      if (const auto* status = std::get_if<StatusResponse>(&parsed.response); status && status->tag == tag)
        ended = *status;
      else
        note(std::move(parsed));
    }
  }
  in_step_ = true;
  if (ended->status != Status::ok) co_return failure_from_response(*ended, Stage::command);
  outcome.updates = updates.take();
  co_return outcome;
}

}  // namespace mailsim::client::imap
