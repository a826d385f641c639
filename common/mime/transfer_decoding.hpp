#pragma once
// Content-Transfer-Encoding decoding (RFC 2045 section 6), tolerant the way
// real readers are.
#include <string>
#include <string_view>

#include "common/mime/entity.hpp"

namespace mailsim::mime {

// Skips line breaks, blanks and any other non-alphabet byte; '=' padding
// ends a quantum and decoding goes on (mailers concatenate encoded blocks);
// a partial quantum keeps its whole bytes.
std::string decode_base64_lenient(std::string_view text);
// "=XX" decoded (either case), soft line breaks removed, trailing blanks on
// lines dropped, a malformed "=" kept as is.
std::string decode_quoted_printable(std::string_view text);
// The body of `entity` (a slice of `raw`) with its transfer encoding undone;
// 7bit/8bit/binary/unknown come back unchanged.
std::string decode_body(const Entity& entity, std::string_view raw);

}  // namespace mailsim::mime
