#include "mockserver/fault_hooks/fault_event_source.hpp"

#include <charconv>
#include <functional>

namespace mailsim::mock::faults {

std::string_view ip_of(std::string_view remote) {
  if (!remote.empty() && remote.front() == '[') {
    const auto end = remote.find(']');
    return end == std::string_view::npos ? remote.substr(1) : remote.substr(1, end - 1);
  }
  const auto colon = remote.rfind(':');
  if (colon == std::string_view::npos || remote.find(':') != colon) return remote;
  return remote.substr(0, colon);
}

std::uint64_t connection_number(std::string_view session_id) {
  const auto dash = session_id.rfind('-');
  if (dash != std::string_view::npos) {
    std::uint64_t n = 0;
    const auto digits = session_id.substr(dash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec == std::errc() && end == digits.data() + digits.size()) return n;
  }
  return std::hash<std::string_view>{}(session_id);
}

}  // namespace mailsim::mock::faults
