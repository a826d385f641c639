#pragma once
// ASCII case folding for protocol keywords (IMAP atoms are case-insensitive;
// locale-dependent std::toupper is not what the protocol means).
#include <string>
#include <string_view>

namespace mailsim::client::imap {

constexpr char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_upper(c);
  return out;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  return true;
}

inline bool icontains(std::string_view haystack, std::string_view needle) {
  return ascii_upper(haystack).find(ascii_upper(needle)) != std::string::npos;
}

}  // namespace mailsim::client::imap
