#include "mockserver/imap/imap_command_parser.hpp"

#include <array>
#include <utility>

#include "mockserver/imap/imap_argument_parsers.hpp"
#include "mockserver/imap/imap_reader.hpp"

namespace mailsim::mock::imap {
namespace {

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

// Where a line ends with a literal announcement "{n}" or "{n+}" outside any
// quoted string: its size and whether it is synchronizing.
struct LiteralSpec {
  std::size_t size = 0;
  bool synchronizing = true;
  bool too_big = false;  // more digits than any size we could accept
};

std::optional<LiteralSpec> literal_at_end(std::string_view line) {
  bool in_quotes = false;
  std::size_t last_open = std::string_view::npos;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c == '\\') ++i;
      else if (c == '"') in_quotes = false;
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == '{') {
      last_open = i;
    }
  }
  if (in_quotes || line.empty() || line.back() != '}' || last_open == std::string_view::npos) return std::nullopt;
  std::string_view inside = line.substr(last_open + 1, line.size() - last_open - 2);
  LiteralSpec spec;
  if (!inside.empty() && inside.back() == '+') {
    spec.synchronizing = false;
    inside.remove_suffix(1);
  }
  if (inside.empty()) return std::nullopt;
  for (char c : inside)
    if (c < '0' || c > '9') return std::nullopt;
  if (inside.size() > 18) {
    spec.too_big = true;
    return spec;
  }
  for (char c : inside) spec.size = spec.size * 10 + static_cast<std::size_t>(c - '0');
  return spec;
}

struct VerbName {
  std::string_view name;
  Verb verb;
};

constexpr std::array<VerbName, 30> kVerbs = {{
    {"CAPABILITY", Verb::capability}, {"NOOP", Verb::noop}, {"LOGOUT", Verb::logout},
    {"STARTTLS", Verb::starttls}, {"AUTHENTICATE", Verb::authenticate}, {"LOGIN", Verb::login},
    {"ID", Verb::id}, {"ENABLE", Verb::enable}, {"NAMESPACE", Verb::namespace_},
    {"SELECT", Verb::select}, {"EXAMINE", Verb::examine}, {"CREATE", Verb::create},
    {"DELETE", Verb::delete_}, {"RENAME", Verb::rename}, {"SUBSCRIBE", Verb::subscribe},
    {"UNSUBSCRIBE", Verb::unsubscribe}, {"LIST", Verb::list}, {"LSUB", Verb::lsub},
    {"STATUS", Verb::status}, {"APPEND", Verb::append}, {"IDLE", Verb::idle}, {"CHECK", Verb::check},
    {"CLOSE", Verb::close}, {"UNSELECT", Verb::unselect}, {"EXPUNGE", Verb::expunge},
    {"SEARCH", Verb::search}, {"FETCH", Verb::fetch}, {"STORE", Verb::store}, {"COPY", Verb::copy},
    {"MOVE", Verb::move},
}};

std::optional<Verb> verb_of(std::string_view name) {
  for (const auto& v : kVerbs)
    if (v.name == name) return v.verb;
  return std::nullopt;
}

bool uid_variant(Verb v) {
  return v == Verb::fetch || v == Verb::search || v == Verb::store || v == Verb::copy || v == Verb::move ||
         v == Verb::expunge;
}

