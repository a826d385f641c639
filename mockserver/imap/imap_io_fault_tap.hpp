#pragma once
// Sits between one IMAP session and the listener's hooks: passes every call
// on unchanged and hands the I/O faults the hooks ask for (HookAction::io)
// to the connection's OutputShaper, which the session never sees.
#include "mockserver/faults/output_shaper.hpp"
#include "mockserver/imap/imap_hooks.hpp"

namespace mailsim::mock {

class ImapIoFaultTap final : public ImapHooks {
 public:
  ImapIoFaultTap(ImapHooks& inner, faults::OutputShaper& shaper) : inner_(inner), shaper_(shaper) {}

  HookAction on_connect(const ImapHookContext& context) override { return tap(inner_.on_connect(context)); }
  HookAction on_command(const ImapHookContext& context, const imap::ImapCommand& command) override {
    return tap(inner_.on_command(context, command));
  }
  void before_response(const ImapHookContext& context, std::string& response) override {
    inner_.before_response(context, response);
  }
  void on_disconnect(const ImapHookContext& context) override { inner_.on_disconnect(context); }
  bool inspects_responses() const override { return inner_.inspects_responses(); }

 private:
  HookAction tap(HookAction action) {
    if (action.io) shaper_.arm(*action.io);
    return action;
  }

  ImapHooks& inner_;
  faults::OutputShaper& shaper_;
};

}  // namespace mailsim::mock
