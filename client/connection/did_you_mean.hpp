#pragma once
// Suggestions for misspelt keys and enum values ("securty" -> "security").
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace mailsim::client {

// Optimal string alignment distance (Levenshtein plus adjacent swaps),
// ignoring ASCII case: "Port" and "prot" are both one step from "port".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The nearest candidate when it is close enough to be what was meant: at
// most a third of its length away (at least 1, at most 3 edits).
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace mailsim::client
