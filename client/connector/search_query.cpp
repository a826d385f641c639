#include "client/connector/search_query.hpp"

#include <charconv>
#include <chrono>

namespace mailsim::client {
namespace {

std::optional<unsigned> digits(std::string_view text) {
  unsigned value = 0;
  if (text.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<imap::SearchDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = digits(text.substr(0, 4));
  const auto month = digits(text.substr(5, 2));
  const auto day = digits(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*year)), std::chrono::month(*month),
                                         std::chrono::day(*day)};
  if (!date.ok() || *year < 1900) return std::nullopt;
  return imap::SearchDate{static_cast<int>(*year), *month, *day};
}

std::variant<imap::SearchCriteria, std::string> to_search_criteria(const SearchQuery& query) {
  if (query.seen && query.unseen) return std::string("--seen and --unseen cannot both hold");
  if (query.larger && query.smaller && *query.smaller <= *query.larger + 1ull)
    return std::string("no size is both larger than ") + std::to_string(*query.larger) + " and smaller than " +
           std::to_string(*query.smaller);

  imap::SearchCriteria criteria;
  bool any = false;
  const auto add = [&](imap::SearchCriteria key) {
    criteria = any ? std::move(criteria) && key : std::move(key);
    any = true;
  };
  if (query.unseen) add(imap::SearchCriteria::unseen());
  if (query.seen) add(imap::SearchCriteria::seen());
  if (query.flagged) add(imap::SearchCriteria::flagged());
  if (query.from) add(imap::SearchCriteria::from(*query.from));
  if (query.to) add(imap::SearchCriteria::to(*query.to));
  if (query.subject) add(imap::SearchCriteria::subject(*query.subject));
  if (query.text) add(imap::SearchCriteria::text(*query.text));
  for (const auto& [value, since] : {std::pair{&query.since, true}, std::pair{&query.before, false}}) {
    if (!*value) continue;
    const auto date = parse_iso_date(**value);
    if (!date) return "'" + **value + "' is not a date in the form YYYY-MM-DD";
    add(since ? imap::SearchCriteria::since(*date) : imap::SearchCriteria::before(*date));
  }
  if (query.larger) add(imap::SearchCriteria::larger(*query.larger));
  if (query.smaller) add(imap::SearchCriteria::smaller(*query.smaller));
  if (!any) return imap::SearchCriteria::all();
  return criteria;
}

}  // namespace mailsim::client
