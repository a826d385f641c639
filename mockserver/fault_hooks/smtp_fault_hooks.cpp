#include "mockserver/fault_hooks/smtp_fault_hooks.hpp"

#include "mockserver/fault_hooks/fault_event_source.hpp"
#include "mockserver/faults/io_fault_of.hpp"
#include "mockserver/smtp/smtp_session.hpp"

namespace mailsim::mock::faults {

SmtpFaultHooks::SmtpFaultHooks(std::shared_ptr<FaultEngine> engine, std::string listener)
    : engine_(std::move(engine)), listener_(std::move(listener)) {}

FaultEvent SmtpFaultHooks::event(const SmtpSession& session, Trigger trigger, std::string_view verb) const {
  FaultEvent e;
  e.trigger = trigger;
  e.protocol = Protocol::smtp;
  e.listener = listener_;
  e.verb = verb;
  e.user = session.authenticated_user();
  e.client_ip = session.client_ip();
  e.connection = connection_number(session.session_id());
  return e;
}

SmtpHookAction SmtpFaultHooks::act(const std::optional<FaultAction>& action) const {
  SmtpHookAction out;
  if (!action) return out;
  switch (action->kind) {
    case ActionKind::reply:
      out.reply = action->reply;
      out.close = action->close_after;
      break;
    case ActionKind::close:
    case ActionKind::fail_tls_handshake:
      if (!action->reply.empty()) out.reply = action->reply;
      out.close = true;
      break;
    case ActionKind::reset:
      out.close = true;
      out.reset = true;
      break;
    case ActionKind::blackhole:
      out.silent = true;
      break;
    case ActionKind::refuse_starttls:
      out.reply = action->reply.empty() ? "454 4.7.0 TLS not available due to local problem" : action->reply;
      break;
    case ActionKind::delay:
    case ActionKind::tarpit:
    case ActionKind::drop_mid_response:
      // A reply given with them replaces the normal answer, which then goes
      // out shaped by the listener.
      if (!action->reply.empty()) {
        out.reply = action->reply;
        out.close = action->close_after;
      }
      out.io = io_fault_of(*action);
      break;
    case ActionKind::stall_tls_handshake:
    case ActionKind::disconnect_after_bytes:
      out.io = io_fault_of(*action);
      break;
    case ActionKind::expire_token:
    case ActionKind::revoke_token:
      break;
  }
  return out;
}

SmtpHookAction SmtpFaultHooks::on_connect(const SmtpSession& session) {
  if (auto action = engine_->consult(event(session, Trigger::connect))) return act(action);
  return act(engine_->consult(event(session, Trigger::greeting)));
}

SmtpHookAction SmtpFaultHooks::on_command(const SmtpSession& session, const SmtpCommand& command) {
  if (!session.authenticated_user().empty()) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      first = authenticated_.insert(session.session_id()).second;
    }
    // Caps per user are counted once the user is known: at the first
    // command after AUTH, where Exchange also answers 432.
    if (first)
      if (auto action = engine_->consult(event(session, Trigger::authenticated))) return act(action);
  }
  const std::string_view verb = command.name;
  // tls_handshake rules fire when the client asks for TLS.
  if (command.verb == SmtpVerb::starttls)
    if (auto action = engine_->consult(event(session, Trigger::tls_handshake, verb))) return act(action);
  return act(engine_->consult(event(session, Trigger::command, verb)));
}

SmtpHookAction SmtpFaultHooks::on_data_end(const SmtpSession& session, const CapturedMessage&) {
  return act(engine_->consult(event(session, Trigger::data_end, "DATA")));
}

void SmtpFaultHooks::on_close(const SmtpSession& session) {
  {
    std::lock_guard lock(mutex_);
    authenticated_.erase(session.session_id());
  }
  engine_->connection_closed(listener_, connection_number(session.session_id()));
}

}  // namespace mailsim::mock::faults
