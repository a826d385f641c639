#pragma once
// The parts of an http(s) URL the OAuth client needs: where to connect and
// what to ask for.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::client::oauth {

struct HttpUrl {
  bool https = false;
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" at least; the fragment dropped
};

// nullopt unless "http://" or "https://" (any case), a host, an optional
// port 1-65535, no user information.
std::optional<HttpUrl> parse_http_url(std::string_view url);

// The URL with the parameters appended to its query ('?' or '&').
std::string append_query(std::string_view url, std::string_view encoded_params);

}  // namespace mailsim::client::oauth
