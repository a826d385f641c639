#pragma once
// The fault engine behind a mock IMAP listener's hooks. A fault reply
// starting with "* " is sent untagged and closes the connection (BYE);
// any other reply answers the command with its tag.
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "mockserver/faults/fault_engine.hpp"
#include "mockserver/imap/imap_hooks.hpp"

namespace mailsim::mock::faults {

class ImapFaultHooks final : public ImapHooks {
 public:
  ImapFaultHooks(std::shared_ptr<FaultEngine> engine, std::string listener);

  HookAction on_connect(const ImapHookContext& context) override;
  HookAction on_command(const ImapHookContext& context, const imap::ImapCommand& command) override;
  void on_disconnect(const ImapHookContext& context) override;

 private:
  FaultEvent event(const ImapHookContext& context, Trigger trigger, std::string_view verb = {}) const;
  static HookAction act(const std::optional<FaultAction>& action, bool greeting);

  std::shared_ptr<FaultEngine> engine_;
  std::string listener_;
  std::mutex mutex_;
  std::set<std::uint64_t> authenticated_;
};

}  // namespace mailsim::mock::faults
