#pragma once
// Parses a raw RFC 5322 / MIME message into a tree of entities, never
// throwing on bad input. Follows Dovecot's message-parser: boundaries match
// by prefix (longest active one wins, outer ones close inner parts), a
// missing closing boundary ends the part at the end of its parent, the line
// break before a boundary line (even a header's blank line) is the
// boundary's, a multipart without boundary or children stays childless,
// defaults are text/plain (message/rfc822 inside multipart/digest). Checked
// against Dovecot 2.3.19: BODYSTRUCTURE data, ENVELOPE and BODY[section]
// bytes agree for the tricky cases in tests/unit/mime_parser.
//
// Store messages with CRLF line ends (to_crlf) so that offsets, sizes and
// BODY[...] bytes all match what an IMAP server sends.
#include <cstddef>
#include <string>
#include <string_view>

#include "common/mime/entity.hpp"
#include "common/mime/limits.hpp"

namespace mailsim::mime {

struct ParsedMessage {
  Entity root;
  std::size_t size = 0;          // bytes of the raw message
  std::size_t virtual_size = 0;  // bare LFs counted as CRLF: RFC822.SIZE as Dovecot reports it
  std::size_t part_count = 0;    // entities in the tree, root included
  bool truncated = false;        // some limit was hit somewhere
};

ParsedMessage parse_message(std::string_view raw, const Limits& limits = {});

// Every bare LF becomes CRLF; lone CRs stay (Dovecot's virtual form).
std::string to_crlf(std::string_view raw);

}  // namespace mailsim::mime
