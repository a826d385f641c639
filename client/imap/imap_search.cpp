#include "client/imap/imap_search.hpp"

#include <array>
#include <stdexcept>

#include "client/imap/imap_sequence_set.hpp"

namespace mailsim::client::imap {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

void check_flag(std::string_view flag) {
  if (!is_astring_atom(flag) || flag.find(']') != std::string_view::npos)
    throw std::invalid_argument("not a valid IMAP keyword: " + std::string(flag));
}

}  // namespace

std::string SearchDate::to_imap() const {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || year < 1 || year > 9999) throw std::invalid_argument("invalid search date");
  const unsigned days = kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
  if (day < 1 || day > days) throw std::invalid_argument("invalid search date");
  return std::to_string(day) + "-" + std::string(kMonths[month - 1]) + "-" + std::to_string(year);
}

SearchCriteria SearchCriteria::single(std::string_view key) {
  SearchCriteria c;
  c.tokens_.push_back({Token::Kind::atom, std::string(key)});
  c.keys_ = 1;
  return c;
}

SearchCriteria SearchCriteria::with_string(std::string_view key, std::string_view value) {
  SearchCriteria c = single(key);
  c.tokens_.push_back({Token::Kind::string, std::string(value)});
  return c;
}

SearchCriteria SearchCriteria::with_date(std::string_view key, SearchDate date) {
  SearchCriteria c = single(key);
  c.tokens_.push_back({Token::Kind::atom, date.to_imap()});
  return c;
}

SearchCriteria SearchCriteria::all() { return single("ALL"); }
SearchCriteria SearchCriteria::answered() { return single("ANSWERED"); }
SearchCriteria SearchCriteria::unanswered() { return single("UNANSWERED"); }
SearchCriteria SearchCriteria::deleted() { return single("DELETED"); }
SearchCriteria SearchCriteria::undeleted() { return single("UNDELETED"); }
SearchCriteria SearchCriteria::draft() { return single("DRAFT"); }
SearchCriteria SearchCriteria::undraft() { return single("UNDRAFT"); }
SearchCriteria SearchCriteria::flagged() { return single("FLAGGED"); }
SearchCriteria SearchCriteria::unflagged() { return single("UNFLAGGED"); }
SearchCriteria SearchCriteria::seen() { return single("SEEN"); }
SearchCriteria SearchCriteria::unseen() { return single("UNSEEN"); }
SearchCriteria SearchCriteria::recent() { return single("RECENT"); }
SearchCriteria SearchCriteria::fresh() { return single("NEW"); }
SearchCriteria SearchCriteria::old() { return single("OLD"); }

SearchCriteria SearchCriteria::keyword(std::string_view flag) {
  check_flag(flag);
  SearchCriteria c = single("KEYWORD");
  c.tokens_.push_back({Token::Kind::atom, std::string(flag)});
  return c;
}

SearchCriteria SearchCriteria::unkeyword(std::string_view flag) {
  check_flag(flag);
  SearchCriteria c = single("UNKEYWORD");
  c.tokens_.push_back({Token::Kind::atom, std::string(flag)});
  return c;
}

SearchCriteria SearchCriteria::from(std::string_view text) { return with_string("FROM", text); }
SearchCriteria SearchCriteria::to(std::string_view text) { return with_string("TO", text); }
SearchCriteria SearchCriteria::cc(std::string_view text) { return with_string("CC", text); }
SearchCriteria SearchCriteria::bcc(std::string_view text) { return with_string("BCC", text); }
SearchCriteria SearchCriteria::subject(std::string_view text) { return with_string("SUBJECT", text); }
SearchCriteria SearchCriteria::body(std::string_view text) { return with_string("BODY", text); }
SearchCriteria SearchCriteria::text(std::string_view text) { return with_string("TEXT", text); }

SearchCriteria SearchCriteria::header(std::string_view field, std::string_view text) {
  SearchCriteria c = with_string("HEADER", field);
  c.tokens_.push_back({Token::Kind::string, std::string(text)});
  return c;
}

