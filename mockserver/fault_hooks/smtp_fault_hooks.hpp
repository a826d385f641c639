#pragma once
// The fault engine behind a mock SMTP listener's session hooks. Replies and
// closes take effect in the session; the engine decides.
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "mockserver/faults/fault_engine.hpp"
#include "mockserver/smtp/smtp_session_hooks.hpp"

namespace mailsim::mock::faults {

class SmtpFaultHooks final : public SmtpSessionHooks {
 public:
  SmtpFaultHooks(std::shared_ptr<FaultEngine> engine, std::string listener);

  SmtpHookAction on_connect(const SmtpSession& session) override;
  SmtpHookAction on_command(const SmtpSession& session, const SmtpCommand& command) override;
  SmtpHookAction on_data_end(const SmtpSession& session, const CapturedMessage& message) override;
  void on_close(const SmtpSession& session) override;

 private:
  FaultEvent event(const SmtpSession& session, Trigger trigger, std::string_view verb = {}) const;
  SmtpHookAction act(const std::optional<FaultAction>& action) const;

  std::shared_ptr<FaultEngine> engine_;
  std::string listener_;
  std::mutex mutex_;
  std::set<std::string> authenticated_;  // sessions already reported as authenticated
};

}  // namespace mailsim::mock::faults
