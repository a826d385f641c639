#pragma once
// Flags of one message: the RFC 3501 system flags plus keywords. \Recent is
// not stored here; it belongs to a session, not to the message.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::mock {

enum class SystemFlag : std::uint8_t {
  answered = 1,
  flagged = 2,
  deleted = 4,
  seen = 8,
  draft = 16,
};

// "\Seen" etc. (case-insensitive); nullopt for keywords and unknown "\X" flags.
std::optional<SystemFlag> parse_system_flag(std::string_view name);

class MessageFlags {
 public:
  MessageFlags() = default;
  // Accepts "\Seen"-style names and keywords; see add().
  MessageFlags(std::initializer_list<std::string_view> names);

  bool has(SystemFlag f) const { return (system_ & static_cast<std::uint8_t>(f)) != 0; }
  // Case-insensitive, for system flags and keywords alike.
  bool has(std::string_view name) const;
  // Adds "\Seen"-style system flags or keywords. "\Recent" and other
  // backslash names that are not system flags are ignored.
  void add(std::string_view name);
  void remove(std::string_view name);
  void add(SystemFlag f) { system_ |= static_cast<std::uint8_t>(f); }
  void remove(SystemFlag f) { system_ &= static_cast<std::uint8_t>(~static_cast<std::uint8_t>(f)); }
  void add_all(const MessageFlags& other);
  void remove_all(const MessageFlags& other);

  const std::vector<std::string>& keywords() const { return keywords_; }
  // System flags in Dovecot's order (\Answered \Flagged \Deleted \Seen \Draft),
  // then \Recent when asked for, then keywords; space separated, no parens.
  std::string to_string(bool recent = false) const;

  friend bool operator==(const MessageFlags&, const MessageFlags&) = default;

 private:
  std::uint8_t system_ = 0;
  std::vector<std::string> keywords_;  // in order of first use, original case
};

}  // namespace mailsim::mock
