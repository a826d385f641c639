#pragma once
// application/x-www-form-urlencoded (WHATWG URL, RFC 6749 Appendix B): the
// token request body, the authorization URL's query and the redirect's.
#include <optional>
#include <string>
#include <string_view>

#include "client/connection/connection_config.hpp"

namespace mailsim::client::oauth {

// Unreserved characters (ALPHA DIGIT - . _ ~) stay; every other byte is
// %XX, space included, so the result is safe in a query and in a body.
std::string form_encode(std::string_view text);
// '+' is a space; nullopt on a '%' not followed by two hex digits.
std::optional<std::string> form_decode(std::string_view text);

// "a=1&b=2" in the order given.
std::string serialize_form(const ParameterList& params);
// The reverse; empty segments are skipped. nullopt on a bad escape, a
// segment without a name, or more than max_params parameters.
std::optional<ParameterList> parse_form(std::string_view text, std::size_t max_params = 64);

// Appends the connection file's extra parameters, except those already in
// `params`: the ones we set win, so an extra cannot send a name twice.
void append_extra_params(ParameterList& params, const ParameterList& extra);

// The value of the first parameter with this name.
std::optional<std::string_view> find_param(const ParameterList& params, std::string_view name);

}  // namespace mailsim::client::oauth
