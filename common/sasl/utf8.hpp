#pragma once
// UTF-8 well-formedness (RFC 3629): RFC 4616 makes a PLAIN message with
// invalid UTF-8 a failure, and user names end up in transcripts.
#include <string_view>

namespace mailsim::sasl {

// Rejects overlong forms, surrogates and code points above U+10FFFF.
bool is_valid_utf8(std::string_view text);

}  // namespace mailsim::sasl
