#include "client/imap/imap_capabilities.hpp"

#include <charconv>

#include "client/imap/imap_ascii.hpp"

namespace mailsim::client::imap {

bool Capabilities::has(std::string_view name) const {
  for (const auto& n : names_)
    if (iequals(n, name)) return true;
  return false;
}

bool Capabilities::offers(sasl::Mechanism mechanism) const {
  return has("AUTH=" + std::string(sasl::to_string(mechanism)));
}

std::optional<std::uint64_t> Capabilities::append_limit() const {
  constexpr std::string_view kPrefix = "APPENDLIMIT=";
  for (const auto& n : names_) {
    if (n.size() <= kPrefix.size() || !iequals(std::string_view(n).substr(0, kPrefix.size()), kPrefix)) continue;
    std::uint64_t limit = 0;
    const auto [end, ec] = std::from_chars(n.data() + kPrefix.size(), n.data() + n.size(), limit);
    if (ec == std::errc{} && end == n.data() + n.size()) return limit;
  }
  return std::nullopt;
}

}  // namespace mailsim::client::imap
