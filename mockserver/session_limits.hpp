#pragma once
// Admission of connections to one listener: at most max_sessions served at
// once, and at most max_per_ip from one client address, so one noisy client
// (a slowloris, a connection leak) cannot lock everyone else out. Every
// accepted connection holds a Ticket until it is gone, refused ones too, so
// open_connections() reaching zero means every session was reaped.
// Thread-safe.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace mailsim::mock {

struct SessionCaps {
  std::size_t max_sessions = 100;  // served at once per listener
  std::size_t max_per_ip = 0;      // served at once per client address; 0: only max_sessions
};

class SessionLimiter {
 public:
  enum class Admission { admitted, listener_full, ip_full };

  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    ~Ticket();
    Admission admission() const { return admission_; }
    bool admitted() const { return admission_ == Admission::admitted; }

   private:
    friend class SessionLimiter;
    Ticket(std::shared_ptr<SessionLimiter> owner, std::string ip, Admission admission);
    std::shared_ptr<SessionLimiter> owner_;
    std::string ip_;
    Admission admission_;
  };

  explicit SessionLimiter(SessionCaps caps) : caps_(caps) {}

  // Tickets keep the limiter alive, so it must be owned by a shared_ptr.
  static Ticket admit(const std::shared_ptr<SessionLimiter>& limiter, const std::string& ip);
  std::size_t open_connections() const;  // admitted and refused, until their tickets go
  std::size_t admitted() const;
  // Blocks until at most n connections are open or the timeout passes; true when they are.
  bool wait_for_open_at_most(std::size_t n, std::chrono::milliseconds timeout) const;
  const SessionCaps& caps() const { return caps_; }

 private:
  void release(const std::string& ip, bool admitted);

  const SessionCaps caps_;
  mutable std::mutex mutex_;
  mutable std::condition_variable released_;
  std::size_t open_ = 0;
  std::size_t admitted_ = 0;
  std::map<std::string, std::size_t, std::less<>> per_ip_;  // admitted only; no zero entries
};

}  // namespace mailsim::mock