// Parses the arguments of `verb` (the reader stands right after the verb).
// Returns false with `error` set when they are malformed.
bool parse_arguments(Verb verb, bool uid, ImapReader& r, CommandArgs& args, std::string& error) {
  auto fail = [&](std::string reason) {
    error = reason.empty() ? "Invalid arguments" : std::move(reason);
    return false;
  };
  auto mailbox = [&](std::string& out) {
    if (!r.space()) return false;
    auto m = r.astring();
    if (!m) return false;
    out = std::move(*m);
    return true;
  };
  switch (verb) {
    case Verb::capability: case Verb::noop: case Verb::logout: case Verb::starttls: case Verb::namespace_:
    case Verb::idle: case Verb::check: case Verb::close: case Verb::unselect:
      args = NoArgs{};
      return true;
    case Verb::expunge: {
      ExpungeArgs a;
      if (uid) {
        if (!r.space()) return fail(r.error());
        a.set = read_sequence_set(r, error);
        if (!a.set) return false;
      }
      args = std::move(a);
      return true;
    }
    case Verb::login: {
      LoginArgs a;
      if (!r.space()) return fail(r.error());
      auto user = r.astring();
      if (!user || !r.space()) return fail(r.error());
      auto password = r.astring();
      if (!password) return fail(r.error());
      a.user = std::move(*user);
      a.password = std::move(*password);
      args = std::move(a);
      return true;
    }
    case Verb::authenticate: {
      AuthenticateArgs a;
      if (!r.space()) return fail(r.error());
      auto mech = r.atom();
      if (!mech) return fail(r.error());
      a.mechanism = upper(std::move(*mech));
      if (r.consume(' ')) {
        auto ir = r.atom();
        if (!ir) return fail("Invalid initial response");
        a.initial_response = std::move(*ir);
      }
      args = std::move(a);
      return true;
    }
    case Verb::select: case Verb::examine: case Verb::create: case Verb::delete_: case Verb::subscribe:
    case Verb::unsubscribe: {
      MailboxArgs a;
      if (!mailbox(a.mailbox)) return fail(r.error());
      if (r.peek() == ' ') return fail("Mailbox parameters are not supported");
      args = std::move(a);
      return true;
    }
    case Verb::rename: {
      RenameArgs a;
      if (!mailbox(a.from) || !mailbox(a.to)) return fail(r.error());
      args = std::move(a);
      return true;
    }
    case Verb::list: case Verb::lsub: {
      ListArgs a;
      if (!mailbox(a.reference) || !r.space()) return fail(r.error());
      if (r.peek() == '(') return fail("LIST selection options are not supported");
      auto pattern = r.list_mailbox();
      if (!pattern) return fail(r.error());
      a.pattern = std::move(*pattern);
      args = std::move(a);
      return true;
    }
    case Verb::status: {
      StatusArgs a;
      if (!mailbox(a.mailbox) || !r.space()) return fail(r.error());
      if (!r.consume('(')) return fail("Expected a list of status items");
      do {
        auto item = r.atom();
        if (!item) return fail("Invalid status item");
        const std::string name = upper(std::move(*item));
        if (name == "MESSAGES") a.items.push_back(StatusItem::messages);
        else if (name == "RECENT") a.items.push_back(StatusItem::recent);
        else if (name == "UIDNEXT") a.items.push_back(StatusItem::uidnext);
        else if (name == "UIDVALIDITY") a.items.push_back(StatusItem::uidvalidity);
        else if (name == "UNSEEN") a.items.push_back(StatusItem::unseen);
        else return fail("Unknown status item " + name);
      } while (r.consume(' '));
      if (!r.consume(')')) return fail("Expected ')'");
      args = std::move(a);
      return true;
    }
    case Verb::append: {
      AppendArgs a;
      if (!mailbox(a.mailbox) || !r.space()) return fail(r.error());
      if (r.peek() == '(') {
        auto flags = read_flag_list(r, error);
        if (!flags) return false;
        a.flags = std::move(*flags);
        if (!r.space()) return fail(r.error());
      }
      if (r.peek() == '"') {
        auto text = r.quoted();
        if (!text) return fail(r.error());
        a.date = parse_imap_date_time(*text);
        if (!a.date) return fail("Invalid date-time");
        if (!r.space()) return fail(r.error());
      }
      if (r.peek() != '{') return fail("Expected the message as a literal");
      auto message = r.literal();
      if (!message) return fail(r.error());
      a.message = std::move(*message);
      if (r.peek() == ' ') return fail("MULTIAPPEND is not supported");
      args = std::move(a);
      return true;
    }
    case Verb::search: {
      SearchArgs a;
      if (!r.space()) return fail(r.error());
      if (r.keyword("CHARSET")) {
        if (!r.space()) return fail(r.error());
        auto charset = r.astring();
        if (!charset || !r.space()) return fail(r.error());
        a.charset = std::move(*charset);
      }
      auto key = read_search_keys(r, error);
      if (!key) return false;
      a.key = std::move(*key);
      args = std::move(a);
      return true;
    }
    case Verb::fetch: {
      FetchArgs a;
      if (!r.space()) return fail(r.error());
      auto set = read_sequence_set(r, error);
      if (!set) return false;
      a.set = std::move(*set);
      if (!r.space()) return fail(r.error());
      auto items = read_fetch_items(r, error);
      if (!items) return false;
      a.items = std::move(*items);
      args = std::move(a);
      return true;
    }
    case Verb::store: {
      StoreArgs a;
      if (!r.space()) return fail(r.error());
      auto set = read_sequence_set(r, error);
      if (!set) return false;
      a.set = std::move(*set);
      if (!r.space()) return fail(r.error());
      auto item = r.atom();
      if (!item) return fail(r.error());
      std::string name = upper(std::move(*item));
      if (name.size() > 7 && name.ends_with(".SILENT")) {
        a.silent = true;
        name.resize(name.size() - 7);
      }
      if (name == "FLAGS") a.mode = StoreArgs::Mode::replace;
      else if (name == "+FLAGS") a.mode = StoreArgs::Mode::add;
      else if (name == "-FLAGS") a.mode = StoreArgs::Mode::remove;
      else return fail("Invalid STORE item " + name);
      if (!r.space()) return fail(r.error());
      auto flags = read_store_flags(r, error);
      if (!flags) return false;
      a.flags = std::move(*flags);
      args = std::move(a);
      return true;
    }
    case Verb::copy: case Verb::move: {
      CopyArgs a;
      if (!r.space()) return fail(r.error());
      auto set = read_sequence_set(r, error);
      if (!set) return false;
      a.set = std::move(*set);
      if (!mailbox(a.mailbox)) return fail(r.error());
      args = std::move(a);
      return true;
    }
    case Verb::id: {
      IdArgs a;
      if (!r.space()) return fail(r.error());
      if (!r.keyword("NIL")) {
        if (!r.consume('(')) return fail("Expected '(' or NIL");
        a.fields.emplace();
        if (!r.consume(')')) {
          do {
            auto key = r.string();
            if (!key || !r.space()) return fail(r.error());
            auto value = r.nstring();
            if (!value) return fail(r.error());
            if (a.fields->size() >= 30) return fail("Too many ID fields");
            a.fields->emplace_back(std::move(*key), std::move(*value));
          } while (r.consume(' '));
          if (!r.consume(')')) return fail("Expected ')'");
        }
      }
      args = std::move(a);
      return true;
    }
    case Verb::enable: {
      EnableArgs a;
      while (r.consume(' ')) {
        auto cap = r.atom();
        if (!cap) return fail(r.error());
        a.capabilities.push_back(upper(std::move(*cap)));
      }
      if (a.capabilities.empty()) return fail("Missing argument");
      args = std::move(a);
      return true;
    }
  }
  return fail("Unknown command");
}

}  // namespace

