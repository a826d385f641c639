#include "common/sasl/server_base.hpp"

#include <utility>

namespace mailsim::sasl {

ServerStep ServerBase::start(std::optional<std::string_view> initial_response) {
  if (phase_ != Phase::idle) return failure(Failure::malformed);
  phase_ = Phase::running;
  if (!initial_response) return settle(begin());
  if (initial_response->size() > kMaxClientMessage) return settle(failure(Failure::malformed));
  return settle(initial(*initial_response));
}

ServerStep ServerBase::step(std::string_view response) {
  // A message after the outcome (or before start) is a confused client.
  if (phase_ != Phase::running) {
    phase_ = Phase::done;
    return failure(Failure::malformed);
  }
  if (response.size() > kMaxClientMessage) return settle(failure(Failure::malformed));
  return settle(receive(response));
}

ServerStep ServerBase::settle(ServerStep s) {
  if (s.kind != ServerStep::Kind::challenge) phase_ = Phase::done;
  return s;
}

ServerStep ServerBase::challenge(std::string bytes, bool error_challenge) {
  ServerStep s;
  s.kind = ServerStep::Kind::challenge;
  s.challenge = std::move(bytes);
  s.error_challenge = error_challenge;
  return s;
}

ServerStep ServerBase::success(std::string user) {
  ServerStep s;
  s.kind = ServerStep::Kind::success;
  s.user = std::move(user);
  return s;
}

ServerStep ServerBase::failure(Failure why, std::string user) {
  ServerStep s;
  s.kind = ServerStep::Kind::failure;
  s.failure = why;
  s.user = std::move(user);
  return s;
}

}  // namespace mailsim::sasl
