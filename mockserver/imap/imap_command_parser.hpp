#pragma once
// Incremental IMAP command parser. The session feeds it lines (without CRLF)
// and literal bytes; it says when a literal of n bytes is announced (so a
// synchronizing one can be answered with "+ Ready for literal data"), when
// the command is complete, and refuses commands over the size bounds before
// their bytes are buffered. A complete command is then parsed into a typed
// ImapCommand, or into a BAD reason.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mockserver/imap/imap_command.hpp"

namespace mailsim::mock::imap {

struct CommandLimits {
  std::size_t max_line = 64 * 1024;           // non-literal bytes of one command
  std::size_t max_literal = 64 * 1024 * 1024;  // literal bytes of one command, all literals together
};

struct ParseResult {
  std::optional<ImapCommand> command;
  std::string tag;    // "*" when no tag could be read
  std::string error;  // reason for BAD when !command
};

// Parses one assembled command (lines with literals inline, as ImapReader reads them).
ParseResult parse_command(std::string_view text);

class ImapCommandParser {
 public:
  enum class Status {
    need_line,         // waiting for (more of) the command line
    need_literal,      // literal announced; feed literal_remaining() bytes
    complete,          // take() the command
    literal_too_large, // announced literal over the limit; the command is dropped
    command_too_long,  // command text over the limit; the command is dropped
  };

  explicit ImapCommandParser(CommandLimits limits = {}) : limits_(limits) {}

  Status add_line(std::string_view line);
  // Literal bytes, at most literal_remaining() of them.
  Status add_literal(std::string_view bytes);
  Status status() const { return status_; }

  std::size_t literal_remaining() const { return literal_remaining_; }
  // Whether the announced literal waits for a continuation ({n}) or not ({n+}).
  bool literal_synchronizing() const { return literal_sync_; }
  // True once some of the command has arrived (a later line continues it).
  bool in_command() const { return !text_.empty(); }

  // Best-effort tag and upper-case verb of the command being assembled (for
  // error replies and redaction before the command is complete). The verb of
  // "UID FETCH" is "UID".
  std::string tag() const;
  std::string verb() const;

  // Parses the complete command and resets for the next one.
  ParseResult take();
  // Drops the command being assembled (after an error reply).
  void reset();

 private:
  CommandLimits limits_;
  std::string text_;
  std::size_t line_bytes_ = 0;
  std::size_t literal_bytes_ = 0;
  std::size_t literal_remaining_ = 0;
  bool literal_sync_ = true;
  std::string first_line_;
  Status status_ = Status::need_line;
};

}  // namespace mailsim::mock::imap
