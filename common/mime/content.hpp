#pragma once
// What a mail reader wants from a parsed message: attachments with file
// names, the best text/plain and text/html bodies as UTF-8, searchable text.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/mime/message_parser.hpp"

namespace mailsim::mime {

struct Attachment {
  const Entity* entity = nullptr;  // points into the ParsedMessage
  std::string part;                // IMAP part number, e.g. "2.1"
  std::string filename;            // UTF-8; empty when none is given
  std::string content_type;        // "type/subtype", lowercase
  std::string disposition;         // lowercase; empty when absent
  std::size_t decoded_size = 0;    // bytes after transfer decoding
};

// Leaves that are attachments: disposition "attachment", or any file name,
// or a non-text, non-multipart body outside multipart/alternative. A
// message/rfc822 part is one attachment (its insides are not listed).
std::vector<Attachment> attachments(const ParsedMessage& message, std::string_view raw);

struct TextBody {
  const Entity* entity = nullptr;
  std::string part;              // IMAP part number
  std::string text;              // UTF-8
  std::string charset;           // as declared ("us-ascii" when none)
  bool converted = true;         // false: charset unknown, bytes kept
};

// The first inline text/<subtype> body, preferring within each
// multipart/alternative the matching alternative; not inside attached
// messages. subtype is "plain" or "html" (any case).
std::optional<TextBody> best_text(const ParsedMessage& message, std::string_view raw,
                                  std::string_view subtype);

// UTF-8 text of every text/* leaf, joined by LF: what IMAP SEARCH BODY looks in.
std::string searchable_body(const ParsedMessage& message, std::string_view raw);

// IMAP part number of an entity of `message` (RFC 3501 section 6.4.5): "1"
// for a non-multipart top level, "" for a multipart top level, and an
// encapsulated message shares its message/rfc822 part's number unless it is
// a single part (then that number + ".1").
std::string part_number(const ParsedMessage& message, const Entity& entity);

}  // namespace mailsim::mime
