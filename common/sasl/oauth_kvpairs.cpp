#include "common/sasl/oauth_kvpairs.hpp"

#include <cctype>

#include "common/sasl/utf8.hpp"

namespace mailsim::sasl {
namespace {

constexpr char kKvsep = '\x01';

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool valid_value(std::string_view value) {
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    const bool allowed_control = c == '\t' || c == '\r' || c == '\n';
    if ((byte < 0x20 && !allowed_control) || byte == 0x7F) return false;
  }
  return is_valid_utf8(value);
}

bool is_b64token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' ||
         c == '/';
}

}  // namespace

std::optional<std::vector<KvPair>> parse_kvpairs(std::string_view text) {
  if (text.empty() || text.back() != kKvsep) return std::nullopt;
  text.remove_suffix(1);
  std::vector<KvPair> pairs;
  while (!text.empty()) {
    const auto end = text.find(kKvsep);
    if (end == std::string_view::npos) return std::nullopt;  // a pair must end in kvsep
    const auto pair = text.substr(0, end);
    text.remove_prefix(end + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos || equals == 0) return std::nullopt;
    const auto key = pair.substr(0, equals);
    const auto value = pair.substr(equals + 1);
    for (const char c : key) {
      if (!is_alpha(c)) return std::nullopt;
    }
    if (!valid_value(value) || find_value(pairs, key)) return std::nullopt;
    pairs.push_back({key, value});
  }
  return pairs;
}

std::optional<std::string_view> find_value(const std::vector<KvPair>& pairs, std::string_view key) {
  for (const auto& pair : pairs) {
    if (pair.key == key) return pair.value;
  }
  return std::nullopt;
}

std::optional<std::string_view> bearer_token(std::string_view auth) {
  if (auth.empty()) return std::string_view{};
  constexpr std::string_view kScheme = "bearer";
  if (auth.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(auth[i])) != kScheme[i]) return std::nullopt;
  }
  auth.remove_prefix(kScheme.size());
  if (auth.front() != ' ') return std::nullopt;
  while (!auth.empty() && auth.front() == ' ') auth.remove_prefix(1);
  // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  std::size_t i = 0;
  while (i < auth.size() && is_b64token_char(auth[i])) ++i;
  if (i == 0) return std::nullopt;
  while (i < auth.size() && auth[i] == '=') ++i;
  if (i != auth.size()) return std::nullopt;
  return auth;
}

}  // namespace mailsim::sasl
