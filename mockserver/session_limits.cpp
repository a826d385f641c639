#include "mockserver/session_limits.hpp"

#include <utility>

namespace mailsim::mock {

SessionLimiter::Ticket::Ticket(std::shared_ptr<SessionLimiter> owner, std::string ip, Admission admission)
    : owner_(std::move(owner)), ip_(std::move(ip)), admission_(admission) {}

SessionLimiter::Ticket::Ticket(Ticket&& other) noexcept
    : owner_(std::move(other.owner_)), ip_(std::move(other.ip_)), admission_(other.admission_) {}

SessionLimiter::Ticket::~Ticket() {
  if (owner_) owner_->release(ip_, admitted());
}

SessionLimiter::Ticket SessionLimiter::admit(const std::shared_ptr<SessionLimiter>& limiter, const std::string& ip) {
  SessionLimiter& self = *limiter;
  std::lock_guard lock(self.mutex_);
  ++self.open_;
  Admission admission = Admission::admitted;
  const auto it = self.per_ip_.find(ip);
  const std::size_t from_ip = it == self.per_ip_.end() ? 0 : it->second;
  if (self.admitted_ >= self.caps_.max_sessions)
    admission = Admission::listener_full;
  else if (self.caps_.max_per_ip != 0 && from_ip >= self.caps_.max_per_ip)
    admission = Admission::ip_full;
  if (admission == Admission::admitted) {
    ++self.admitted_;
    ++self.per_ip_[ip];
  }
  return Ticket(limiter, ip, admission);
}

void SessionLimiter::release(const std::string& ip, bool was_admitted) {
  {
    std::lock_guard lock(mutex_);
    --open_;
    if (was_admitted) {
      --admitted_;
      const auto it = per_ip_.find(ip);
      if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
    }
  }
  released_.notify_all();
}

std::size_t SessionLimiter::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

bool SessionLimiter::wait_for_open_at_most(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return released_.wait_for(lock, timeout, [&] { return open_ <= n; });
}

std::size_t SessionLimiter::admitted() const {
  std::lock_guard lock(mutex_);
  return admitted_;
}

}  // namespace mailsim::mock
