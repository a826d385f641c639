#pragma once
// Dates as IMAP uses them: INTERNALDATE (an instant plus the zone it was
// written in), the search "date" (a calendar day), and the Date: header.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace mailsim::mock {

struct InternalDate {
  std::int64_t seconds = 0;  // since the Unix epoch, UTC
  int offset_minutes = 0;    // the zone it is shown in, e.g. +120 for +0200

  static InternalDate from(Clock::time_point t, int offset_minutes = 0);
  friend bool operator==(const InternalDate&, const InternalDate&) = default;
};

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// The calendar day of `d` in its own zone (what SEARCH BEFORE/ON/SINCE compare).
CivilDate civil_date(const InternalDate& d);

// "17-Jul-1996 02:44:25 -0700" (date-time without the quotes).
std::string format_internal_date(const InternalDate& d);
// Accepts date-time with a one- or two-digit day (" 7-Jul-..." too).
std::optional<InternalDate> parse_imap_date_time(std::string_view text);
// IMAP "date": "1-Feb-1994" (month name case-insensitive).
std::optional<CivilDate> parse_imap_date(std::string_view text);
// RFC 5322 date-time, tolerant of obsolete zones and missing seconds:
// "Tue, 1 Jul 2003 10:52:37 +0200", "1 Jul 2003 10:52 GMT".
std::optional<InternalDate> parse_rfc5322_date(std::string_view text);

}  // namespace mailsim::mock
