#include "mockserver/imap/list_pattern.hpp"

#include <vector>

#include "mockserver/imap/imap_format.hpp"

namespace mailsim::mock::imap {

std::string list_pattern(std::string_view reference, std::string_view pattern) {
  std::string out(reference);
  out += pattern;
  if (out.size() >= 5 && iequals_ascii(std::string_view(out).substr(0, 5), "INBOX") &&
      (out.size() == 5 || out[5] == '/' || out[5] == '*' || out[5] == '%'))
    for (int i = 0; i < 5; ++i) out[i] = static_cast<char>(out[i] >= 'a' && out[i] <= 'z' ? out[i] - 32 : out[i]);
  return out;
}

bool list_matches(std::string_view pattern, std::string_view name, char delimiter) {
  // can[j]: pattern[0..i) matches name[0..j). One row per pattern character.
  std::vector<char> can(name.size() + 1, 0), next(name.size() + 1, 0);
  can[0] = 1;
  for (char p : pattern) {
    std::fill(next.begin(), next.end(), 0);
    if (p == '*' || p == '%') {
      bool reach = false;
      for (std::size_t j = 0; j <= name.size(); ++j) {
        if (can[j]) reach = true;
        next[j] = reach;
        if (p == '%' && j < name.size() && name[j] == delimiter) reach = false;
      }
    } else {
      for (std::size_t j = 0; j < name.size(); ++j)
        if (can[j] && name[j] == p) next[j + 1] = 1;
    }
    can.swap(next);
  }
  return can[name.size()] != 0;
}

}  // namespace mailsim::mock::imap
