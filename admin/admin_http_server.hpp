#pragma once
// The admin API over HTTP (cpp-httplib) on its own thread: translates
// requests for AdminApi and answers in JSON, errors included. Request
// bodies are bounded.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "admin/admin_api.hpp"

namespace mailsim::admin {

struct AdminHttpOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: ephemeral
  std::size_t max_body_bytes = 1024 * 1024;
};

class AdminHttpServer {
 public:
  // Listening when the constructor returns; throws std::runtime_error when it cannot.
  AdminHttpServer(const AdminApi& api, AdminHttpOptions options);
  ~AdminHttpServer();  // stop()
  AdminHttpServer(const AdminHttpServer&) = delete;
  AdminHttpServer& operator=(const AdminHttpServer&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:40123"
  // Stops listening and waits for requests in progress. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mailsim::admin
