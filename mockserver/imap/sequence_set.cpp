#include "mockserver/imap/sequence_set.hpp"

#include <algorithm>

namespace mailsim::mock::imap {
namespace {

std::optional<std::uint32_t> parse_seq_number(std::string_view text) {
  if (text == "*") return kStar;
  if (text.empty() || text.size() > 10 || text[0] == '0') return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value == 0 || value > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

}  // namespace

bool SequenceSet::contains(std::uint32_t n, std::uint32_t largest) const {
  for (const auto& r : ranges) {
    const std::uint32_t a = r.first == kStar ? largest : r.first;
    const std::uint32_t b = r.last == kStar ? largest : r.last;
    if (n >= std::min(a, b) && n <= std::max(a, b)) return true;
  }
  return false;
}

std::uint32_t SequenceSet::max_explicit() const {
  std::uint32_t out = 0;
  for (const auto& r : ranges) out = std::max({out, r.first, r.last});
  return out;
}

std::optional<SequenceSet> parse_sequence_set(std::string_view text) {
  SequenceSet set;
  if (text.empty()) return std::nullopt;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = text.find(',', pos);
    const std::string_view item = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    const std::size_t colon = item.find(':');
    SequenceRange range;
    if (colon == std::string_view::npos) {
      auto n = parse_seq_number(item);
      if (!n) return std::nullopt;
      range = {*n, *n};
    } else {
      auto a = parse_seq_number(item.substr(0, colon));
      auto b = parse_seq_number(item.substr(colon + 1));
      if (!a || !b) return std::nullopt;
      range = {*a, *b};
    }
    set.ranges.push_back(range);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return set;
}

}  // namespace mailsim::mock::imap
