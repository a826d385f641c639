#include "client/smtp/capabilities.hpp"

#include <algorithm>
#include <cctype>

namespace mailsim::client::smtp {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

// A decimal without sign that fits in 64 bits, or nothing.
std::optional<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

void add_mechanism(EhloCapabilities& caps, std::string_view name) {
  if (name.empty()) return;
  std::string mech = upper(name);
  if (std::find(caps.auth_mechanisms.begin(), caps.auth_mechanisms.end(), mech) == caps.auth_mechanisms.end())
    caps.auth_mechanisms.push_back(std::move(mech));
}

void apply_keyword(EhloCapabilities& caps, const std::vector<std::string_view>& words) {
  const std::string keyword = upper(words.front());
  if (keyword == "PIPELINING") caps.pipelining = true;
  else if (keyword == "8BITMIME") caps.eight_bit_mime = true;
  else if (keyword == "SMTPUTF8") caps.smtputf8 = true;
  else if (keyword == "STARTTLS") caps.starttls = true;
  else if (keyword == "ENHANCEDSTATUSCODES") caps.enhanced_status_codes = true;
  else if (keyword == "CHUNKING") caps.chunking = true;
  else if (keyword == "DSN") caps.dsn = true;
  else if (keyword == "SIZE") {
    caps.size = true;
    // A missing or unreadable limit is treated as "no fixed limit".
    const auto limit = words.size() > 1 ? parse_size(words[1]) : std::nullopt;
    caps.max_size = limit.value_or(0);
  } else if (keyword == "AUTH" || keyword.starts_with("AUTH=")) {
    if (keyword.size() > 5) add_mechanism(caps, std::string_view(words.front()).substr(5));
    for (std::size_t i = 1; i < words.size(); ++i) add_mechanism(caps, words[i]);
  }
}

}  // namespace

bool EhloCapabilities::offers_auth(std::string_view mechanism_name) const {
  const std::string wanted = upper(mechanism_name);
  return std::find(auth_mechanisms.begin(), auth_mechanisms.end(), wanted) != auth_mechanisms.end();
}

EhloCapabilities parse_ehlo(const SmtpReply& reply) {
  EhloCapabilities caps;
  if (reply.lines.empty()) return caps;
  caps.server_name = reply.lines.front();
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    const std::string& line = reply.lines[i];
    const auto words = split_words(line);
    if (words.empty()) continue;
    caps.extensions.push_back(line);
    apply_keyword(caps, words);
  }
  return caps;
}

}  // namespace mailsim::client::smtp
