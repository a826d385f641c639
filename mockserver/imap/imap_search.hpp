#pragma once
// Evaluating an IMAP search key against one message (RFC 3501 6.4.4).
// String keys match case-insensitively as substrings, in decoded header
// values (RFC 2047) and in the text parts' decoded content.
#include <cstdint>

#include "mockserver/imap/imap_command.hpp"
#include "mockserver/imap/message_flags.hpp"
#include "mockserver/imap/stored_message.hpp"

namespace mailsim::mock::imap {

struct SearchTarget {
  std::uint32_t seq = 0;
  std::uint32_t uid = 0;
  std::uint32_t max_seq = 0;  // what "*" means in a sequence set
  std::uint32_t max_uid = 0;  // what "*" means in a UID set
  const MessageFlags* flags = nullptr;
  bool recent = false;
  const StoredMessage* message = nullptr;
};

bool search_matches(const SearchKey& key, const SearchTarget& target);

}  // namespace mailsim::mock::imap
