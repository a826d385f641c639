#include "client/smtp/client_transcript.hpp"

namespace mailsim::client::smtp {

void ClientTranscript::add(std::string_view prefix, std::string_view text) {
  // A multi-line reply is one call; each of its lines gets the prefix.
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto piece = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (lines_.size() < max_lines_) lines_.push_back(std::string(prefix) + std::string(piece));
    else ++dropped_;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

std::vector<std::string> ClientTranscript::lines() const {
  auto out = lines_;
  if (dropped_) out.push_back("* " + std::to_string(dropped_) + " more lines not kept");
  return out;
}

}  // namespace mailsim::client::smtp
