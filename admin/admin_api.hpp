#pragma once
// The admin REST API of `mailsim serve` over a scenario's live servers:
// captured mail, mailboxes, faults, the OAuth mock, the clock and open
// sessions. Everything under /api needs the bearer token when one is set;
// /health and /ready never do (they reveal nothing).
#include <functional>
#include <memory>
#include <string>

#include "admin/admin_exchange.hpp"
#include "admin/admin_router.hpp"
#include "common/clock.hpp"
#include "harness/scenario/live_servers.hpp"
#include "harness/scenario/scenario.hpp"

namespace mailsim::admin {

// What the API acts on; all must outlive the AdminApi.
struct AdminTargets {
  const harness::Scenario& scenario;  // server names and protocols
  harness::LiveServers& servers;
  SystemClock& clock;  // the servers' clock: wall time plus the offset the API advances
  std::function<bool()> ready = [] { return true; };
};

struct AdminApiOptions {
  std::string bearer_token;  // "" : no authentication
};

class AdminApi {
 public:
  AdminApi(AdminTargets targets, AdminApiOptions options);
  // The routes hold a reference to targets_.
  AdminApi(const AdminApi&) = delete;
  AdminApi& operator=(const AdminApi&) = delete;
  // Thread-safe: the HTTP front end calls it from several threads.
  AdminResponse handle(const AdminRequest& request) const;

 private:
  bool authorized(const AdminRequest& request) const;

  AdminTargets targets_;
  AdminApiOptions options_;
  AdminRouter router_;
};

}  // namespace mailsim::admin
