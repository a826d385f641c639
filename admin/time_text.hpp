#pragma once
// Instants in admin API answers and filters: RFC 3339 in UTC.
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace mailsim::admin {

// "2026-11-25T12:00:05.250Z" (milliseconds).
std::string format_time(Clock::time_point t);
// "2026-11-25T12:00:05Z" (optionally with .fraction) or whole seconds since
// the Unix epoch; nullopt for anything else.
std::optional<Clock::time_point> parse_time(std::string_view text);

}  // namespace mailsim::admin
