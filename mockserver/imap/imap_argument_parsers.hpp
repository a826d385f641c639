#pragma once
// Parsers for the argument groups that several commands share, over an
// ImapReader positioned at the group. On failure they return nullopt and
// ImapReader::error() (or `error`) holds the reason.
#include <optional>
#include <string>
#include <vector>

#include "mockserver/imap/imap_command.hpp"
#include "mockserver/imap/imap_reader.hpp"

namespace mailsim::mock::imap {

std::optional<SequenceSet> read_sequence_set(ImapReader& r, std::string& error);
// "(" [flag *(SP flag)] ")"; system flags checked, "\Recent" and "\*" refused.
std::optional<std::vector<std::string>> read_flag_list(ImapReader& r, std::string& error);
// Flags for STORE: a list or flags separated by spaces up to the end.
std::optional<std::vector<std::string>> read_store_flags(ImapReader& r, std::string& error);
// One or more search keys separated by spaces, to the end of the command.
std::optional<SearchKey> read_search_keys(ImapReader& r, std::string& error);
// "ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")".
std::optional<std::vector<FetchItem>> read_fetch_items(ImapReader& r, std::string& error);

}  // namespace mailsim::mock::imap
