#pragma once
// application/x-www-form-urlencoded, the encoding of OAuth request bodies,
// query strings and redirect parameters (RFC 6749 Appendix B).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::oauth {

// In the order received; a name may repeat (the endpoints reject that).
using Params = std::vector<std::pair<std::string, std::string>>;

// More parameters than any OAuth request needs; a body beyond it is refused.
inline constexpr std::size_t kMaxParams = 256;

std::string form_encode(std::string_view text);
// '+' is a space; nullopt on a '%' not followed by two hex digits.
std::optional<std::string> form_decode(std::string_view text);

// "a=1&b=2". Empty segments are skipped; nullopt on bad escapes, an empty
// name, or more than kMaxParams parameters.
std::optional<Params> parse_form(std::string_view text);
std::string serialize_form(const Params& params);

// RFC 6749 3.1: a parameter sent without a value counts as omitted, so an
// empty value reads as absent.
std::optional<std::string_view> param(const Params& params, std::string_view name);
// The first name that appears more than once with a value, if any.
std::optional<std::string> repeated_param(const Params& params);

}  // namespace mailsim::oauth
