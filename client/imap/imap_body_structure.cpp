#include "client/imap/imap_body_structure.hpp"

#include <charconv>

#include "client/imap/imap_ascii.hpp"

namespace mailsim::client::imap {
namespace {

std::optional<std::string> lookup(const BodyParams& params, std::string_view name) {
  for (const auto& [key, value] : params)
    if (iequals(key, name)) return value;
  return std::nullopt;
}

std::string join(const std::string& prefix, std::size_t number) {
  return prefix.empty() ? std::to_string(number) : prefix + "." + std::to_string(number);
}

void collect_multipart(const BodyStructure& multipart, const std::string& prefix, std::vector<BodyPart>& out) {
  for (std::size_t i = 0; i < multipart.children.size(); ++i) {
    const BodyStructure& child = multipart.children[i];
    const std::string section = join(prefix, i + 1);
    if (child.is_multipart())
      collect_multipart(child, section, out);
    else
      out.push_back({section, &child});
  }
}

// Section numbers address the parts of a message's body: a single-part body
// is part 1 of its message, a multipart body's children are 1..n.
const BodyStructure* descend(const BodyStructure& node, const std::vector<std::size_t>& numbers, std::size_t i);

const BodyStructure* inside_message(const BodyStructure& body, const std::vector<std::size_t>& numbers,
                                    std::size_t i) {
  if (body.is_multipart()) return descend(body, numbers, i);
  if (numbers[i] != 1) return nullptr;
  return descend(body, numbers, i + 1);
}

const BodyStructure* descend(const BodyStructure& node, const std::vector<std::size_t>& numbers, std::size_t i) {
  if (i == numbers.size()) return &node;
  if (node.is_multipart()) {
    const std::size_t n = numbers[i];
    if (n < 1 || n > node.children.size()) return nullptr;
    return descend(node.children[n - 1], numbers, i + 1);
  }
  if (node.is_message()) return inside_message(node.children.front(), numbers, i);
  return nullptr;
}

std::optional<std::vector<std::size_t>> parse_section_numbers(std::string_view section) {
  std::vector<std::size_t> numbers;
  while (!section.empty()) {
    const std::size_t dot = section.find('.');
    const std::string_view piece = section.substr(0, dot);
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), n);
    if (ec != std::errc{} || end != piece.data() + piece.size() || n == 0) return std::nullopt;
    numbers.push_back(n);
    if (dot == std::string_view::npos) break;
    section.remove_prefix(dot + 1);
    if (section.empty()) return std::nullopt;
  }
  return numbers;
}

}  // namespace

bool BodyStructure::is_multipart() const { return iequals(type, "multipart"); }

bool BodyStructure::is_message() const {
  return iequals(type, "message") && (iequals(subtype, "rfc822") || iequals(subtype, "global")) &&
         children.size() == 1;
}

bool BodyStructure::is(std::string_view t, std::string_view s) const { return iequals(type, t) && iequals(subtype, s); }

std::optional<std::string> BodyStructure::param(std::string_view name) const { return lookup(params, name); }

std::optional<std::string> BodyStructure::disposition_param(std::string_view name) const {
  if (!disposition) return std::nullopt;
  return lookup(disposition->params, name);
}

std::vector<BodyPart> leaf_parts(const BodyStructure& body) {
  std::vector<BodyPart> out;
  if (body.is_multipart())
    collect_multipart(body, "", out);
  else
    out.push_back({"1", &body});
  return out;
}

const BodyStructure* find_part(const BodyStructure& body, std::string_view section) {
  if (section.empty()) return &body;
  const auto numbers = parse_section_numbers(section);
  if (!numbers) return nullptr;
  return inside_message(body, *numbers, 0);
}

}  // namespace mailsim::client::imap
