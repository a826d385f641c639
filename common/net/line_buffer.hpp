#pragma once
// Sans-I/O bounded line splitter: bytes in, CRLF- (or LF-) terminated lines
// out. A line longer than the limit is reported once as too long and skipped
// up to its end, so a peer that never sends a newline cannot grow memory.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::net {

class LineBuffer {
 public:
  explicit LineBuffer(std::size_t max_line = 4096) : max_line_(max_line) {}

  struct Line {
    std::string_view text;   // without the line ending; valid until the next call
    bool too_long = false;   // text is empty; the over-long line was dropped
    bool bare_lf = false;    // ended by LF alone
  };

  void append(std::string_view bytes);
  // Next complete line, or nullopt when more data is needed.
  std::optional<Line> next_line();
  // Up to n raw bytes already buffered (for literals / BDAT chunks).
  std::string_view take_raw(std::size_t n);
  std::size_t buffered() const { return buffer_.size() - pos_; }
  // Drops everything buffered: after STARTTLS nothing sent in plaintext
  // before the handshake may be read as if it came over TLS.
  void discard();
  void set_max_line(std::size_t n) { max_line_ = n; }
  std::size_t max_line() const { return max_line_; }

 private:
  void compact();
  std::string buffer_;
  std::size_t pos_ = 0;       // start of unread data
  std::size_t scanned_ = 0;   // bytes after pos_ known to hold no LF
  std::size_t max_line_;
  bool skipping_ = false;     // inside an over-long line
};

}  // namespace mailsim::net
