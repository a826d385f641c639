#include "mockserver/fault_hooks/imap_fault_hooks.hpp"

#include "mockserver/fault_hooks/fault_event_source.hpp"

namespace mailsim::mock::faults {

ImapFaultHooks::ImapFaultHooks(std::shared_ptr<FaultEngine> engine, std::string listener)
    : engine_(std::move(engine)), listener_(std::move(listener)) {}

FaultEvent ImapFaultHooks::event(const ImapHookContext& context, Trigger trigger, std::string_view verb) const {
  FaultEvent e;
  e.trigger = trigger;
  e.protocol = Protocol::imap;
  e.listener = listener_;
  e.verb = verb;
  e.user = context.user;
  e.client_ip = ip_of(context.remote);
  e.connection = context.session_id;
  return e;
}

HookAction ImapFaultHooks::act(const std::optional<FaultAction>& action, bool greeting) {
  HookAction out;
  if (!action) return out;
  const bool untagged = action->reply.rfind("* ", 0) == 0;
  switch (action->kind) {
    case ActionKind::reply:
      if (untagged || action->close_after) {
        out.kind = HookAction::Kind::close;
        out.text = untagged || action->reply.empty() ? action->reply : "* BYE " + action->reply;
      } else {
        out.kind = HookAction::Kind::reply;
        out.text = greeting ? "* " + action->reply : action->reply;
      }
      break;
    case ActionKind::close:
    case ActionKind::reset:
    case ActionKind::fail_tls_handshake:
      out.kind = HookAction::Kind::close;
      out.text = action->reply;
      break;
    case ActionKind::refuse_starttls:
      out.kind = HookAction::Kind::reply;
      out.text = action->reply.empty() ? "NO [UNAVAILABLE] STARTTLS is not available" : action->reply;
      break;
    default:
      // Timing and byte-level actions need the listener's I/O loop.
      break;
  }
  return out;
}

HookAction ImapFaultHooks::on_connect(const ImapHookContext& context) {
  if (auto action = engine_->consult(event(context, Trigger::connect))) return act(action, true);
  return act(engine_->consult(event(context, Trigger::greeting)), true);
}

HookAction ImapFaultHooks::on_command(const ImapHookContext& context, const imap::ImapCommand& command) {
  if (!context.user.empty()) {
    bool first = false;
    {
      std::lock_guard lock(mutex_);
      first = authenticated_.insert(context.session_id).second;
    }
    // Caps per user count once the user is known: the first command after login.
    if (first)
      if (auto action = engine_->consult(event(context, Trigger::authenticated))) return act(action, false);
  }
  if (command.verb == imap::Verb::starttls)
    if (auto action = engine_->consult(event(context, Trigger::tls_handshake, command.name)))
      return act(action, false);
  return act(engine_->consult(event(context, Trigger::command, command.name)), false);
}

void ImapFaultHooks::on_disconnect(const ImapHookContext& context) {
  {
    std::lock_guard lock(mutex_);
    authenticated_.erase(context.session_id);
  }
  engine_->connection_closed(listener_, context.session_id);
}

}  // namespace mailsim::mock::faults
