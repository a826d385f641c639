#include "common/sasl/mechanism.hpp"

#include <array>
#include <cctype>

namespace mailsim::sasl {
namespace {

constexpr std::array<std::pair<Mechanism, std::string_view>, 5> kNames = {{
    {Mechanism::plain, "PLAIN"},
    {Mechanism::login, "LOGIN"},
    {Mechanism::cram_md5, "CRAM-MD5"},
    {Mechanism::xoauth2, "XOAUTH2"},
    {Mechanism::oauthbearer, "OAUTHBEARER"},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(Mechanism m) {
  for (const auto& [mechanism, name] : kNames) {
    if (mechanism == m) return name;
  }
  return "UNKNOWN";
}

std::optional<Mechanism> parse_mechanism(std::string_view name) {
  for (const auto& [mechanism, known] : kNames) {
    if (iequals(name, known)) return mechanism;
  }
  return std::nullopt;
}

bool is_oauth(Mechanism m) { return m == Mechanism::xoauth2 || m == Mechanism::oauthbearer; }

}  // namespace mailsim::sasl
