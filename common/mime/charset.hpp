#pragma once
// Charset conversion to UTF-8 through glibc iconv.
#include <string>
#include <string_view>

namespace mailsim::mime {

struct Utf8Text {
  std::string text;
  bool converted = true;  // false: unknown charset or invalid bytes; text keeps what could be done
};

// us-ascii/utf-8 pass through; other charsets via iconv (aliases such as
// latin1, cp1252, x-unknown handled). Invalid sequences become U+FFFD.
Utf8Text to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace mailsim::mime
