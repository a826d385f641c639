#pragma once
// Content transfer encodings for the bodies the builder writes: text as
// 7bit or quoted-printable, binary as base64 (RFC 2045 sections 6.2-6.8).
#include <string>
#include <string_view>

namespace mailsim::client::mime {

struct EncodedBody {
  std::string_view transfer_encoding;  // "7bit" or "quoted-printable"
  std::string content;                 // CRLF line ends; ends with CRLF unless empty
};

// CR, LF and CRLF all become CRLF.
std::string normalize_line_breaks(std::string_view text);

// Text with its line breaks normalized and a final line break added when
// missing. 7bit when every byte is printable ASCII or tab and no line passes
// 78 characters; quoted-printable otherwise.
EncodedBody encode_text_body(std::string_view text);

// Base64 in lines of 76 characters, each ending in CRLF (RFC 2045 6.8).
std::string base64_lines(std::string_view bytes);

}  // namespace mailsim::client::mime
