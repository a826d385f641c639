#include "oauthmock/basic_credentials.hpp"

#include <cctype>

#include "common/base64.hpp"
#include "oauthmock/form_encoding.hpp"

namespace mailsim::oauth {

bool is_basic_scheme(std::string_view header) {
  constexpr std::string_view kScheme = "basic";
  if (header.size() <= kScheme.size() || header[kScheme.size()] != ' ') return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return false;
  }
  return true;
}

std::optional<BasicCredentials> parse_basic_authorization(std::string_view header) {
  if (!is_basic_scheme(header)) return std::nullopt;
  auto encoded = header.substr(5);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  const auto decoded = base64_decode(encoded);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  auto id = form_decode(std::string_view(*decoded).substr(0, colon));
  auto secret = form_decode(std::string_view(*decoded).substr(colon + 1));
  if (!id || !secret || id->empty()) return std::nullopt;
  return BasicCredentials{std::move(*id), std::move(*secret)};
}

std::string basic_authorization(std::string_view client_id, std::string_view client_secret) {
  return "Basic " + base64_encode(form_encode(client_id) + ":" + form_encode(client_secret));
}

}  // namespace mailsim::oauth
