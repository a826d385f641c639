// The servers' clock: GET /api/clock, POST /api/clock/advance {"by": "1h"}.
// It only moves forward: tokens and throttle windows never see time go back.
#include "admin/admin_routes.hpp"
#include "admin/time_text.hpp"
#include "client/connection/value_parsers.hpp"

namespace mailsim::admin {
namespace {

AdminResponse clock_state(const AdminTargets& targets) {
  AdminResponse response;
  const auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(targets.clock.offset());
  response.body = {{"now", format_time(targets.clock.now())},
                   {"offset", client::format_duration(offset)},
                   {"offset_ms", offset.count()}};
  return response;
}

}  // namespace

void add_clock_routes(AdminRouter& router, const AdminTargets& targets) {
  router.add("GET", "/api/clock", [&targets](const AdminRequest&, const PathParams&) { return clock_state(targets); });
  router.add("POST", "/api/clock/advance", [&targets](const AdminRequest& request, const PathParams&) {
    const auto body = json_object_body(request);
    if (!body.contains("by") || !body["by"].is_string())
      throw AdminError(400, "bad_request", "by is missing: a duration such as \"90s\", \"15m\" or \"2h\"");
    const auto parsed = client::parse_duration(body["by"].get<std::string>());
    // Above zero and at most 24h a call, as durations in scenarios.
    if (!parsed.value) throw AdminError(400, "bad_request", "by: " + parsed.error);
    targets.clock.advance(*parsed.value);
    targets.servers.clock_advanced();
    return clock_state(targets);
  });
}

}  // namespace mailsim::admin
