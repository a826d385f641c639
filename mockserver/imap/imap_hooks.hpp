#pragma once
// Interception points for a fault engine: on connect, on each command, and
// before each response leaves. The default does nothing; a scenario's fault
// rules override what they need.
#include <cstdint>
#include <optional>
#include <string>

#include "mockserver/faults/io_fault.hpp"
#include "mockserver/imap/imap_command.hpp"

namespace mailsim::mock {

struct ImapHookContext {
  std::uint64_t session_id = 0;
  std::string remote;  // "127.0.0.1:54321"
  std::string user;    // empty before authentication
  bool tls = false;
};

struct HookAction {
  enum class Kind {
    proceed,  // handle normally
    reply,    // on_connect: `text` is the greeting line; on_command: the
              // tagged reply after the tag, e.g. "NO [UNAVAILABLE] throttled"
    close,    // send `text` when not empty (untagged, or as the command's
              // tagged reply when `tagged`), then close
  };
  Kind kind = Kind::proceed;
  std::string text;
  bool tagged = false;
  // Timing and byte faults (delay, tarpit, drop mid-response, reset,
  // blackhole, stall the STARTTLS handshake) for the listener's I/O loop,
  // which the session does not see.
  std::optional<faults::IoFault> io;
};

class ImapHooks {
 public:
  virtual ~ImapHooks() = default;
  virtual HookAction on_connect(const ImapHookContext&) { return {}; }
  virtual HookAction on_command(const ImapHookContext&, const imap::ImapCommand&) { return {}; }
  // One whole response (lines with CRLF, literals inline) about to be sent;
  // may be rewritten, or emptied to drop it.
  virtual void before_response(const ImapHookContext&, std::string& response) {}
  // False promises that before_response leaves every response as it is, so
  // the session may skip it and write FETCH data straight into its output
  // (message bytes copied once). Hooks that override before_response keep
  // the default.
  virtual bool inspects_responses() const { return true; }
  // The connection ended (for any reason); frees what on_connect counted.
  virtual void on_disconnect(const ImapHookContext&) {}
};

// The shared do-nothing hooks.
ImapHooks& default_imap_hooks();

}  // namespace mailsim::mock