SearchCriteria SearchCriteria::since(SearchDate date) { return with_date("SINCE", date); }
SearchCriteria SearchCriteria::before(SearchDate date) { return with_date("BEFORE", date); }
SearchCriteria SearchCriteria::on(SearchDate date) { return with_date("ON", date); }
SearchCriteria SearchCriteria::sent_since(SearchDate date) { return with_date("SENTSINCE", date); }
SearchCriteria SearchCriteria::sent_before(SearchDate date) { return with_date("SENTBEFORE", date); }
SearchCriteria SearchCriteria::sent_on(SearchDate date) { return with_date("SENTON", date); }

SearchCriteria SearchCriteria::larger(std::uint32_t octets) {
  SearchCriteria c = single("LARGER");
  c.tokens_.push_back({Token::Kind::atom, std::to_string(octets)});
  return c;
}

SearchCriteria SearchCriteria::smaller(std::uint32_t octets) {
  SearchCriteria c = single("SMALLER");
  c.tokens_.push_back({Token::Kind::atom, std::to_string(octets)});
  return c;
}

SearchCriteria SearchCriteria::uids(const std::vector<std::uint32_t>& uids) {
  if (uids.empty()) throw std::invalid_argument("empty UID list");
  return uid_set(format_sequence_set(uids));
}

SearchCriteria SearchCriteria::uid_set(std::string_view set) {
  if (set.empty() || set.find_first_not_of("0123456789:,*") != std::string_view::npos)
    throw std::invalid_argument("not a valid UID set: " + std::string(set));
  SearchCriteria c = single("UID");
  c.tokens_.push_back({Token::Kind::atom, std::string(set)});
  return c;
}

void SearchCriteria::append_grouped(const SearchCriteria& other) {
  if (other.keys_ == 0) {
    tokens_.push_back({Token::Kind::atom, "ALL"});
    return;
  }
  if (other.keys_ > 1) tokens_.push_back({Token::Kind::open, "("});
  tokens_.insert(tokens_.end(), other.tokens_.begin(), other.tokens_.end());
  if (other.keys_ > 1) tokens_.push_back({Token::Kind::close, ")"});
}

SearchCriteria operator&&(SearchCriteria a, const SearchCriteria& b) {
  a.tokens_.insert(a.tokens_.end(), b.tokens_.begin(), b.tokens_.end());
  a.keys_ += b.keys_;
  return a;
}

SearchCriteria operator||(const SearchCriteria& a, const SearchCriteria& b) {
  SearchCriteria c = SearchCriteria::single("OR");
  c.append_grouped(a);
  c.append_grouped(b);
  return c;
}

SearchCriteria operator!(const SearchCriteria& a) {
  SearchCriteria c = SearchCriteria::single("NOT");
  c.append_grouped(a);
  return c;
}

bool SearchCriteria::needs_utf8() const {
  for (const auto& t : tokens_)
    if (t.kind == Token::Kind::string)
      for (const char ch : t.text)
        if (static_cast<unsigned char>(ch) >= 0x80) return true;
  return false;
}

void SearchCriteria::write(CommandBuilder& command) const {
  if (tokens_.empty()) {
    command.atom("ALL");
    return;
  }
  for (const auto& t : tokens_) {
    switch (t.kind) {
      case Token::Kind::atom: command.atom(t.text); break;
      case Token::Kind::string: command.string(t.text); break;
      case Token::Kind::open: command.open_list(); break;
      case Token::Kind::close: command.close_list(); break;
    }
  }
}

std::string SearchCriteria::to_string() const {
  if (tokens_.empty()) return "ALL";
  std::string out;
  bool after_open = true;
  for (const auto& t : tokens_) {
    if (t.kind != Token::Kind::close && !after_open) out += ' ';
    after_open = t.kind == Token::Kind::open;
    if (t.kind != Token::Kind::string) {
      out += t.text;
      continue;
    }
    out += '"';
    for (const char c : t.text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace mailsim::client::imap
