#pragma once
// The attachments of a fetched message, decoded, for `fetch --attachments`.
#include <string>
#include <string_view>
#include <vector>

#include "client/connector/operation_results.hpp"

namespace mailsim::client {

// What the MIME parser (common/mime/content.hpp) calls attachments, with
// their transfer encoding undone. Never throws on a malformed message: it
// yields what can be found.
std::vector<MessageAttachment> extract_attachments(std::string_view raw);

// A file name safe to create inside a chosen folder: the last path
// component of the message's name with control characters, '/', '\\' and a
// leading '.' replaced; "part-<n>" when nothing usable is left. At most
// 200 bytes.
std::string safe_file_name(std::string_view proposed, std::string_view part);

}  // namespace mailsim::client
