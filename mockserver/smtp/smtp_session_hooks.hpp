#pragma once
// Where a fault engine steps into an SMTP session: at connect, before each
// command, when a message is complete, and at close. The first three may
// substitute the server's reply and/or close the connection, and ask the
// listener to shape its output (`io`). The default does nothing. Hooks run
// on the server's I/O thread, one call at a time.
#include <optional>
#include <string>

#include "mockserver/faults/io_fault.hpp"

namespace mailsim::mock {

class SmtpSession;
struct SmtpCommand;
struct CapturedMessage;

struct SmtpHookAction {
  // Reply lines to send instead of the normal reply, without CRLF; several
  // lines are separated by '\n' ("250-first\n250 last").
  std::optional<std::string> reply;
  bool close = false;  // close the connection after sending the reply (if any)
  bool reset = false;  // with close: abort with a TCP RST instead of a FIN
  // Say nothing from now on and ignore the client: a blackholed port,
  // where the client's own timeout is what ends the session.
  bool silent = false;
  // Timing and byte faults (delay, tarpit, drop mid-response, stall the
  // STARTTLS handshake ...) for the listener's I/O loop. The session itself
  // goes on as if the hook had not acted, unless `reply` or `close` say so.
  std::optional<faults::IoFault> io;
};

class SmtpSessionHooks {
 public:
  virtual ~SmtpSessionHooks() = default;
  // Before the greeting. A reply replaces "220 ..."; when it is not 2xx and
  // the connection stays open, every command but QUIT then gets 503
  // (RFC 5321 3.1).
  virtual SmtpHookAction on_connect(const SmtpSession& session) { return {}; }
  // Before a command runs; a reply means the command is not run at all.
  // AUTH continuation lines and message content are not commands.
  virtual SmtpHookAction on_command(const SmtpSession& session, const SmtpCommand& command) { return {}; }
  // When a message is complete and within limits, before it is stored. A
  // reply replaces "250 ... queued as"; a reply not starting with '2' rejects
  // the message, which is then not captured.
  virtual SmtpHookAction on_data_end(const SmtpSession& session, const CapturedMessage& message) { return {}; }
  // The connection is gone (frees the session's place under connection caps).
  virtual void on_close(const SmtpSession& session) {}
};

}  // namespace mailsim::mock
