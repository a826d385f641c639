// Open connections: GET /api/sessions, DELETE /api/sessions/{id}.
#include "admin/admin_routes.hpp"

namespace mailsim::admin {
namespace {

using nlohmann::json;

json session_json(const mock::LiveSession& s, const std::string& server, const char* protocol) {
  return {{"id", s.id}, {"server", server}, {"protocol", protocol}, {"peer", s.peer},
          {"state", s.state}, {"user", s.user}, {"tls", s.tls}};
}

}  // namespace

void add_session_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/api/sessions", [&targets](const AdminRequest&, const PathParams&) {
    json sessions = json::array();
    for (const auto& spec : targets.scenario.servers) {
      if (auto* smtp = targets.servers.smtp(spec.name))
        for (const auto& s : smtp->live_sessions()) sessions.push_back(session_json(s, spec.name, "smtp"));
      if (auto* imap = targets.servers.imap(spec.name))
        for (const auto& s : imap->live_sessions()) sessions.push_back(session_json(s, spec.name, "imap"));
    }
    AdminResponse response;
    response.body = {{"sessions", sessions}};
    return response;
  });
  router.add("DELETE", "/api/sessions/{id}", [&targets](const AdminRequest&, const PathParams& p) {
    const auto& id = p.at("id");
    for (const auto& spec : targets.scenario.servers) {
      auto* smtp = targets.servers.smtp(spec.name);
      auto* imap = targets.servers.imap(spec.name);
      if ((smtp && smtp->close_session(id)) || (imap && imap->close_session(id))) {
        AdminResponse response;
        response.body = {{"closed", id}};
        return response;
      }
    }
    throw AdminError(404, "not_found", "no open session " + id);
  });
}

}  // namespace mailsim::admin
