#pragma once
// The little UTF-8 knowledge MIME needs: whether text is well formed, and
// where a character ends so encoded words never split one.
#include <cstddef>
#include <string_view>

namespace mailsim::client::mime {

// RFC 3629: no overlong forms, surrogates or code points above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// Bytes of the character starting at text[pos] (1 for a stray byte).
std::size_t utf8_char_length(std::string_view text, std::size_t pos);

bool is_ascii(std::string_view text);

}  // namespace mailsim::client::mime
