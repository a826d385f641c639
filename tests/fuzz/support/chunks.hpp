#pragma once
// Input splitting for incremental parsers: one seed byte of the input picks
// where the rest is cut, so one corpus entry explores both the bytes and
// every framing of them a network could deliver.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mailsim::fuzz {

// Seed 0 gives the whole text as one chunk (the reference a target compares
// other splits with); other seeds give chunks of 1 to 2^(seed % 8) * 3 bytes.
std::vector<std::string_view> split_chunks(std::string_view text, std::uint8_t seed);

// The input's first byte as a seed and the rest as payload (seed 0 when empty).
struct SeededInput {
  std::uint8_t seed = 0;
  std::string_view payload;
};
SeededInput seeded(const std::uint8_t* data, std::size_t size);

}  // namespace mailsim::fuzz
