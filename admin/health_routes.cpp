// GET /health (the process answers) and GET /ready (every server listens).
#include "admin/admin_routes.hpp"

namespace mailsim::admin {

void add_health_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/health", [](const AdminRequest&, const PathParams&) {
    AdminResponse response;
    response.body = {{"status", "ok"}};
    return response;
  });
  router.add("GET", "/ready", [&targets](const AdminRequest&, const PathParams&) {
    AdminResponse response;
    const bool ready = targets.ready();
    response.status = ready ? 200 : 503;
    response.body = {{"ready", ready}};
    return response;
  });
}

}  // namespace mailsim::admin
