#include "oauthmock/redirect_uri.hpp"

#include <algorithm>
#include <cctype>

namespace mailsim::oauth {
namespace {

// The pieces of "scheme://host[:port]path[?query]" that matching looks at.
struct HttpUri {
  std::string scheme;
  std::string host;  // lower-cased, IPv6 in brackets
  std::string rest;  // path and query
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool valid_scheme(std::string_view scheme) {
  if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return false;
  return std::all_of(scheme.begin(), scheme.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; });
}

std::optional<HttpUri> split_http_uri(std::string_view uri) {
  const auto colon = uri.find("://");
  if (colon == std::string_view::npos || uri.find('#') != std::string_view::npos) return std::nullopt;
  HttpUri out{lower(uri.substr(0, colon)), {}, {}};
  auto authority = uri.substr(colon + 3);
  const auto end = authority.find_first_of("/?");
  if (end != std::string_view::npos) {
    out.rest = std::string(authority.substr(end));
    authority = authority.substr(0, end);
  }
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = lower(authority.substr(0, close + 1));
    port = authority.substr(close + 1);
  } else {
    const auto port_colon = authority.find(':');
    out.host = lower(authority.substr(0, port_colon));
    port = port_colon == std::string_view::npos ? std::string_view() : authority.substr(port_colon);
  }
  if (!port.empty()) {
    if (port.size() < 2 || port.size() > 6 || port[0] != ':') return std::nullopt;
    if (!std::all_of(port.begin() + 1, port.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return std::nullopt;
    }
  }
  if (out.host.empty()) return std::nullopt;
  return out;
}

bool is_loopback(const HttpUri& uri) {
  return uri.scheme == "http" && (uri.host == "127.0.0.1" || uri.host == "[::1]" || uri.host == "localhost");
}

}  // namespace

bool is_registrable_redirect_uri(std::string_view uri) {
  const auto colon = uri.find(':');
  if (colon == std::string_view::npos || !valid_scheme(uri.substr(0, colon))) return false;
  if (colon + 1 == uri.size() || uri.find('#') != std::string_view::npos) return false;
  return std::none_of(uri.begin(), uri.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7F; });
}

bool redirect_uri_matches(std::string_view registered, std::string_view requested) {
  if (registered == requested) return true;
  const auto reg = split_http_uri(registered);
  const auto req = split_http_uri(requested);
  if (!reg || !req || !is_loopback(*reg)) return false;
  return req->scheme == reg->scheme && req->host == reg->host && req->rest == reg->rest;
}

std::string with_query_params(std::string_view uri, const Params& params) {
  std::string out(uri);
  const auto query = serialize_form(params);
  if (query.empty()) return out;
  if (out.find('?') == std::string::npos) {
    out += '?';
  } else if (out.back() != '?' && out.back() != '&') {
    out += '&';
  }
  return out + query;
}

}  // namespace mailsim::oauth
