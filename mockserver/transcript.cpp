#include "mockserver/transcript.hpp"

namespace mailsim::mock {
namespace {
constexpr std::size_t kMaxLineShown = 512;  // long data lines are cut in transcripts
// Room kept for events once the lines are used up, so a flooded transcript
// still says how its session ended.
constexpr std::size_t kEventReserve = 16;
}

void Transcript::add(TranscriptLine::Direction d, std::string_view text) {
  std::lock_guard lock(mutex_);
  const bool reserved = d == TranscriptLine::Direction::event && lines_.size() < max_lines_ + kEventReserve;
  if (lines_.size() >= max_lines_ && !reserved) {
    ++dropped_;
    return;
  }
  std::string shown(text.substr(0, kMaxLineShown));
  if (text.size() > kMaxLineShown) shown += "...";
  lines_.push_back({d, std::move(shown)});
}

std::vector<TranscriptLine> Transcript::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::string Transcript::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& line : lines_) {
    switch (line.direction) {
      case TranscriptLine::Direction::client: out += "C: "; break;
      case TranscriptLine::Direction::server: out += "S: "; break;
      case TranscriptLine::Direction::event: out += "* "; break;
    }
    out += line.text;
    out += '\n';
  }
  if (dropped_ > 0) out += "* " + std::to_string(dropped_) + " more lines not kept\n";
  return out;
}

bool Transcript::contains(std::string_view needle) const {
  std::lock_guard lock(mutex_);
  for (const auto& line : lines_)
    if (line.text.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace mailsim::mock
