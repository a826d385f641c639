#pragma once
// A typed builder for SEARCH criteria (RFC 3501 section 6.4.4). Keys
// combine with && (all must match), || (OR) and ! (NOT):
//   SearchCriteria::unseen() && SearchCriteria::from("a@b.example")
//       && SearchCriteria::since({2026, 1, 1})
// A default-constructed criteria matches every message (ALL).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/imap/imap_command.hpp"

namespace mailsim::client::imap {

// A calendar date as IMAP search keys take it ("1-Feb-1994"). Throws
// std::invalid_argument for an impossible date.
struct SearchDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  std::string to_imap() const;
};

class SearchCriteria {
 public:
  SearchCriteria() = default;

  static SearchCriteria all();
  static SearchCriteria answered();
  static SearchCriteria unanswered();
  static SearchCriteria deleted();
  static SearchCriteria undeleted();
  static SearchCriteria draft();
  static SearchCriteria undraft();
  static SearchCriteria flagged();
  static SearchCriteria unflagged();
  static SearchCriteria seen();
  static SearchCriteria unseen();
  static SearchCriteria recent();
  static SearchCriteria fresh();  // NEW: recent and unseen
  static SearchCriteria old();
  static SearchCriteria keyword(std::string_view flag);
  static SearchCriteria unkeyword(std::string_view flag);

  // Substring matches (case-insensitive on the server).
  static SearchCriteria from(std::string_view text);
  static SearchCriteria to(std::string_view text);
  static SearchCriteria cc(std::string_view text);
  static SearchCriteria bcc(std::string_view text);
  static SearchCriteria subject(std::string_view text);
  static SearchCriteria body(std::string_view text);
  static SearchCriteria text(std::string_view text);  // headers and body
  static SearchCriteria header(std::string_view field, std::string_view text);

  // Internal date (arrival) and Date: header (sent), day granularity.
  static SearchCriteria since(SearchDate date);
  static SearchCriteria before(SearchDate date);
  static SearchCriteria on(SearchDate date);
  static SearchCriteria sent_since(SearchDate date);
  static SearchCriteria sent_before(SearchDate date);
  static SearchCriteria sent_on(SearchDate date);

  static SearchCriteria larger(std::uint32_t octets);
  static SearchCriteria smaller(std::uint32_t octets);
  // UIDs as a list, or as a set such as "1:100" / "4000:*".
  static SearchCriteria uids(const std::vector<std::uint32_t>& uids);
  static SearchCriteria uid_set(std::string_view set);

  friend SearchCriteria operator&&(SearchCriteria a, const SearchCriteria& b);
  friend SearchCriteria operator||(const SearchCriteria& a, const SearchCriteria& b);
  friend SearchCriteria operator!(const SearchCriteria& a);

  // True when a string holds non-ASCII bytes: the command needs CHARSET UTF-8.
  bool needs_utf8() const;
  // Appends the keys to a SEARCH command being built.
  void write(CommandBuilder& command) const;
  // The keys as text, strings quoted: "UNSEEN FROM \"a@b\"" (for display).
  std::string to_string() const;

 private:
  struct Token {
    enum class Kind { atom, string, open, close } kind;
    std::string text;
  };
  static SearchCriteria single(std::string_view key);
  static SearchCriteria with_string(std::string_view key, std::string_view value);
  static SearchCriteria with_date(std::string_view key, SearchDate date);
  void append_grouped(const SearchCriteria& other);

  std::vector<Token> tokens_;
  std::size_t keys_ = 0;  // top-level keys (ANDed)
};

}  // namespace mailsim::client::imap
