#include "client/mime/date_header.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/clock.hpp"

namespace mailsim::client::mime {
namespace {

using namespace std::chrono;

TEST(DateHeader, FormatsTheVirtualClockStart) {
  EXPECT_EQ(format_date(VirtualClock::default_start()), "Thu, 01 Jan 2026 00:00:00 +0000");
}

TEST(DateHeader, FormatsTheEpoch) {
  EXPECT_EQ(format_date(system_clock::time_point{}), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(DateHeader, DropsFractionsOfASecond) {
  const auto leap_day =
      sys_days{year{2024} / February / 29} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
  EXPECT_EQ(format_date(leap_day), "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST(DateHeader, ShowsTheInstantAtTheGivenOffset) {
  const auto start = VirtualClock::default_start();
  EXPECT_EQ(format_date(start, -hours{5}), "Wed, 31 Dec 2025 19:00:00 -0500");
  EXPECT_EQ(format_date(start, hours{5} + minutes{30}), "Thu, 01 Jan 2026 05:30:00 +0530");
  EXPECT_EQ(format_date(start + days{45} + hours{13} + minutes{7} + seconds{9}, -minutes{30}),
            "Sun, 15 Feb 2026 12:37:09 -0030");
}

TEST(DateHeader, RefusesAnImpossibleOffset) {
  EXPECT_THROW(format_date(VirtualClock::default_start(), hours{24}), std::invalid_argument);
  EXPECT_THROW(format_date(VirtualClock::default_start(), -hours{24}), std::invalid_argument);
  EXPECT_NO_THROW(format_date(VirtualClock::default_start(), hours{23} + minutes{59}));
}

}  // namespace
}  // namespace mailsim::client::mime
