#include "client/oauth/http_url.hpp"

#include <algorithm>
#include <cctype>

namespace mailsim::client::oauth {
namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  HttpUrl out;
  if (iequals_prefix(url, "https://")) {
    out.https = true;
    url.remove_prefix(8);
  } else if (iequals_prefix(url, "http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  const auto end = url.find_first_of("/?");
  auto authority = url.substr(0, end);
  std::string target(end == std::string_view::npos ? std::string_view() : url.substr(end));
  if (target.empty() || target.front() == '?') target.insert(target.begin(), '/');
  out.target = std::move(target);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    port = authority.substr(close + 1);
    if (!port.empty() && port.front() != ':') return std::nullopt;
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon);
  }
  if (out.host.empty()) return std::nullopt;
  if (port.empty() || port == ":") {
    out.port = out.https ? 443 : 80;
    return out;
  }
  port.remove_prefix(1);
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  const int number = std::stoi(std::string(port));
  if (number < 1 || number > 65535) return std::nullopt;
  out.port = static_cast<std::uint16_t>(number);
  return out;
}

std::string append_query(std::string_view url, std::string_view encoded_params) {
  std::string out(url);
  std::string fragment;
  if (const auto hash = out.find('#'); hash != std::string::npos) {
    fragment = out.substr(hash);
    out.resize(hash);
  }
  if (!encoded_params.empty()) {
    const auto question = out.find('?');
    if (question == std::string::npos) {
      out += '?';
    } else if (question + 1 < out.size() && out.back() != '&') {
      out += '&';
    }
    out += encoded_params;
  }
  return out + fragment;
}

}  // namespace mailsim::client::oauth
