#pragma once
// The connection file's typed scalars: ports, booleans, durations, TLS
// versions. Error messages may quote the text, so these are never used on
// secret fields.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::client {

template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // set when value is not
};

// 1-65535: "70000 is out of range 1-65535".
Parsed<std::uint16_t> parse_port(std::string_view text);

// true/false, yes/no, on/off in any case (what YAML 1.1 users write).
Parsed<bool> parse_bool(std::string_view text);

// "500ms", "10s", "2m", "1h", or a bare number of seconds; above zero and at
// most 24h.
Parsed<std::chrono::milliseconds> parse_duration(std::string_view text);
// The shortest exact form parse_duration reads back: "2m", "10s", "1500ms".
std::string format_duration(std::chrono::milliseconds d);

// "1.0".."1.3" (also "TLSv1.2"), normalised to "1.2".
Parsed<std::string> parse_tls_min_version(std::string_view text);

// A whole number 0..10^12.
Parsed<std::uint64_t> parse_count(std::string_view text);
// Bytes: a whole number with an optional KiB/MiB/GiB (or KB/MB/GB, 1000-based) suffix.
Parsed<std::uint64_t> parse_size(std::string_view text);

// 'text' for a message, cut to a bounded length.
std::string quote_text(std::string_view text);

}  // namespace mailsim::client
