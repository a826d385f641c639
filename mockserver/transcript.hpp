#pragma once
// A protocol transcript of one session. Sessions add lines already redacted:
// the protocol core knows which bytes are secrets (AUTH payloads, LOGIN
// passwords), so nothing secret ever reaches this object.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::mock {

struct TranscriptLine {
  enum class Direction { client, server, event } direction;
  std::string text;  // without line ending
};

class Transcript {
 public:
  explicit Transcript(std::size_t max_lines = 10000) : max_lines_(max_lines) {}
  void client(std::string_view text) { add(TranscriptLine::Direction::client, text); }
  void server(std::string_view text) { add(TranscriptLine::Direction::server, text); }
  void event(std::string_view text) { add(TranscriptLine::Direction::event, text); }

  std::vector<TranscriptLine> lines() const;
  // "C: EHLO x\nS: 250 ok\n* tls established\n"
  std::string render() const;
  bool contains(std::string_view needle) const;

 private:
  void add(TranscriptLine::Direction d, std::string_view text);
  mutable std::mutex mutex_;
  std::vector<TranscriptLine> lines_;
  std::size_t max_lines_;
  std::size_t dropped_ = 0;
};

// Text shown instead of a secret.
inline constexpr std::string_view kRedacted = "<redacted>";

}  // namespace mailsim::mock
