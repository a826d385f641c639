#include "mockserver/imap/imap_argument_parsers.hpp"

#include <array>
#include <utility>

#include "mockserver/imap/message_flags.hpp"

namespace mailsim::mock::imap {
namespace {

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

// Nesting bound for parenthesized / NOT / OR keys, so a hostile search
// cannot exhaust the stack.
constexpr int kMaxSearchDepth = 64;

std::optional<std::string> checked_flag(ImapReader& r, std::string& error) {
  auto flag = r.flag();
  if (!flag) {
    error = r.error();
    return std::nullopt;
  }
  if ((*flag)[0] == '\\' && !parse_system_flag(*flag)) {
    error = "Invalid system flag " + upper(*flag);
    return std::nullopt;
  }
  return flag;
}

using Kind = SearchKey::Kind;

struct KeyName {
  std::string_view name;
  Kind kind;
};

constexpr std::array<KeyName, 14> kFlagKeys = {{
    {"ALL", Kind::all}, {"ANSWERED", Kind::answered}, {"DELETED", Kind::deleted}, {"DRAFT", Kind::draft},
    {"FLAGGED", Kind::flagged}, {"NEW", Kind::new_}, {"OLD", Kind::old}, {"RECENT", Kind::recent},
    {"SEEN", Kind::seen}, {"UNANSWERED", Kind::unanswered}, {"UNDELETED", Kind::undeleted},
    {"UNDRAFT", Kind::undraft}, {"UNFLAGGED", Kind::unflagged}, {"UNSEEN", Kind::unseen},
}};

constexpr std::array<KeyName, 7> kStringKeys = {{
    {"BCC", Kind::bcc}, {"BODY", Kind::body}, {"CC", Kind::cc}, {"FROM", Kind::from},
    {"SUBJECT", Kind::subject}, {"TEXT", Kind::text}, {"TO", Kind::to},
}};

constexpr std::array<KeyName, 6> kDateKeys = {{
    {"BEFORE", Kind::before}, {"ON", Kind::on}, {"SINCE", Kind::since}, {"SENTBEFORE", Kind::sentbefore},
    {"SENTON", Kind::senton}, {"SENTSINCE", Kind::sentsince},
}};

template <std::size_t N>
std::optional<Kind> find_key(const std::array<KeyName, N>& table, std::string_view name) {
  for (const auto& k : table)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

std::optional<SearchKey> read_search_key(ImapReader& r, std::string& error, int depth);

// key *(SP key) until `close` (or the end when close is 0), as an AND group.
std::optional<SearchKey> read_key_group(ImapReader& r, std::string& error, int depth, char close) {
  SearchKey group;
  group.kind = Kind::and_;
  while (true) {
    auto key = read_search_key(r, error, depth + 1);
    if (!key) return std::nullopt;
    group.children.push_back(std::move(*key));
    if (!r.consume(' ')) break;
  }
  if (close != 0 && !r.consume(close)) {
    error = "Expected ')'";
    return std::nullopt;
  }
  return group;
}

std::optional<SearchKey> read_search_key(ImapReader& r, std::string& error, int depth) {
  if (depth > kMaxSearchDepth) {
    error = "Search key nested too deeply";
    return std::nullopt;
  }
  if (r.consume('(')) return read_key_group(r, error, depth, ')');
  SearchKey key;
  const char c = r.peek();
  if ((c >= '0' && c <= '9') || c == '*') {
    auto set = read_sequence_set(r, error);
    if (!set) return std::nullopt;
    key.kind = Kind::sequence;
    key.set = std::move(*set);
    return key;
  }
  auto word = r.atom();
  if (!word) {
    error = r.at_end() ? "Missing search key" : r.error();
    return std::nullopt;
  }
  const std::string name = upper(std::move(*word));
  auto need_space = [&] {
    if (r.space()) return true;
    error = "Missing argument for " + name;
    return false;
  };
  auto read_astring = [&](std::string& out) {
    if (!need_space()) return false;
    auto s = r.astring();
    if (!s) {
      error = r.error();
      return false;
    }
    out = std::move(*s);
    return true;
  };
  if (auto kind = find_key(kFlagKeys, name)) {
    key.kind = *kind;
    return key;
  }
  if (auto kind = find_key(kStringKeys, name)) {
    key.kind = *kind;
    if (!read_astring(key.text)) return std::nullopt;
    return key;
  }
  if (auto kind = find_key(kDateKeys, name)) {
    key.kind = *kind;
    std::string text;
    if (!read_astring(text)) return std::nullopt;
    auto date = parse_imap_date(text);
    if (!date) {
      error = "Invalid search date " + text;
      return std::nullopt;
    }
    key.date = *date;
    return key;
  }
  if (name == "HEADER") {
    key.kind = Kind::header;
    if (!read_astring(key.text) || !read_astring(key.value)) return std::nullopt;
    return key;
  }
  if (name == "KEYWORD" || name == "UNKEYWORD") {
    key.kind = name == "KEYWORD" ? Kind::keyword : Kind::unkeyword;
    if (!need_space()) return std::nullopt;
    auto flag = r.atom();
    if (!flag) {
      error = "Invalid keyword";
      return std::nullopt;
    }
    key.text = std::move(*flag);
    return key;
  }
  if (name == "LARGER" || name == "SMALLER") {
    key.kind = name == "LARGER" ? Kind::larger : Kind::smaller;
    if (!need_space()) return std::nullopt;
    auto n = r.number();
    if (!n) {
      error = r.error();
      return std::nullopt;
    }
    key.number = *n;
    return key;
  }
  if (name == "UID") {
    key.kind = Kind::uid;
    if (!need_space()) return std::nullopt;
    auto set = read_sequence_set(r, error);
    if (!set) return std::nullopt;
    key.set = std::move(*set);
    return key;
  }
  if (name == "NOT") {
    key.kind = Kind::not_;
    if (!need_space()) return std::nullopt;
    auto inner = read_search_key(r, error, depth + 1);
    if (!inner) return std::nullopt;
    key.children.push_back(std::move(*inner));
    return key;
  }
  if (name == "OR") {
    key.kind = Kind::or_;
    for (int i = 0; i < 2; ++i) {
      if (!need_space()) return std::nullopt;
      auto inner = read_search_key(r, error, depth + 1);
      if (!inner) return std::nullopt;
      key.children.push_back(std::move(*inner));
    }
    return key;
  }
  error = "Unknown search key " + name;
  return std::nullopt;
}

}  // namespace

std::optional<SequenceSet> read_sequence_set(ImapReader& r, std::string& error) {
  auto text = r.sequence_text();
  if (!text) {
    error = r.error();
    return std::nullopt;
  }
  auto set = parse_sequence_set(*text);
  if (!set) error = "Invalid messageset";
  return set;
}

std::optional<std::vector<std::string>> read_flag_list(ImapReader& r, std::string& error) {
  if (!r.consume('(')) {
    error = "Expected a flag list";
    return std::nullopt;
  }
  std::vector<std::string> flags;
  if (r.consume(')')) return flags;
  do {
    auto flag = checked_flag(r, error);
    if (!flag) return std::nullopt;
    flags.push_back(std::move(*flag));
  } while (r.consume(' '));
  if (!r.consume(')')) {
    error = "Expected ')' after flags";
    return std::nullopt;
  }
  return flags;
}

std::optional<std::vector<std::string>> read_store_flags(ImapReader& r, std::string& error) {
  if (r.peek() == '(') return read_flag_list(r, error);
  std::vector<std::string> flags;
  do {
    auto flag = checked_flag(r, error);
    if (!flag) return std::nullopt;
    flags.push_back(std::move(*flag));
  } while (r.consume(' '));
  return flags;
}

std::optional<SearchKey> read_search_keys(ImapReader& r, std::string& error) {
  return read_key_group(r, error, 0, 0);
}

}  // namespace mailsim::mock::imap
