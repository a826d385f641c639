#include "oauthmock/scope.hpp"

#include <algorithm>

namespace mailsim::oauth {
namespace {

// Longer than any real scope list; bounds the work per request.
constexpr std::size_t kMaxScopeTokens = 64;

bool scope_char(unsigned char c) { return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E); }

}  // namespace

std::optional<Scopes> parse_scope(std::string_view text) {
  Scopes scopes;
  if (text.empty()) return scopes;
  while (true) {
    const auto space = text.find(' ');
    const auto token = text.substr(0, space);
    if (token.empty() || !std::all_of(token.begin(), token.end(), [](char c) { return scope_char(c); })) {
      return std::nullopt;
    }
    if (!includes(scopes, token)) {
      if (scopes.size() == kMaxScopeTokens) return std::nullopt;
      scopes.emplace_back(token);
    }
    if (space == std::string_view::npos) return scopes;
    text.remove_prefix(space + 1);
  }
}

std::string join_scope(const Scopes& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

bool includes(const Scopes& scopes, std::string_view token) {
  return std::find(scopes.begin(), scopes.end(), token) != scopes.end();
}

bool includes_all(const Scopes& granted, const Scopes& wanted) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& s) { return includes(granted, s); });
}

}  // namespace mailsim::oauth
