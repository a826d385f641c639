#pragma once
// Writing IMAP response values (RFC 3501 formal syntax) the way Dovecot 2.3
// does, so byte-level comparisons with Dovecot hold: a quoted string when
// no escaping is needed, else a literal; NIL for absent values.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::mock::imap {

// Quoted string, or a literal when the text has CR, LF, NUL, 8-bit bytes,
// '"' or '\\' (checked against Dovecot 2.3.19).
void append_string(std::string& out, std::string_view text);
void append_nstring(std::string& out, const std::optional<std::string>& text);
// As append_nstring, with CR and LF removed first (header values in
// ENVELOPE and BODYSTRUCTURE).
void append_nstring_nolf(std::string& out, const std::optional<std::string>& text);
// An atom when every byte is an ASTRING-CHAR (and it is not "NIL"), else a string.
void append_astring(std::string& out, std::string_view text);
// "{n}\r\n" followed by the bytes.
void append_literal(std::string& out, std::string_view bytes);

// Text safe inside a response line: at most max bytes, control bytes
// (CR LF from a literal, say) replaced by '?'.
std::string printable_text(std::string_view text, std::size_t max = 200);

std::string upper_ascii(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);
// Case-insensitive (ASCII) substring search; an empty needle always matches.
bool icontains(std::string_view haystack, std::string_view needle);

}  // namespace mailsim::mock::imap
