#pragma once
// Mock servers wired to a fault engine the way a scenario wires them, with a
// hook that tells a test when a connection has reached the greeting, so a
// test can act while a fault holds the connection without sleeping.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mockserver/fault_hooks/imap_fault_hooks.hpp"
#include "mockserver/fault_hooks/smtp_fault_hooks.hpp"
#include "mockserver/faults/fault_engine.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"

namespace mailsim::faults_test {

using mock::faults::ActionKind;
using mock::faults::FaultRule;
using mock::faults::Trigger;

inline const std::string kUser = "alice";
inline const std::string kPassword = "alice-pass";
inline const std::string kMessage =
    "From: bob@example.com\r\nTo: alice@example.com\r\nSubject: Quarterly report\r\n\r\n"
    "The numbers are in. Revenue went up, costs went down, and the coffee machine is fixed.\r\n";

FaultRule rule(Trigger trigger, ActionKind kind, std::vector<std::string> verbs = {});

// Counts connections that reached their greeting (on_connect) and passes
// every call on to the fault hooks.
class GreetingSignal {
 public:
  void arrived();
  bool wait(std::size_t count, std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t count_ = 0;
};

struct SmtpWorld {
  explicit SmtpWorld(mock::Security security = mock::Security::none);
  std::shared_ptr<mock::faults::FaultEngine> engine;
  GreetingSignal greeted;
  std::unique_ptr<mock::SmtpServer> server;
  std::string transcripts() const;
};

struct ImapWorld {
  explicit ImapWorld(mock::Security security = mock::Security::none);
  std::shared_ptr<mock::faults::FaultEngine> engine;
  GreetingSignal greeted;
  std::unique_ptr<mock::ImapServer> server;
  std::string transcripts() const;
};

}  // namespace mailsim::faults_test
