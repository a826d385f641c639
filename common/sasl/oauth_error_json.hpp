#pragma once
// The JSON error report an OAuth SASL server sends as a challenge
// (RFC 7628 3.2.2, and Google's XOAUTH2 variant). Written compactly with the
// keys in the order given, as the published examples show them.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::sasl {

// {"k1":"v1","k2":"v2"}; members with an empty value are left out.
std::string json_object(const std::vector<std::pair<std::string_view, std::string_view>>& members);

// True for text shaped like a JSON object ("{ ... }", optional whitespace):
// how a client tells an error report from a challenge it cannot answer.
bool looks_like_json_object(std::string_view text);

}  // namespace mailsim::sasl
