// The OAuth mock: GET /api/oauth/tokens (ids and prefixes, never whole
// tokens), POST /api/oauth/tokens/{id}/revoke, POST /api/oauth/expire,
// GET /api/oauth/requests (secrets already redacted by the mock),
// POST /api/oauth/fail-token-calls.
#include "admin/admin_routes.hpp"
#include "admin/time_text.hpp"

namespace mailsim::admin {
namespace {

using nlohmann::json;

// Enough to tell tokens apart in a list, far too little to use one.
constexpr std::size_t kTokenPrefix = 8;
constexpr int kMaxFailCount = 1000;

oauth::AuthorizationServer& oauth_of(const AdminTargets& targets) {
  auto* core = targets.servers.oauth();
  if (core == nullptr) throw AdminError(404, "no_oauth", "this scenario has no oauth: section");
  return *core;
}

json token_json(const oauth::IssuedToken& t, Clock::time_point now) {
  json j = {{"id", t.id},
            {"kind", t.kind == oauth::TokenKind::access ? "access" : "refresh"},
            {"prefix", t.value.substr(0, kTokenPrefix)},
            {"client_id", t.client_id},
            {"subject", t.subject},
            {"scope", t.scope},
            {"grant", t.grant},
            {"issued_at", format_time(t.issued_at)},
            {"expires_at", t.expires_at ? json(format_time(*t.expires_at)) : json(nullptr)},
            {"expired", t.expired_at(now)},
            {"revoked", t.revoked},
            {"rotated", t.rotated}};
  return j;
}

AdminResponse fail_token_calls(const AdminTargets& targets, const AdminRequest& request) {
  const auto body = json_object_body(request);
  oauth::TokenFault fault;
  if (body.contains("count")) {
    if (!body["count"].is_number_integer() || body["count"].get<long long>() < 1 ||
        body["count"].get<long long>() > kMaxFailCount)
      throw AdminError(400, "bad_request", "count must be a whole number from 1 to 1000");
    fault.times = body["count"].get<int>();
  }
  const bool has_error = body.contains("error");
  const bool has_status = body.contains("status");
  if (has_error == has_status)
    throw AdminError(400, "bad_request", "give either error (e.g. \"invalid_grant\") or status (e.g. 503)");
  if (has_error) {
    if (!body["error"].is_string() || body["error"].get<std::string>().empty())
      throw AdminError(400, "bad_request", "error must be an OAuth error code such as invalid_grant");
    fault.kind = oauth::TokenFault::Kind::oauth_error;
    fault.error = body["error"].get<std::string>();
  } else {
    if (!body["status"].is_number_integer() || body["status"].get<int>() < 400 || body["status"].get<int>() > 599)
      throw AdminError(400, "bad_request", "status must be an HTTP error status from 400 to 599");
    fault.kind = oauth::TokenFault::Kind::http_status;
    fault.status = body["status"].get<int>();
  }
  if (body.contains("client_id")) {
    if (!body["client_id"].is_string()) throw AdminError(400, "bad_request", "client_id must be a string");
    fault.client_id = body["client_id"].get<std::string>();
  }
  oauth_of(targets).fail_token_calls(fault);
  AdminResponse response;
  response.body = {{"failing", fault.times}};
  return response;
}

}  // namespace

void add_oauth_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/api/oauth/tokens", [&targets](const AdminRequest&, const PathParams&) {
    const auto now = targets.clock.now();
    json tokens = json::array();
    for (const auto& t : oauth_of(targets).issued_tokens()) tokens.push_back(token_json(t, now));
    AdminResponse response;
    response.body = {{"tokens", tokens}};
    return response;
  });
  router.add("POST", "/api/oauth/tokens/{id}/revoke", [&targets](const AdminRequest&, const PathParams& p) {
    auto& core = oauth_of(targets);
    for (const auto& t : core.issued_tokens()) {
      if (t.id != p.at("id")) continue;
      core.revoke_token(t.value);
      AdminResponse response;
      response.body = {{"revoked", t.id}};
      return response;
    }
    throw AdminError(404, "not_found", "no issued token with id " + p.at("id"));
  });
  router.add("POST", "/api/oauth/expire", [&targets](const AdminRequest& request, const PathParams&) {
    const auto which = query_value(request, "which");
    auto& core = oauth_of(targets);
    if (which.empty() || which == "access") core.expire_access_tokens();
    else if (which == "all") core.expire_all_tokens();
    else throw AdminError(400, "bad_request", "which must be access (the default) or all");
    AdminResponse response;
    response.body = {{"expired", which.empty() ? "access" : which}};
    return response;
  });
  router.add("GET", "/api/oauth/requests", [&targets](const AdminRequest&, const PathParams&) {
    json requests = json::array();
    for (const auto& r : oauth_of(targets).requests()) {
      json params = json::object();
      for (const auto& [name, value] : r.params) params[name] = value;
      requests.push_back({{"endpoint", oauth::to_string(r.endpoint)},
                          {"at", format_time(r.at)},
                          {"client_id", r.client_id},
                          {"client_auth", r.client_auth},
                          {"grant_type", r.grant_type},
                          {"scope", r.scope},
                          {"params", params},
                          {"status", r.status},
                          {"error", r.error}});
    }
    AdminResponse response;
    response.body = {{"requests", requests}};
    return response;
  });
  router.add("POST", "/api/oauth/fail-token-calls",
             [&targets](const AdminRequest& r, const PathParams&) { return fail_token_calls(targets, r); });
}

}  // namespace mailsim::admin
