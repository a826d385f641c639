#include "client/connection/value_parsers.hpp"

#include <algorithm>
#include <array>

namespace mailsim::client {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A digit string's value, or nullopt past max (no overflow, however long).
std::optional<std::uint64_t> bounded_number(std::string_view digits, std::uint64_t max) {
  std::uint64_t value = 0;
  for (char c : digits) {
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto low = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return low(x) == low(y);
         });
}

constexpr std::uint64_t kMaxDurationMs = 24ull * 60 * 60 * 1000;

}  // namespace

std::string quote_text(std::string_view text) {
  constexpr std::size_t kShown = 60;
  if (text.size() <= kShown) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kShown)) + "...'";
}

Parsed<std::uint16_t> parse_port(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (!all_digits(digits)) return {std::nullopt, quote_text(text) + " is not a port number (1-65535)"};
  const auto value = bounded_number(digits, 65535);
  if (negative || !value || *value == 0) {
    const std::string shown = text.size() <= 12 ? std::string(text) : quote_text(text);
    return {std::nullopt, shown + " is out of range 1-65535"};
  }
  return {static_cast<std::uint16_t>(*value), {}};
}

Parsed<bool> parse_bool(std::string_view text) {
  for (std::string_view t : {"true", "yes", "on"}) {
    if (iequals(text, t)) return {true, {}};
  }
  for (std::string_view f : {"false", "no", "off"}) {
    if (iequals(text, f)) return {false, {}};
  }
  return {std::nullopt, quote_text(text) + " is not a boolean (true or false)"};
}

Parsed<std::chrono::milliseconds> parse_duration(std::string_view text) {
  struct Unit {
    std::string_view suffix;
    std::uint64_t ms;
  };
  // Longest suffix first: "ms" before "m" and "s".
  constexpr std::array<Unit, 4> units{{{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}}};
  std::string_view digits = text;
  std::uint64_t unit_ms = 1000;  // a bare number is seconds
  for (const Unit& u : units) {
    if (text.size() > u.suffix.size() && text.ends_with(u.suffix)) {
      digits = text.substr(0, text.size() - u.suffix.size());
      unit_ms = u.ms;
      break;
    }
  }
  if (!all_digits(digits)) {
    return {std::nullopt, quote_text(text) + " is not a duration (e.g. 10s, 500ms, 2m, or a number of seconds)"};
  }
  const auto count = bounded_number(digits, kMaxDurationMs);
  if (!count || *count * unit_ms > kMaxDurationMs) return {std::nullopt, quote_text(text) + " is longer than 24h"};
  if (*count == 0) return {std::nullopt, "must be longer than zero"};
  return {std::chrono::milliseconds(*count * unit_ms), {}};
}

std::string format_duration(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

Parsed<std::string> parse_tls_min_version(std::string_view text) {
  std::string_view version = text;
  if (version.size() > 4 && iequals(version.substr(0, 4), "tlsv")) version.remove_prefix(4);
  for (std::string_view known : {"1.0", "1.1", "1.2", "1.3"}) {
    if (version == known) return {std::string(known), {}};
  }
  return {std::nullopt, quote_text(text) + " is not one of 1.0, 1.1, 1.2, 1.3"};
}

Parsed<std::uint64_t> parse_count(std::string_view text) {
  constexpr std::uint64_t kMax = 1'000'000'000'000ULL;
  std::uint64_t value = 0;
  if (text.empty()) return {std::nullopt, "expected a whole number, found nothing"};
  for (char c : text) {
    if (c < '0' || c > '9') return {std::nullopt, quote_text(text) + " is not a whole number"};
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > kMax) return {std::nullopt, quote_text(text) + " is too large"};
  }
  return {value, {}};
}

Parsed<std::uint64_t> parse_size(std::string_view text) {
  struct Unit {
    std::string_view suffix;
    std::uint64_t factor;
  };
  constexpr Unit kUnits[] = {{"KiB", 1024ULL},          {"MiB", 1024ULL * 1024},      {"GiB", 1024ULL * 1024 * 1024},
                             {"KB", 1000ULL},           {"MB", 1000ULL * 1000},       {"GB", 1000ULL * 1000 * 1000},
                             {"B", 1ULL}};
  std::uint64_t factor = 1;
  std::string_view number = text;
  for (const Unit& unit : kUnits) {
    if (number.size() > unit.suffix.size() && number.ends_with(unit.suffix)) {
      number.remove_suffix(unit.suffix.size());
      factor = unit.factor;
      break;
    }
  }
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  auto n = parse_count(number);
  if (!n.value) return {std::nullopt, quote_text(text) + " is not a size (e.g. 1000, 64KiB, 10MiB)"};
  if (*n.value > (1ULL << 40) / factor) return {std::nullopt, quote_text(text) + " is too large"};
  return {*n.value * factor, {}};
}

}  // namespace mailsim::client
