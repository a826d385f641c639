#pragma once
// Search criteria in the readable form people type (`--unseen --from a@b
// --since 2026-01-01`), turned into IMAP SEARCH keys. Every given criterion
// must match (AND).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "client/imap/imap_search.hpp"

namespace mailsim::client {

struct SearchQuery {
  bool unseen = false;
  bool seen = false;
  bool flagged = false;
  std::optional<std::string> from;       // substring of From
  std::optional<std::string> to;         // substring of To
  std::optional<std::string> subject;    // substring of Subject
  std::optional<std::string> text;       // substring of the headers or body
  std::optional<std::string> since;      // YYYY-MM-DD: arrived on or after
  std::optional<std::string> before;     // YYYY-MM-DD: arrived before
  std::optional<std::uint32_t> larger;   // octets
  std::optional<std::uint32_t> smaller;  // octets
};

// YYYY-MM-DD as a calendar date; nullopt for anything else (2026-02-30 too).
std::optional<imap::SearchDate> parse_iso_date(std::string_view text);

// The criteria, or a sentence saying which value is wrong. An empty query
// matches every message.
std::variant<imap::SearchCriteria, std::string> to_search_criteria(const SearchQuery& query);

}  // namespace mailsim::client
