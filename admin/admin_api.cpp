#include "admin/admin_api.hpp"

#include <openssl/crypto.h>

#include "admin/admin_routes.hpp"

namespace mailsim::admin {

AdminApi::AdminApi(AdminTargets targets, AdminApiOptions options)
    : targets_(std::move(targets)), options_(std::move(options)) {
  add_health_routes(router_, targets_);
  add_message_routes(router_, targets_);
  add_mailbox_routes(router_, targets_);
  add_fault_routes(router_, targets_);
  add_oauth_routes(router_, targets_);
  add_clock_routes(router_, targets_);
  add_session_routes(router_, targets_);
}

bool AdminApi::authorized(const AdminRequest& request) const {
  if (options_.bearer_token.empty()) return true;
  const std::string expected = "Bearer " + options_.bearer_token;
  // Constant time, so the token cannot be guessed byte by byte.
  return request.authorization.size() == expected.size() &&
         CRYPTO_memcmp(request.authorization.data(), expected.data(), expected.size()) == 0;
}

AdminResponse AdminApi::handle(const AdminRequest& request) const {
  const bool open = request.path == "/health" || request.path == "/ready";
  if (!open && !authorized(request)) {
    auto response = error_response(401, "unauthorized",
                                   request.authorization.empty() ? "this admin API needs Authorization: Bearer <token>"
                                                                 : "the bearer token is not the admin token");
    response.headers["WWW-Authenticate"] = "Bearer realm=\"mailsim\"";
    return response;
  }
  return router_.handle(request);
}

}  // namespace mailsim::admin
