// Reads a scenario's `oauth:` section (the OAuth mock's clients and what the
// mail mocks demand) and its `expect: oauth:` expectations.
#include <algorithm>

#include "harness/scenario/scenario_reading.hpp"

namespace mailsim::harness::reading {
namespace {

constexpr std::string_view kClientKeys[] = {"secret",   "scopes",       "access_token_ttl", "refresh_token_ttl",
                                            "rotation", "token_format", "jwt_alg",          "user"};
constexpr std::string_view kTokenFormats[] = {"jwt", "opaque"};
constexpr std::string_view kJwtAlgorithms[] = {"RS256", "ES256"};
constexpr std::string_view kGrantTypes[] = {"authorization_code", "refresh_token", "client_credentials"};
constexpr std::string_view kValidations[] = {"in_process", "introspection"};

std::optional<bool> parse_introspection(std::string_view t) {
  if (t == "in_process") return false;
  if (t == "introspection") return true;
  return std::nullopt;
}

std::optional<bool> parse_opaque(std::string_view t) {
  if (t == "jwt") return false;
  if (t == "opaque") return true;
  return std::nullopt;
}

std::optional<oauth::JwsAlgorithm> parse_jwt_alg(std::string_view t) {
  if (t == "RS256") return oauth::JwsAlgorithm::rs256;
  if (t == "ES256") return oauth::JwsAlgorithm::es256;
  return std::nullopt;
}

std::optional<std::chrono::seconds> read_ttl(YamlSection& s, std::string_view key) {
  const auto v = s.duration(key);
  if (!v) return std::nullopt;
  if (*v < std::chrono::seconds(1)) {
    s.context().sink.error(s.key_position(key), s.field(key), "a token lifetime is at least 1s");
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*v);
}

std::optional<OAuthClientSpec> read_client(const std::string& id, YamlSection& s) {
  OAuthClientSpec c;
  c.id = id;
  if (auto v = s.text("secret")) c.secret = *v;
  if (auto v = s.words("scopes")) c.scopes = *v;
  if (auto v = read_ttl(s, "access_token_ttl")) c.access_token_ttl = *v;
  if (const YAML::Node* v = s.node("refresh_token_ttl"); v && v->IsScalar() && v->Scalar() == "never")
    c.refresh_token_ttl = std::chrono::seconds(0);
  else if (auto ttl = read_ttl(s, "refresh_token_ttl"))
    c.refresh_token_ttl = *ttl;
  if (auto v = s.boolean("rotation")) c.rotation = *v;
  if (auto v = s.choice<bool>("token_format", &parse_opaque, kTokenFormats)) c.opaque_tokens = *v;
  if (auto v = s.choice<oauth::JwsAlgorithm>("jwt_alg", &parse_jwt_alg, kJwtAlgorithms)) c.jwt_alg = *v;
  if (auto v = s.text("user")) c.user = *v;
  return c;
}

}  // namespace

std::optional<OAuthSpec> read_oauth(YamlSection& s) {
  auto& ctx = s.context();
  OAuthSpec spec;
  spec.at = ctx.positions.where(s.path());
  if (auto v = s.text("required_scope")) spec.required_scope = *v;
  if (auto v = s.boolean("https")) spec.https = *v;
  if (auto v = s.choice<bool>("validation", &parse_introspection, kValidations)) spec.introspection = *v;
  if (auto v = s.duration("clock_skew")) spec.clock_skew = *v;
  if (spec.clock_skew.count() > 0 && !spec.introspection)
    ctx.sink.error(s.key_position("clock_skew"), s.field("clock_skew"),
                   "clock_skew needs validation: introspection (in-process checks use the OAuth mock's own clock)");
  if (auto clients = s.section("clients", {})) {
    for (const auto& id : clients->keys()) {
      auto client = clients->section(id, kClientKeys);
      if (!client) {
        if (clients->node(id)->IsNull()) ctx.sink.error(clients->key_position(id), clients->field(id), "a client is a map of settings; {} takes the defaults");
        continue;
      }
      if (auto c = read_client(id, *client)) {
        c->at = clients->key_position(id);
        spec.clients.push_back(std::move(*c));
      }
    }
  }
  if (spec.clients.empty())
    ctx.sink.error(spec.at, s.field("clients"), "the OAuth mock needs at least one client under clients");
  if (spec.introspection && std::none_of(spec.clients.begin(), spec.clients.end(),
                                         [](const OAuthClientSpec& c) { return !c.secret.empty(); }))
    ctx.sink.error(s.key_position("validation"), s.field("validation"),
                   "introspection needs a client with a secret for the mail mocks to authenticate as");
  return spec;
}

std::optional<OAuthExpect> read_oauth_expect(YamlSection& s) {
  OAuthExpect e;
  e.at = s.context().positions.where(s.path());
  if (auto grants = s.section("grants", kGrantTypes))
    for (const auto& grant : grants->keys())
      if (auto n = grants->count(grant)) e.grants[grant] = *n;
  return e;
}

}  // namespace mailsim::harness::reading
