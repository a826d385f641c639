#pragma once
// The client's side of an IMAP session for `-v` and scenario checks:
// "C: " lines sent, "S: " lines received, "* " events. Callers pass lines
// already redacted (LOGIN passwords, AUTHENTICATE payloads); literal
// contents are summarised, never copied. Bounded like every buffer: in
// lines, and in bytes per line.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::imap {

class ImapTranscript {
 public:
  explicit ImapTranscript(std::size_t max_lines = 5000) : max_lines_(max_lines) {}
  void client(std::string_view text) { add("C: ", text); }
  void server(std::string_view text) { add("S: ", text); }
  void event(std::string_view text) { add("* ", text); }
  // Every line, with a last "* N more lines not kept" when over the bound.
  std::vector<std::string> lines() const;
  bool contains(std::string_view needle) const;

 private:
  void add(std::string_view prefix, std::string_view text);
  std::vector<std::string> lines_;
  std::size_t max_lines_;
  std::size_t dropped_ = 0;
};

}  // namespace mailsim::client::imap
