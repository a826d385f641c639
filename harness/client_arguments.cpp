#include "harness/client_arguments.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace mailsim::harness {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<client::mime::Mailbox> parse_mailbox_argument(std::string_view text) {
  text = trim(text);
  client::mime::Mailbox mailbox;
  const auto open = text.rfind('<');
  if (open != std::string_view::npos && text.ends_with('>')) {
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    mailbox.name = std::string(name);
    mailbox.address = std::string(trim(text.substr(open + 1, text.size() - open - 2)));
  } else {
    mailbox.address = std::string(text);
  }
  if (!client::mime::is_valid_address(mailbox.address)) return std::nullopt;
  return mailbox;
}

std::optional<std::pair<std::string, std::string>> parse_header_argument(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view name = trim(text.substr(0, colon));
  if (name.empty()) return std::nullopt;
  return std::pair{std::string(name), std::string(trim(text.substr(colon + 1)))};
}

FileRead read_file_bounded(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {std::nullopt, path + ": no such file"};
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return {std::nullopt, path + ": " + ec.message()};
  if (size > max_bytes)
    return {std::nullopt,
            path + ": " + std::to_string(size) + " bytes is more than the " + std::to_string(max_bytes) + " allowed"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path + ": cannot open: " + std::strerror(errno)};
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::size_t>(in.gcount()) != bytes.size()) return {std::nullopt, path + ": read failed"};
  return {std::move(bytes), {}};
}

}  // namespace mailsim::harness
