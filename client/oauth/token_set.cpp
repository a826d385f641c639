#include "client/oauth/token_set.hpp"

#include <cstdint>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace mailsim::client::oauth {
namespace {

using nlohmann::json;
constexpr int kFormat = 1;

// Whole seconds since the epoch: the store needs no finer time, and an
// integer survives any JSON reader.
std::int64_t to_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Clock::time_point from_seconds(std::int64_t s) {
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(s)));
}

json to_json(const TokenSet& t) {
  json j = {{"access_token", t.access_token},
            {"refresh_token", t.refresh_token},
            {"scope", t.scope},
            {"token_type", t.token_type},
            {"obtained_at", to_seconds(t.obtained_at)}};
  j["expires_at"] = t.expires_at ? json(to_seconds(*t.expires_at)) : json(nullptr);
  return j;
}

[[noreturn]] void bad(std::string_view what) {
  throw std::runtime_error("token store content is malformed: " + std::string(what));
}

std::string text_field(const json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_string()) bad(std::string(name) + " missing or not a string");
  return it->get<std::string>();
}

// Bounded so the conversion to a time_point cannot overflow.
std::int64_t seconds_field(const json& j, const char* name) {
  constexpr std::int64_t kLimit = std::int64_t{1} << 40;
  const auto it = j.find(name);
  if (it == j.end() || !it->is_number_integer()) bad(std::string(name) + " missing or not an integer");
  const auto value = it->get<std::int64_t>();
  if (value < -kLimit || value > kLimit) bad(std::string(name) + " out of range");
  return value;
}

TokenSet from_json(const json& j) {
  if (!j.is_object()) bad("a token set is not an object");
  TokenSet t;
  t.access_token = text_field(j, "access_token");
  t.refresh_token = text_field(j, "refresh_token");
  t.scope = text_field(j, "scope");
  t.token_type = text_field(j, "token_type");
  t.obtained_at = from_seconds(seconds_field(j, "obtained_at"));
  const auto expires = j.find("expires_at");
  if (expires == j.end()) bad("expires_at missing");
  if (!expires->is_null()) t.expires_at = from_seconds(seconds_field(j, "expires_at"));
  return t;
}

}  // namespace

std::string serialize_tokens(const StoredTokens& tokens) {
  json j = {{"format", kFormat}};
  if (tokens.outbound) j["outbound"] = to_json(*tokens.outbound);
  if (tokens.inbound) j["inbound"] = to_json(*tokens.inbound);
  return j.dump();
}

StoredTokens parse_tokens(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) bad("not a JSON object");
  const auto format = j.find("format");
  if (format == j.end() || !format->is_number_integer() || format->get<std::int64_t>() != kFormat) {
    bad("unknown format");
  }
  StoredTokens tokens;
  if (const auto it = j.find("outbound"); it != j.end()) tokens.outbound = from_json(*it);
  if (const auto it = j.find("inbound"); it != j.end()) tokens.inbound = from_json(*it);
  return tokens;
}

}  // namespace mailsim::client::oauth
