#include "admin/admin_http_server.hpp"

#include <httplib.h>

#include <stdexcept>
#include <thread>

namespace mailsim::admin {
namespace {

constexpr int kWorkerThreads = 4;

AdminRequest to_admin_request(const httplib::Request& req) {
  AdminRequest request;
  request.method = req.method;
  request.path = req.path;
  for (const auto& [name, value] : req.params) request.query.emplace(name, value);
  request.body = req.body;
  request.authorization = req.get_header_value("Authorization");
  return request;
}

void write(const AdminResponse& response, httplib::Response& res) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  if (!response.raw.empty()) res.set_content(response.raw, response.content_type.c_str());
  else res.set_content(render_json(response.body), "application/json");
}

// httplib's own refusals (a body over the limit, a malformed request) get
// the same JSON shape as the API's errors.
std::string httplib_error_code(int status) {
  switch (status) {
    case 413: return "body_too_large";
    case 400: return "bad_request";
    default: return "http_error";
  }
}

std::string httplib_error_message(int status) {
  switch (status) {
    case 413: return "the request body is too large";
    // httplib refuses a POST or PUT without Content-Length (curl -X POST sends none).
    case 400: return "the request could not be read; a POST or PUT needs a body or Content-Length: 0 (curl --data '')";
    default: return "the request could not be handled";
  }
}

}  // namespace

struct AdminHttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  std::string bind_address;
  std::uint16_t port = 0;
  bool stopped = false;
};

AdminHttpServer::AdminHttpServer(const AdminApi& api, AdminHttpOptions options) : impl_(std::make_unique<Impl>()) {
  auto& server = impl_->server;
  impl_->bind_address = options.bind_address;
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server.set_payload_max_length(options.max_body_bytes);
  const auto handler = [&api](const httplib::Request& req, httplib::Response& res) {
    write(api.handle(to_admin_request(req)), res);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const auto body = error_response(res.status, httplib_error_code(res.status), httplib_error_message(res.status)).body;
    res.set_content(render_json(body), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }));
  const int port = options.port == 0 ? server.bind_to_any_port(options.bind_address)
                                     : (server.bind_to_port(options.bind_address, options.port) ? options.port : -1);
  if (port <= 0)
    throw std::runtime_error("admin API: cannot listen on " + options.bind_address + ":" + std::to_string(options.port));
  impl_->port = static_cast<std::uint16_t>(port);
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

AdminHttpServer::~AdminHttpServer() { stop(); }

std::uint16_t AdminHttpServer::port() const { return impl_->port; }

std::string AdminHttpServer::url() const {
  const auto& host = impl_->bind_address;
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

void AdminHttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace mailsim::admin
