#pragma once
// The Date header value (RFC 5322 3.3), from an instant the caller passes:
// the builder never reads a clock.
#include <chrono>
#include <string>

namespace mailsim::client::mime {

// "Thu, 01 Jan 2026 00:00:00 +0000": the instant shown at utc_offset.
// Throws std::invalid_argument for an offset beyond +-23:59.
std::string format_date(std::chrono::system_clock::time_point when,
                        std::chrono::minutes utc_offset = std::chrono::minutes{0});

}  // namespace mailsim::client::mime
