#include "admin/admin_exchange.hpp"

namespace mailsim::admin {

AdminResponse error_response(int status, const std::string& code, const std::string& message) {
  AdminResponse response;
  response.status = status;
  response.body = {{"error", code}, {"message", message}};
  return response;
}

nlohmann::json json_object_body(const AdminRequest& request) {
  if (request.body.empty()) throw AdminError(400, "bad_json", "the request needs a JSON object body");
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) throw AdminError(400, "bad_json", "the request body is not valid JSON");
  if (!body.is_object()) throw AdminError(400, "bad_json", "the request body must be a JSON object");
  return body;
}

std::string query_value(const AdminRequest& request, const std::string& name) {
  const auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

std::string render_json(const nlohmann::json& body) {
  return body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace mailsim::admin
