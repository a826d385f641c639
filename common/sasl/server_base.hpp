#pragma once
// Shared life cycle of every server mechanism: start once, steps only while
// the exchange runs, a bound on each client message, and no step after the
// outcome. Mechanisms only describe how they read one client message.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/sasl_server.hpp"

namespace mailsim::sasl {

// Larger than any real token (JWTs run to a few KiB), small enough that a
// hostile client cannot make the parsers chew on megabytes.
inline constexpr std::size_t kMaxClientMessage = 64 * 1024;

class ServerBase : public ServerMechanism {
 public:
  ServerStep start(std::optional<std::string_view> initial_response) final;
  ServerStep step(std::string_view response) final;

 protected:
  // The first challenge when the client sent no initial response.
  virtual ServerStep begin() = 0;
  // The initial response; most mechanisms read it like any other message.
  virtual ServerStep initial(std::string_view response) { return receive(response); }
  // One client message answering the last challenge.
  virtual ServerStep receive(std::string_view response) = 0;

  static ServerStep challenge(std::string bytes, bool error_challenge = false);
  static ServerStep success(std::string user);
  static ServerStep failure(Failure why, std::string user = {});

 private:
  ServerStep settle(ServerStep s);
  enum class Phase { idle, running, done } phase_ = Phase::idle;
};

}  // namespace mailsim::sasl
