#include "oauthmock/form_encoding.hpp"

#include <algorithm>

namespace mailsim::oauth {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '*';
}

}  // namespace

std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high << 4 | low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<Params> parse_form(std::string_view text) {
  Params params;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto segment = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (segment.empty()) continue;
    if (params.size() == kMaxParams) return std::nullopt;
    const auto eq = segment.find('=');
    auto name = form_decode(segment.substr(0, eq));
    auto value = form_decode(eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1));
    if (!name || !value || name->empty()) return std::nullopt;
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

std::string serialize_form(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += form_encode(name);
    out += '=';
    out += form_encode(value);
  }
  return out;
}

std::optional<std::string_view> param(const Params& params, std::string_view name) {
  for (const auto& [n, v] : params) {
    if (n == name && !v.empty()) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string> repeated_param(const Params& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].second.empty()) continue;
    const auto& name = params[i].first;
    const auto later = std::find_if(params.begin() + static_cast<std::ptrdiff_t>(i) + 1, params.end(),
                                    [&](const auto& p) { return p.first == name && !p.second.empty(); });
    if (later != params.end()) return name;
  }
  return std::nullopt;
}

}  // namespace mailsim::oauth
