#include "client/mime/date_header.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>

namespace mailsim::client::mime {

std::string format_date(std::chrono::system_clock::time_point when, std::chrono::minutes utc_offset) {
  using namespace std::chrono;
  if (abs(utc_offset) > hours{23} + minutes{59}) throw std::invalid_argument("UTC offset beyond +-23:59");
  constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto local = floor<seconds>(when) + utc_offset;
  const auto day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss time{local - day};
  const weekday wd{day};
  const auto offset = abs(utc_offset);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} {}{:02}{:02}", kDays[wd.c_encoding()],
                     static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1],
                     static_cast<int>(date.year()), time.hours().count(), time.minutes().count(),
                     time.seconds().count(), utc_offset < minutes{0} ? '-' : '+', offset.count() / 60,
                     offset.count() % 60);
}

}  // namespace mailsim::client::mime
