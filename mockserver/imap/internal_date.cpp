#include "mockserver/imap/internal_date.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

namespace mailsim::mock {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::optional<unsigned> month_number(std::string_view name) {
  if (name.size() != 3) return std::nullopt;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    const auto m = kMonths[i];
    if (lower(name[0]) == lower(m[0]) && lower(name[1]) == lower(m[1]) && lower(name[2]) == lower(m[2]))
      return i + 1;
  }
  return std::nullopt;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool valid_civil(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  return year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}.ok();
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  const sys_days d = year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  return d.time_since_epoch().count();
}

// hh:mm[:ss] -> seconds of the day.
std::optional<int> parse_time(std::string_view t, bool seconds_required) {
  if (t.size() == 8 && t[2] == ':' && t[5] == ':' && all_digits(t.substr(0, 2)) && all_digits(t.substr(3, 2)) &&
      all_digits(t.substr(6, 2))) {
    const int h = to_int(t.substr(0, 2)), m = to_int(t.substr(3, 2)), s = to_int(t.substr(6, 2));
    if (h > 23 || m > 59 || s > 60) return std::nullopt;
    return h * 3600 + m * 60 + s;
  }
  if (!seconds_required && t.size() == 5 && t[2] == ':' && all_digits(t.substr(0, 2)) && all_digits(t.substr(3, 2))) {
    const int h = to_int(t.substr(0, 2)), m = to_int(t.substr(3, 2));
    if (h > 23 || m > 59) return std::nullopt;
    return h * 3600 + m * 60;
  }
  return std::nullopt;
}

// "+hhmm" / "-hhmm" -> minutes east of UTC.
std::optional<int> parse_numeric_zone(std::string_view z) {
  if (z.size() != 5 || (z[0] != '+' && z[0] != '-') || !all_digits(z.substr(1))) return std::nullopt;
  const int minutes = to_int(z.substr(1, 2)) * 60 + to_int(z.substr(3, 2));
  return z[0] == '-' ? -minutes : minutes;
}

// Obsolete RFC 822 zone names; unknown ones count as UTC (RFC 5322 4.3).
int named_zone(std::string_view z) {
  std::string n;
  for (char c : z) n += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (n == "EDT") return -4 * 60;
  if (n == "EST" || n == "CDT") return -5 * 60;
  if (n == "CST" || n == "MDT") return -6 * 60;
  if (n == "MST" || n == "PDT") return -7 * 60;
  if (n == "PST") return -8 * 60;
  return 0;
}

std::optional<CivilDate> parse_day_month_year(std::string_view day, std::string_view month, std::string_view year) {
  if (!all_digits(day) || day.size() > 2 || !all_digits(year)) return std::nullopt;
  auto m = month_number(month);
  if (!m) return std::nullopt;
  int y = to_int(year);
  if (year.size() == 2) y += y < 50 ? 2000 : 1900;  // RFC 5322 4.3 obsolete years
  else if (year.size() == 3) y += 1900;
  else if (year.size() != 4) return std::nullopt;
  const auto d = static_cast<unsigned>(to_int(day));
  if (!valid_civil(y, *m, d)) return std::nullopt;
  return CivilDate{y, *m, d};
}

}  // namespace

InternalDate InternalDate::from(Clock::time_point t, int offset_minutes) {
  return {std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(), offset_minutes};
}

CivilDate civil_date(const InternalDate& d) {
  using namespace std::chrono;
  const std::int64_t local = d.seconds + std::int64_t{d.offset_minutes} * 60;
  const sys_days day{days{local >= 0 ? local / 86400 : (local - 86399) / 86400}};
  const year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

std::string format_internal_date(const InternalDate& d) {
  const std::int64_t local = d.seconds + std::int64_t{d.offset_minutes} * 60;
  const std::int64_t secs_of_day = ((local % 86400) + 86400) % 86400;
  const CivilDate c = civil_date(d);
  const int offset = d.offset_minutes < 0 ? -d.offset_minutes : d.offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02u-%s-%04d %02d:%02d:%02d %c%02d%02d", c.day,
                std::string(kMonths[c.month - 1]).c_str(), c.year, static_cast<int>(secs_of_day / 3600),
                static_cast<int>(secs_of_day / 60 % 60), static_cast<int>(secs_of_day % 60),
                d.offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
  return buf;
}

std::optional<CivilDate> parse_imap_date(std::string_view text) {
  const std::size_t a = text.find('-');
  if (a == std::string_view::npos) return std::nullopt;
  const std::size_t b = text.find('-', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const auto year = text.substr(b + 1);
  if (year.size() != 4) return std::nullopt;
  return parse_day_month_year(text.substr(0, a), text.substr(a + 1, b - a - 1), year);
}

std::optional<InternalDate> parse_imap_date_time(std::string_view text) {
  if (!text.empty() && text[0] == ' ') text.remove_prefix(1);
  const std::size_t sp1 = text.find(' ');
  if (sp1 == std::string_view::npos) return std::nullopt;
  const std::size_t sp2 = text.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return std::nullopt;
  auto date = parse_imap_date(text.substr(0, sp1));
  auto time = parse_time(text.substr(sp1 + 1, sp2 - sp1 - 1), true);
  auto zone = parse_numeric_zone(text.substr(sp2 + 1));
  if (!date || !time || !zone) return std::nullopt;
  const std::int64_t local = days_from_civil(date->year, date->month, date->day) * 86400 + *time;
  return InternalDate{local - std::int64_t{*zone} * 60, *zone};
}

std::optional<InternalDate> parse_rfc5322_date(std::string_view text) {
  // Tokens split on blanks and commas; comments in dates are rare enough to
  // treat "(...)" tokens as noise.
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size() && tokens.size() < 8) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == ',' || text[i] == '\r' ||
                               text[i] == '\n'))
      ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != ',' && text[i] != '\r' &&
           text[i] != '\n')
      ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  std::size_t t = 0;
  if (t < tokens.size() && !tokens[t].empty() && !all_digits(tokens[t])) ++t;  // day of week
  if (tokens.size() < t + 4) return std::nullopt;
  auto date = parse_day_month_year(tokens[t], tokens[t + 1], tokens[t + 2]);
  auto time = parse_time(tokens[t + 3], false);
  if (!date || !time) return std::nullopt;
  int zone = 0;
  if (tokens.size() > t + 4) {
    if (auto z = parse_numeric_zone(tokens[t + 4])) zone = *z;
    else zone = named_zone(tokens[t + 4]);
  }
  const std::int64_t local = days_from_civil(date->year, date->month, date->day) * 86400 + *time;
  return InternalDate{local - std::int64_t{zone} * 60, zone};
}

}  // namespace mailsim::mock
