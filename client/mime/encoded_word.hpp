#pragma once
// RFC 2047 encoded words: header text beyond plain ASCII, written as
// =?UTF-8?B?...?= or =?UTF-8?Q?...?=.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::mime {

// RFC 2047 section 2: an encoded word is at most 75 characters.
inline constexpr std::size_t kMaxEncodedWord = 75;

// True when text cannot stand in a header as it is: bytes above 127,
// control characters other than tab, or "=?" that a reader would take for
// the start of an encoded word.
bool needs_encoded_words(std::string_view text);

// Encodes UTF-8 text as encoded words of at most max (<= kMaxEncodedWord)
// characters, the first at most first_max (room left beside the header
// name), never splitting a character. Q or B, whichever is shorter; the Q alphabet is the
// one RFC 2047 5(3) allows in a phrase, so the words fit any header. Joined
// with single spaces they decode to text exactly.
std::vector<std::string> encode_words(std::string_view text, std::size_t first_max = kMaxEncodedWord,
                                      std::size_t max = kMaxEncodedWord);

// Decodes every encoded word in a header value (charsets UTF-8, US-ASCII and
// ISO-8859-1) to UTF-8, dropping whitespace between adjacent words as RFC
// 2047 section 6.2 says. Anything that does not decode is kept as it is.
std::string decode_words(std::string_view value);

}  // namespace mailsim::client::mime