ParseResult parse_command(std::string_view text) {
  ParseResult result;
  result.tag = "*";
  ImapReader r(text);
  auto tag = r.tag();
  if (!tag) {
    result.error = "Error in IMAP command received by server: invalid tag";
    return result;
  }
  result.tag = std::move(*tag);
  if (!r.consume(' ')) {
    result.error = "Error in IMAP command received by server: missing command";
    return result;
  }
  auto word = r.atom();
  if (!word) {
    result.error = "Error in IMAP command received by server: missing command";
    return result;
  }
  std::string name = upper(std::move(*word));
  bool uid = false;
  if (name == "UID") {
    uid = true;
    if (!r.consume(' ')) {
      result.error = "Error in IMAP command UID: missing command";
      return result;
    }
    auto sub = r.atom();
    name = sub ? upper(std::move(*sub)) : std::string();
  }
  auto verb = verb_of(name);
  const std::string shown = uid ? "UID " + name : name;
  if (!verb || (uid && !uid_variant(*verb))) {
    result.error = "Error in IMAP command " + shown + ": Unknown command.";
    return result;
  }
  ImapCommand command;
  command.tag = result.tag;
  command.verb = *verb;
  command.uid = uid;
  command.name = shown;
  std::string error;
  if (!parse_arguments(*verb, uid, r, command.args, error)) {
    result.error = "Error in IMAP command " + shown + ": " + error;
    return result;
  }
  if (!r.at_end()) {
    result.error = "Error in IMAP command " + shown + ": Extra arguments";
    return result;
  }
  result.command = std::move(command);
  return result;
}

ImapCommandParser::Status ImapCommandParser::add_line(std::string_view line) {
  if (status_ == Status::complete || status_ == Status::literal_too_large || status_ == Status::command_too_long)
    reset();
  if (text_.empty()) first_line_.assign(line.substr(0, 256));
  line_bytes_ += line.size();
  if (line_bytes_ > limits_.max_line) {
    text_.clear();
    return status_ = Status::command_too_long;
  }
  text_.append(line);
  auto spec = literal_at_end(line);
  if (!spec) return status_ = Status::complete;
  literal_sync_ = spec->synchronizing;
  if (spec->too_big || spec->size > limits_.max_literal - literal_bytes_) {
    text_.clear();
    return status_ = Status::literal_too_large;
  }
  literal_bytes_ += spec->size;
  literal_remaining_ = spec->size;
  text_.append("\r\n");
  return status_ = Status::need_literal;
}

ImapCommandParser::Status ImapCommandParser::add_literal(std::string_view bytes) {
  if (status_ != Status::need_literal) return status_;
  const std::size_t n = std::min(bytes.size(), literal_remaining_);
  text_.append(bytes.substr(0, n));
  literal_remaining_ -= n;
  if (literal_remaining_ == 0) status_ = Status::need_line;
  return status_;
}

std::string ImapCommandParser::tag() const {
  const std::size_t sp = first_line_.find(' ');
  std::string t = first_line_.substr(0, sp);
  if (t.empty()) return "*";
  for (char c : t)
    if (!is_atom_char(c) && c != ']') return "*";
  return t;
}

std::string ImapCommandParser::verb() const {
  const std::size_t sp = first_line_.find(' ');
  if (sp == std::string::npos) return {};
  const std::size_t end = first_line_.find(' ', sp + 1);
  return upper(first_line_.substr(sp + 1, end == std::string::npos ? std::string::npos : end - sp - 1));
}

ParseResult ImapCommandParser::take() {
  ParseResult result = parse_command(text_);
  reset();
  return result;
}

void ImapCommandParser::reset() {
  text_.clear();
  line_bytes_ = 0;
  literal_bytes_ = 0;
  literal_remaining_ = 0;
  literal_sync_ = true;
  status_ = Status::need_line;
}

}  // namespace mailsim::mock::imap
