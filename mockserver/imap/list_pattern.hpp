#pragma once
// LIST / LSUB mailbox patterns (RFC 3501 6.3.8): "*" matches anything,
// "%" anything but the hierarchy delimiter. INBOX matches case-insensitively.
#include <string>
#include <string_view>

namespace mailsim::mock::imap {

// Patterns longer than this are refused (matching is O(pattern x name)).
inline constexpr std::size_t kMaxListPattern = 1024;

// reference + pattern as LIST combines them, INBOX prefix upper-cased.
std::string list_pattern(std::string_view reference, std::string_view pattern);
bool list_matches(std::string_view pattern, std::string_view name, char delimiter = '/');

}  // namespace mailsim::mock::imap
