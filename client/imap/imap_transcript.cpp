#include "client/imap/imap_transcript.hpp"

namespace mailsim::client::imap {

namespace {

// A SEARCH answer can be megabytes on one line; the transcript keeps the start.
constexpr std::size_t kMaxLineLength = 2000;

}  // namespace

void ImapTranscript::add(std::string_view prefix, std::string_view text) {
  if (lines_.size() >= max_lines_) {
    ++dropped_;
    return;
  }
  std::string line(prefix);
  line.append(text.substr(0, kMaxLineLength));
  if (text.size() > kMaxLineLength) line += " ... [" + std::to_string(text.size() - kMaxLineLength) + " more bytes]";
  lines_.push_back(std::move(line));
}

std::vector<std::string> ImapTranscript::lines() const {
  auto out = lines_;
  if (dropped_) out.push_back("* " + std::to_string(dropped_) + " more lines not kept");
  return out;
}

bool ImapTranscript::contains(std::string_view needle) const {
  for (const auto& line : lines_)
    if (line.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace mailsim::client::imap
