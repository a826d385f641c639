#include "mockserver/imap/message_flags.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace mailsim::mock {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

constexpr std::array<std::pair<SystemFlag, std::string_view>, 5> kSystemFlags = {{
    {SystemFlag::answered, "\\Answered"},
    {SystemFlag::flagged, "\\Flagged"},
    {SystemFlag::deleted, "\\Deleted"},
    {SystemFlag::seen, "\\Seen"},
    {SystemFlag::draft, "\\Draft"},
}};

}  // namespace

std::optional<SystemFlag> parse_system_flag(std::string_view name) {
  for (const auto& [flag, text] : kSystemFlags)
    if (iequal(name, text)) return flag;
  return std::nullopt;
}

MessageFlags::MessageFlags(std::initializer_list<std::string_view> names) {
  for (auto name : names) add(name);
}

bool MessageFlags::has(std::string_view name) const {
  if (auto f = parse_system_flag(name)) return has(*f);
  return std::any_of(keywords_.begin(), keywords_.end(), [&](const std::string& k) { return iequal(k, name); });
}

void MessageFlags::add(std::string_view name) {
  if (name.empty()) return;
  if (auto f = parse_system_flag(name)) {
    add(*f);
    return;
  }
  if (name[0] == '\\') return;
  if (!has(name)) keywords_.emplace_back(name);
}

void MessageFlags::remove(std::string_view name) {
  if (auto f = parse_system_flag(name)) {
    remove(*f);
    return;
  }
  std::erase_if(keywords_, [&](const std::string& k) { return iequal(k, name); });
}

void MessageFlags::add_all(const MessageFlags& other) {
  system_ |= other.system_;
  for (const auto& k : other.keywords_) add(k);
}

void MessageFlags::remove_all(const MessageFlags& other) {
  system_ &= static_cast<std::uint8_t>(~other.system_);
  for (const auto& k : other.keywords_) remove(k);
}

std::string MessageFlags::to_string(bool recent) const {
  std::string out;
  auto append = [&](std::string_view s) {
    if (!out.empty()) out += ' ';
    out += s;
  };
  for (const auto& [flag, text] : kSystemFlags)
    if (has(flag)) append(text);
  if (recent) append("\\Recent");
  for (const auto& k : keywords_) append(k);
  return out;
}

}  // namespace mailsim::mock
