#include "mockserver/fault_hooks/imap_fault_hooks.hpp"

#include "mockserver/fault_hooks/fault_event_source.hpp"
#include "mockserver/faults/io_fault_of.hpp"

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

namespace {

// "NO [ALERT] Too many" -> "[ALERT] Too many": the words after the status.
std::string without_status_word(const std::string& reply) {
  for (std::string_view status : {"OK ", "NO ", "BAD "})
    if (reply.rfind(status, 0) == 0) return reply.substr(status.size());
  return reply;
}

}  // namespace

HookAction ImapFaultHooks::act(const std::optional<FaultAction>& action, bool greeting) {
  HookAction out;
  if (!action) return out;
  const bool untagged = action->reply.rfind("* ", 0) == 0;
  const auto answer_with_reply = [&] {
    if (untagged || action->close_after) {
      out.kind = HookAction::Kind::close;
      // A status reply ("NO [ALERT] ...") answers the command, then the
      // connection closes; before the greeting there is no command, so it
      // becomes the BYE greeting with the same words.
      if (untagged || action->reply.empty()) {
        out.text = action->reply;
      } else if (greeting) {
        out.text = "* BYE " + without_status_word(action->reply);
      } else {
        out.text = action->reply;
        out.tagged = true;
      }
    } else {
      out.kind = HookAction::Kind::reply;
      out.text = greeting ? "* " + action->reply : action->reply;
    }
  };
  // The listener's I/O loop carries these out; the session never sees them.
  out.io = io_fault_of(*action);
  switch (action->kind) {
    case ActionKind::reply:
      answer_with_reply();
      break;
    case ActionKind::delay:
    case ActionKind::tarpit:
    case ActionKind::drop_mid_response:
      // A reply given with them replaces the normal answer, which then goes
      // out shaped by the listener.
      if (!action->reply.empty()) answer_with_reply();
      break;
    case ActionKind::close:
    case ActionKind::reset:
    case ActionKind::fail_tls_handshake:
      out.kind = HookAction::Kind::close;
      out.text = action->reply;
      break;
    case ActionKind::blackhole:
      // The session ends without a word; the listener keeps the socket open
      // and ignores the client until it gives up.
      out.kind = HookAction::Kind::close;
      break;
    case ActionKind::refuse_starttls:
      out.kind = HookAction::Kind::reply;
      out.text = action->reply.empty() ? "NO [UNAVAILABLE] STARTTLS is not available" : action->reply;
      break;
    case ActionKind::stall_tls_handshake:
    case ActionKind::disconnect_after_bytes:
    case ActionKind::expire_token:
    case ActionKind::revoke_token:
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
