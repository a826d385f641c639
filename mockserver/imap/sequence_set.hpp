#pragma once
// IMAP sequence sets (RFC 3501 section 9: sequence-set), as the client wrote
// them: numbers, "*", ranges in either order. Meaning comes only when they
// are resolved against a mailbox view, where "*" is the largest number in use.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace mailsim::mock::imap {

// "*" in a sequence set (0 is never a valid sequence number or UID).
inline constexpr std::uint32_t kStar = 0;

struct SequenceRange {
  std::uint32_t first = 0;  // kStar for "*"
  std::uint32_t last = 0;   // equal to first for a single number
};

struct SequenceSet {
  std::vector<SequenceRange> ranges;

  // True when n lies in some range, with "*" standing for `largest`.
  bool contains(std::uint32_t n, std::uint32_t largest) const;
  // The largest explicit number (ignoring "*"); 0 when only "*" is used.
  std::uint32_t max_explicit() const;
  friend bool operator==(const SequenceSet&, const SequenceSet&) = default;
};

// Parses "1,3:5,7:*,*" (no spaces). nullopt when malformed or a number is 0.
std::optional<SequenceSet> parse_sequence_set(std::string_view text);

}  // namespace mailsim::mock::imap
