#pragma once
// Internal to admin/: each resource group adds its endpoints to the router.
#include "admin/admin_api.hpp"

namespace mailsim::admin {

void add_health_routes(AdminRouter& router, const AdminTargets& targets);
void add_message_routes(AdminRouter& router, const AdminTargets& targets);
void add_mailbox_routes(AdminRouter& router, const AdminTargets& targets);
void add_fault_routes(AdminRouter& router, const AdminTargets& targets);
void add_oauth_routes(AdminRouter& router, const AdminTargets& targets);
void add_clock_routes(AdminRouter& router, const AdminTargets& targets);
void add_session_routes(AdminRouter& router, const AdminTargets& targets);

}  // namespace mailsim::admin
