#include "client/connector/message_parts.hpp"

#include "common/mime/content.hpp"
#include "common/mime/message_parser.hpp"
#include "common/mime/transfer_decoding.hpp"

namespace mailsim::client {
namespace {

constexpr std::size_t kMaxFileName = 200;

// Keeps whole UTF-8 sequences when cutting to a byte bound.
std::string cut_utf8(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

std::vector<MessageAttachment> extract_attachments(std::string_view raw) {
  const mime::ParsedMessage parsed = mime::parse_message(raw);
  std::vector<MessageAttachment> out;
  for (const auto& a : mime::attachments(parsed, raw)) {
    out.push_back({a.part, a.filename, a.content_type, mime::decode_body(*a.entity, raw)});
  }
  return out;
}

std::string safe_file_name(std::string_view proposed, std::string_view part) {
  // Only the last component: a name like "../../.bashrc" must not climb out.
  const auto slash = proposed.find_last_of("/\\");
  if (slash != std::string_view::npos) proposed.remove_prefix(slash + 1);
  std::string name;
  for (const char c : proposed) {
    const auto byte = static_cast<unsigned char>(c);
    name += (byte < 0x20 || byte == 0x7F || c == ':') ? '_' : c;
  }
  while (!name.empty() && (name.front() == '.' || name.front() == ' ')) name.erase(name.begin());
  name = cut_utf8(std::move(name), kMaxFileName);
  if (name.empty()) name = "part-" + std::string(part.empty() ? "1" : part);
  return name;
}

}  // namespace mailsim::client
