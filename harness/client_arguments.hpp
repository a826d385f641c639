#pragma once
// Parsing of `mailsim client` argument values that CLI11 does not know:
// mailboxes, header lines, files to read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "client/mime/mailbox.hpp"

namespace mailsim::harness {

// "bob@example.com" or "Bob Smith <bob@example.com>" (the name may be
// quoted). nullopt when the address is not valid.
std::optional<client::mime::Mailbox> parse_mailbox_argument(std::string_view text);

// "Name: value" -> {"Name", "value"}; nullopt without a colon or a name.
std::optional<std::pair<std::string, std::string>> parse_header_argument(std::string_view text);

struct FileRead {
  std::optional<std::string> bytes;  // the whole file
  std::string error;                 // set when bytes is not: why it cannot be read
};

// Files larger than max_bytes are refused unread.
FileRead read_file_bounded(const std::string& path, std::size_t max_bytes);

// Attachments and .eml files: far above what mail servers accept.
inline constexpr std::size_t kMaxInputFileBytes = 64 * 1024 * 1024;

}  // namespace mailsim::harness
