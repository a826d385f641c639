#pragma once
// The key/value list shared by XOAUTH2 and OAUTHBEARER (RFC 7628 3.1):
//   *kvpair kvsep   with   kvpair = key "=" value kvsep, kvsep = %x01
#include <optional>
#include <string_view>
#include <vector>

namespace mailsim::sasl {

struct KvPair {
  std::string_view key;
  std::string_view value;
};

// nullopt when the list does not end in kvsep, a pair lacks "=", a key is not
// 1*ALPHA, a key repeats, or a value holds control bytes or invalid UTF-8.
std::optional<std::vector<KvPair>> parse_kvpairs(std::string_view text);

// The value of the first pair named key (case-sensitive), if any.
std::optional<std::string_view> find_value(const std::vector<KvPair>& pairs, std::string_view key);

// The token of an "auth" value "Bearer <b64token>" (scheme case-insensitive,
// RFC 6750 2.1). An empty value yields an empty token: RFC 7628 4.3 uses it
// to ask the server for the scope. nullopt for another scheme or bad syntax.
std::optional<std::string_view> bearer_token(std::string_view auth);

}  // namespace mailsim::sasl
