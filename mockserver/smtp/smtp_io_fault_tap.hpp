#pragma once
// Sits between one SMTP session and the listener's hooks: passes every call
// on unchanged and hands the I/O faults the hooks ask for (SmtpHookAction::io)
// to the connection's OutputShaper, which the session never sees.
#include "mockserver/faults/output_shaper.hpp"
#include "mockserver/smtp/smtp_session_hooks.hpp"

namespace mailsim::mock {

class SmtpIoFaultTap final : public SmtpSessionHooks {
 public:
  SmtpIoFaultTap(SmtpSessionHooks& inner, faults::OutputShaper& shaper) : inner_(inner), shaper_(shaper) {}

  SmtpHookAction on_connect(const SmtpSession& session) override { return tap(inner_.on_connect(session)); }
  SmtpHookAction on_command(const SmtpSession& session, const SmtpCommand& command) override {
    return tap(inner_.on_command(session, command));
  }
  SmtpHookAction on_data_end(const SmtpSession& session, const CapturedMessage& message) override {
    return tap(inner_.on_data_end(session, message));
  }
  void on_close(const SmtpSession& session) override { inner_.on_close(session); }

 private:
  SmtpHookAction tap(SmtpHookAction action) {
    if (action.io) shaper_.arm(*action.io);
    return action;
  }

  SmtpSessionHooks& inner_;
  faults::OutputShaper& shaper_;
};

}  // namespace mailsim::mock
