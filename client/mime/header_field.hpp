#pragma once
// Writing one header field (RFC 5322 section 2.2): "Name: value" CRLF,
// folded at the value's own spaces so lines stay within the limit.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim::client::mime {

// RFC 5322 2.1.1 asks for 78; RFC 2047 section 2 for 76 on lines that hold
// encoded words.
inline constexpr std::size_t kHeaderLineLimit = 78;
inline constexpr std::size_t kEncodedWordLineLimit = 76;

// Folds only where the value has a space (folding adds no whitespace, so
// unfolding gives the value back), and never leaves a line of only
// whitespace. A run without spaces longer than the limit stays whole.
std::string fold_header(std::string_view name, std::string_view value, std::size_t limit = kHeaderLineLimit);

// Replaces each run of CR and LF with one space: user text cannot end a
// header early and smuggle in another (header injection).
std::string single_line(std::string_view text);

}  // namespace mailsim::client::mime
