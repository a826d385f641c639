#pragma once
// The redirect target of a native app's authorization (RFC 8252 7.3): an
// HTTP listener on 127.0.0.1 and an ephemeral port that takes the first
// GET of its callback path, answers a short page and hands the query over.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "client/connection/connection_config.hpp"

namespace mailsim::client::oauth {

class LoopbackListener {
 public:
  // Listening when it returns. Throws std::runtime_error when it cannot.
  explicit LoopbackListener(std::string callback_path = "/callback");
  ~LoopbackListener();  // stop()
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  std::uint16_t port() const;
  // "http://127.0.0.1:<port>/callback"
  std::string redirect_uri() const;

  // The query parameters of the first well-formed GET of the callback path
  // (other paths get 404 and are ignored); nullopt when none came in time.
  std::optional<ParameterList> wait(std::chrono::milliseconds timeout);

  // Stops listening; idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mailsim::client::oauth
