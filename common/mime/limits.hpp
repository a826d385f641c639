#pragma once
// Bounds for parsing one message: a hostile message (deep nesting, millions of
// parts or header fields, endless header lines) costs bounded time and memory.
// Exceeding one stops that descent, keeps what was parsed and marks it
// truncated; it is never an error.
#include <cstddef>

namespace mailsim::mime {

struct Limits {
  // Entity levels, the top level included; a multipart or message at the
  // last level is not opened (a leaf typed application/octet-stream, as
  // Dovecot, whose limit is 100 too, reports it).
  std::size_t max_depth = 100;
  std::size_t max_parts = 10'000;            // entities in one message, all levels
  std::size_t max_header_fields = 1'000;     // fields kept per entity
  std::size_t max_header_line = 64 * 1024;  // bytes kept of one (folded) field
  std::size_t max_addresses = 10'000;        // addresses kept per address header
};

}  // namespace mailsim::mime
