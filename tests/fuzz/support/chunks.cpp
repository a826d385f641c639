#include "support/chunks.hpp"

#include <algorithm>

namespace mailsim::fuzz {

std::vector<std::string_view> split_chunks(std::string_view text, std::uint8_t seed) {
  if (seed == 0) return {text};
  const std::size_t max_chunk = (std::size_t{1} << (seed % 8)) * 3;
  // xorshift32: deterministic, so a saved input replays the same split.
  std::uint32_t state = 0x9e3779b9u * seed;
  std::vector<std::string_view> chunks;
  while (!text.empty()) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    const std::size_t n = std::min<std::size_t>(text.size(), 1 + state % max_chunk);
    chunks.push_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return chunks;
}

SeededInput seeded(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  return {data[0], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)};
}

}  // namespace mailsim::fuzz
