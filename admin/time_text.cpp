#include "admin/time_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

namespace mailsim::admin {
namespace {

// The clock counts nanoseconds in 64 bits: it ends in 2262.
constexpr int kLastYear = 2200;
constexpr long long kLastEpochSecond = 7258118400;  // 2200-01-01T00:00:00Z

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string format_time(Clock::time_point t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto seconds_part = floor<seconds>(ms);
  const std::time_t time = system_clock::to_time_t(seconds_part);
  std::tm tm{};
  gmtime_r(&time, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, (ms - seconds_part).count());
}

std::optional<Clock::time_point> parse_time(std::string_view text) {
  using namespace std::chrono;
  if (all_digits(text)) {
    long long epoch = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), epoch);
    if (ec != std::errc() || end != text.data() + text.size() || epoch >= kLastEpochSecond) return std::nullopt;
    return Clock::time_point(seconds(epoch));
  }
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (text.size() < 20 || text.back() != 'Z' || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    const auto part = text.substr(at, n);
    if (!all_digits(part)) return std::nullopt;
    int value = 0;
    std::from_chars(part.data(), part.data() + part.size(), value);
    return value;
  };
  const auto y = number(0, 4), mo = number(5, 2), d = number(8, 2), h = number(11, 2), mi = number(14, 2),
             s = number(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *y < 1970 || *y >= kLastYear || *h > 23 || *mi > 59 || *s > 60)
    return std::nullopt;
  const auto fraction = text.substr(19, text.size() - 20);
  if (!fraction.empty() && (fraction.front() != '.' || !all_digits(fraction.substr(1)))) return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  auto t = Clock::time_point(sys_days(date)) + hours(*h) + minutes(*mi) + seconds(*s);
  if (fraction.size() > 1) {
    const auto digits = fraction.substr(1, 3);
    int ms = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    for (auto n = digits.size(); n < 3; ++n) ms *= 10;
    t += milliseconds(ms);
  }
  return t;
}

}  // namespace mailsim::admin
