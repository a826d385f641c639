#pragma once
// RFC 2047 encoded-words in header text, decoded to UTF-8.
#include <string>
#include <string_view>

namespace mailsim::mime {

// Decodes B and Q encoded-words (RFC 2231 "*lang" suffix allowed); blanks
// between adjacent encoded-words are dropped; folding is unfolded. Text
// outside encoded-words is kept (8-bit bytes pass through, invalid UTF-8
// is not repaired). Undecodable words stay as written.
std::string decode_header_text(std::string_view value);

}  // namespace mailsim::mime
