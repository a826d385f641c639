#pragma once
// IMAP BODY[section] addressing (RFC 3501 section 6.4.5) over a parsed
// message: part numbers walk multipart children; a message/rfc822 part's
// numbers address its encapsulated message's parts; part 1 of a non-multipart
// message is its body; HEADER and TEXT of a message/rfc822 part refer to the
// encapsulated message.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/mime/message_parser.hpp"

namespace mailsim::mime {

struct SectionSpec {
  enum class Text { none, header, header_fields, header_fields_not, text, mime };
  std::vector<std::uint32_t> part;  // empty: the whole message
  Text text = Text::none;
  std::vector<std::string> fields;  // for header_fields(_not), any case
};

// Parses the text between BODY[ and ], e.g. "1.2.HEADER.FIELDS (From To)".
// Field names may be atoms or simple quoted strings. nullopt when malformed
// (the server answers BAD). Section numbers are 1..2^31.
std::optional<SectionSpec> parse_section(std::string_view text);

// The bytes a section stands for: a slice of the raw message, or built
// bytes for HEADER.FIELDS(.NOT) (the matching field lines in message order,
// then the header's blank line; CRLF when it had none, nothing when the
// header is empty).
struct SectionContent {
  std::size_t begin = 0;  // slice of raw when !built
  std::size_t end = 0;
  std::optional<std::string> built;

  std::string_view bytes(std::string_view raw) const;
};

// nullopt when the section names a part that does not exist (Dovecot then
// sends an empty string), or MIME of the top level.
std::optional<SectionContent> resolve_section(const ParsedMessage& message, std::string_view raw,
                                              const SectionSpec& spec);

// The entity a part path addresses (for BODYSTRUCTURE-like lookups), or nullptr.
const Entity* find_part(const ParsedMessage& message, const std::vector<std::uint32_t>& part);

}  // namespace mailsim::mime
