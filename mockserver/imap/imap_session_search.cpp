// SEARCH and UID SEARCH.
#include "mockserver/imap/imap_format.hpp"
#include "mockserver/imap/imap_search.hpp"
#include "mockserver/imap/imap_session.hpp"

namespace mailsim::mock {

using imap::ImapCommand;

void ImapSession::cmd_search(const ImapCommand& c) {
  const auto& a = std::get<imap::SearchArgs>(c.args);
  if (a.charset && !imap::iequals_ascii(*a.charset, "UTF-8") && !imap::iequals_ascii(*a.charset, "US-ASCII")) {
    tagged(c.tag, "NO", "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
    return;
  }
  // Flags changed elsewhere count in this search; expunges wait (7.4.1).
  sync_updates(allow_expunge_);
  std::string line = "SEARCH";
  imap::SearchTarget target;
  target.max_seq = static_cast<std::uint32_t>(view_.size());
  target.max_uid = view_.empty() ? 0 : view_.back().uid;
  for (std::size_t i = 0; i < view_.size(); ++i) {
    const ViewEntry& entry = view_[i];
    target.seq = static_cast<std::uint32_t>(i + 1);
    target.uid = entry.uid;
    target.flags = &entry.flags;
    target.recent = recent_.count(entry.uid) > 0;
    target.message = entry.message.get();
    if (imap::search_matches(a.key, target)) line += " " + std::to_string(c.uid ? entry.uid : target.seq);
  }
  untagged(line);
  tagged(c.tag, "OK", "Search completed.");
}

}  // namespace mailsim::mock
