#pragma once
// One admin API call without HTTP: what the handlers read and answer. The
// HTTP front end (admin_http_server.cpp) only translates, so every handler
// is unit-tested without a socket.
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace mailsim::admin {

struct AdminRequest {
  std::string method;                          // "GET", "POST" ...
  std::string path;                            // decoded, without the query
  std::multimap<std::string, std::string> query;
  std::string body;
  std::string authorization;  // the Authorization header, "" when absent
};

struct AdminResponse {
  int status = 200;
  nlohmann::json body;  // sent as JSON unless `raw` is set
  std::string raw;      // a non-JSON answer (a message's bytes)
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
};

// What a handler throws to answer with an error: {"error": code, "message": message}.
struct AdminError : std::runtime_error {
  AdminError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  int status;
  std::string code;
};

AdminResponse error_response(int status, const std::string& code, const std::string& message);
// The body as a JSON object; throws AdminError 400 (bad_json) otherwise.
nlohmann::json json_object_body(const AdminRequest& request);
// The first value of a query parameter, "" when absent.
std::string query_value(const AdminRequest& request, const std::string& name);
// The body as text; invalid UTF-8 in message data is replaced, never thrown on.
std::string render_json(const nlohmann::json& body);

}  // namespace mailsim::admin
