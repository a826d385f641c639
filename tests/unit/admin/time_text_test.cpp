#include "admin/time_text.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mailsim;
using namespace std::chrono;

TEST(TimeText, FormatsUtcWithMilliseconds) {
  const auto t = Clock::time_point(sys_days{year{2026} / November / 25}) + hours(12) + milliseconds(5250);
  EXPECT_EQ(admin::format_time(t), "2026-11-25T12:00:05.250Z");
}

TEST(TimeText, ParsesRfc3339AndEpochSeconds) {
  const auto noon = Clock::time_point(sys_days{year{2026} / November / 25}) + hours(12);
  EXPECT_EQ(admin::parse_time("2026-11-25T12:00:00Z"), noon);
  EXPECT_EQ(admin::parse_time("2026-11-25T12:00:00.5Z"), noon + milliseconds(500));
  EXPECT_EQ(admin::parse_time(std::to_string(duration_cast<seconds>(noon.time_since_epoch()).count())), noon);
}

TEST(TimeText, RefusesAnythingElse) {
  EXPECT_FALSE(admin::parse_time(""));
  EXPECT_FALSE(admin::parse_time("yesterday"));
  EXPECT_FALSE(admin::parse_time("2026-11-25 12:00:00"));
  EXPECT_FALSE(admin::parse_time("2026-13-25T12:00:00Z"));
  EXPECT_FALSE(admin::parse_time("2026-02-30T12:00:00Z"));
  EXPECT_FALSE(admin::parse_time("2026-11-25T25:00:00Z"));
  EXPECT_FALSE(admin::parse_time("2026-11-25T12:00:00.xZ"));
  EXPECT_FALSE(admin::parse_time("99999999999999999999999"));
  // Beyond what the clock's nanoseconds hold.
  EXPECT_FALSE(admin::parse_time("2999-01-01T00:00:00Z"));
  EXPECT_FALSE(admin::parse_time("99999999999"));
}

}  // namespace
