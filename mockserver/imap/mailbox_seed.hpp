#pragma once
// Filling a MailboxStore from files: one .eml message, an mbox file, or a
// folder of messages. The internal date of each message is, in order: the
// mbox "From " line date, the Date: header, or `fallback`. Errors throw
// std::runtime_error naming the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "mockserver/imap/mailbox_store.hpp"

namespace mailsim::mock {

// Files larger than this are refused rather than read into memory.
inline constexpr std::uintmax_t kMaxSeedFileBytes = 256ull * 1024 * 1024;

// Returns the UID of the message.
Uid seed_eml_file(MailboxStore& store, std::string_view user, std::string_view mailbox,
                  const std::filesystem::path& file, InternalDate fallback);
// mboxrd/mboxo: messages start at "From " lines; ">From " is unescaped.
// Returns how many messages were added.
std::size_t seed_mbox_file(MailboxStore& store, std::string_view user, std::string_view mailbox,
                           const std::filesystem::path& file, InternalDate fallback);
// Every regular, non-hidden file, by name: "*.mbox" as mbox, others as one
// message each. Returns how many messages were added.
std::size_t seed_directory(MailboxStore& store, std::string_view user, std::string_view mailbox,
                           const std::filesystem::path& folder, InternalDate fallback);

// The split of an mbox text, for callers that have it in memory.
struct MboxMessage {
  std::string raw;
  std::optional<InternalDate> from_line_date;
};
std::vector<MboxMessage> split_mbox(std::string_view text);

// The internal date a seeded message gets: its Date: header, else fallback.
InternalDate date_of_message(std::string_view raw, InternalDate fallback);

}  // namespace mailsim::mock
