#include "common/sasl/gs2_header.hpp"

#include "common/sasl/utf8.hpp"

namespace mailsim::sasl {

std::string encode_saslname(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    if (c == ',') {
      out += "=2C";
    } else if (c == '=') {
      out += "=3D";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> decode_saslname(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0' || c == ',') return std::nullopt;
    if (c != '=') {
      out += c;
      continue;
    }
    const auto escape = text.substr(i + 1, 2);
    if (escape == "2C") {
      out += ',';
    } else if (escape == "3D") {
      out += '=';
    } else {
      return std::nullopt;
    }
    i += 2;
  }
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::optional<Gs2Header> parse_gs2_header(std::string_view message) {
  std::size_t pos = 0;
  if (message.substr(0, 2) == "F,") pos = 2;  // non-standard GSS mechanism flag
  const auto flag = message.substr(pos, 2);
  if (flag != "n," && flag != "y,") return std::nullopt;
  pos += 2;
  Gs2Header header;
  const auto end = message.find(',', pos);
  if (end == std::string_view::npos) return std::nullopt;
  const auto authzid = message.substr(pos, end - pos);
  if (!authzid.empty()) {
    if (authzid.substr(0, 2) != "a=" || authzid.size() == 2) return std::nullopt;
    header.authzid = decode_saslname(authzid.substr(2));
    if (!header.authzid) return std::nullopt;
  }
  header.length = end + 1;
  return header;
}

}  // namespace mailsim::sasl
