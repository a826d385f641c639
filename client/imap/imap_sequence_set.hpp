#pragma once
// Sequence sets (RFC 3501 "sequence-set"): "1:3,7,9:*". UIDs given to and
// returned by the server (COPYUID, APPENDUID) use this form.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::imap {

// Sorted, duplicates removed, runs compressed: {5,1,2,3} -> "1:3,5".
// Zero is not a valid number and must not be passed (invalid_argument).
std::string format_sequence_set(std::vector<std::uint32_t> numbers);

// Expands a set without '*'. nullopt when malformed or when it holds more
// than max_count numbers ("1:4294967295" must not allocate 16 GB).
std::optional<std::vector<std::uint32_t>> parse_sequence_set(std::string_view text, std::size_t max_count = 100000);

}  // namespace mailsim::client::imap
