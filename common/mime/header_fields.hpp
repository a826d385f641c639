#pragma once
// Header blocks (RFC 5322 section 2.2) split into fields. Tolerant of bare LF,
// 8-bit bytes and NULs. A line without a colon becomes a field whose name is
// the whole line and whose value is empty (as in Dovecot), so that nothing
// of the header is lost when HEADER.FIELDS.NOT copies it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/mime/limits.hpp"

namespace mailsim::mime {

struct HeaderField {
  std::string name;       // as written (case kept), blanks before the colon removed
  std::string raw_value;  // after the colon, folding kept, no final line break
  // Unfolded: line breaks of the folding removed, leading blanks trimmed,
  // NUL bytes as U+FFFD (Dovecot's "full value", which ENVELOPE and
  // BODYSTRUCTURE are built from).
  std::string value;
  // Byte range of the whole field in the parsed text, final line break
  // included; BODY[HEADER.FIELDS (...)] is built from these ranges.
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct HeaderBlock {
  std::vector<HeaderField> fields;
  std::size_t end = 0;           // offset just after the blank line (or where the block stopped)
  bool has_blank_line = false;   // false: the text ended inside the header
  bool truncated = false;        // fields dropped or values cut by the limits
};

// Parses fields from text[begin, stop): stops after the first empty line.
// Offsets in the result are offsets into `text`.
HeaderBlock parse_header_block(std::string_view text, std::size_t begin, std::size_t stop,
                               const Limits& limits = {});

// ASCII case-insensitive comparison of header and parameter names.
bool iequals(std::string_view a, std::string_view b);

// First field with this name (case-insensitive), or nullptr.
const HeaderField* find_field(const std::vector<HeaderField>& fields, std::string_view name);
// Last field with this name, or nullptr (ENVELOPE takes the last one, as Dovecot).
const HeaderField* find_last_field(const std::vector<HeaderField>& fields, std::string_view name);
// Every field with this name, in message order.
std::vector<const HeaderField*> find_fields(const std::vector<HeaderField>& fields,
                                            std::string_view name);

}  // namespace mailsim::mime
