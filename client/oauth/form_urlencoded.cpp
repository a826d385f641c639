#include "client/oauth/form_urlencoded.hpp"

#include <algorithm>
#include <cctype>

namespace mailsim::client::oauth {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string form_encode(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  return out;
}

std::optional<std::string> form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (text.size() - i < 3) return std::nullopt;
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi << 4 | lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string serialize_form(const ParameterList& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += form_encode(name);
    out += '=';
    out += form_encode(value);
  }
  return out;
}

std::optional<ParameterList> parse_form(std::string_view text, std::size_t max_params) {
  ParameterList params;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto segment = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (segment.empty()) continue;
    if (params.size() == max_params) return std::nullopt;
    const auto eq = segment.find('=');
    auto name = form_decode(segment.substr(0, eq));
    auto value = form_decode(eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1));
    if (!name || !value || name->empty()) return std::nullopt;
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

std::optional<std::string_view> find_param(const ParameterList& params, std::string_view name) {
  for (const auto& [n, v] : params) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

void append_extra_params(ParameterList& params, const ParameterList& extra) {
  const std::size_t own = params.size();
  for (const auto& param : extra) {
    const auto end = params.begin() + static_cast<std::ptrdiff_t>(own);
    if (std::none_of(params.begin(), end, [&](const auto& p) { return p.first == param.first; }))
      params.push_back(param);
  }
}

}  // namespace mailsim::client::oauth
