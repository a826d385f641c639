#pragma once
// Plays a server without some extensions (MOVE, UIDPLUS, IDLE ...): wraps a
// listener's hooks, strips the names from every capability list it sends and
// refuses their commands with BAD, as a server that never heard of them does.
// The session core always speaks every extension; this is the one switch.
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "mockserver/imap/imap_hooks.hpp"

namespace mailsim::mock {

class HiddenCapabilities final : public ImapHooks {
 public:
  // Names this can hide; anything else is an std::invalid_argument.
  static const std::set<std::string, std::less<>>& hideable();

  HiddenCapabilities(std::shared_ptr<ImapHooks> inner, std::set<std::string, std::less<>> hidden);

  HookAction on_connect(const ImapHookContext& context) override;
  HookAction on_command(const ImapHookContext& context, const imap::ImapCommand& command) override;
  void before_response(const ImapHookContext& context, std::string& response) override;
  void on_disconnect(const ImapHookContext& context) override;

 private:
  bool hidden(std::string_view name) const { return hidden_.find(name) != hidden_.end(); }

  std::shared_ptr<ImapHooks> inner_;
  std::set<std::string, std::less<>> hidden_;
};

}  // namespace mailsim::mock
