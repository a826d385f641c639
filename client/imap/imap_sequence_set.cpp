#include "client/imap/imap_sequence_set.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace mailsim::client::imap {
namespace {

std::optional<std::uint32_t> parse_number(std::string_view text) {
  std::uint32_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n == 0) return std::nullopt;
  return n;
}

}  // namespace

std::string format_sequence_set(std::vector<std::uint32_t> numbers) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  if (!numbers.empty() && numbers.front() == 0) throw std::invalid_argument("0 is not a message number or UID");
  std::string out;
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(numbers[i]);
    if (j > i) out += ':' + std::to_string(numbers[j]);
    i = j + 1;
  }
  return out;
}

std::optional<std::vector<std::uint32_t>> parse_sequence_set(std::string_view text, std::size_t max_count) {
  std::vector<std::uint32_t> out;
  if (text.empty()) return std::nullopt;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const std::size_t colon = item.find(':');
    const auto first = parse_number(item.substr(0, colon));
    const auto last = colon == std::string_view::npos ? first : parse_number(item.substr(colon + 1));
    if (!first || !last) return std::nullopt;
    const auto [low, high] = std::minmax(*first, *last);
    if (static_cast<std::uint64_t>(high) - low + 1 > max_count - out.size()) return std::nullopt;
    for (std::uint64_t n = low; n <= high; ++n) out.push_back(static_cast<std::uint32_t>(n));
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace mailsim::client::imap
