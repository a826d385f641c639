#include "common/net/line_buffer.hpp"

#include <algorithm>

namespace mailsim::net {

void LineBuffer::append(std::string_view bytes) {
  compact();
  buffer_.append(bytes.data(), bytes.size());
}

std::optional<LineBuffer::Line> LineBuffer::next_line() {
  while (true) {
    const std::size_t search_from = pos_ + scanned_;
    const std::size_t lf = buffer_.find('\n', search_from);
    if (lf == std::string::npos) {
      scanned_ = buffer_.size() - pos_;
      // A final CR may be the start of the CRLF, which the limit leaves out:
      // a line must not be refused just because its LF comes in a later read.
      const std::size_t content = scanned_ - (scanned_ > 0 && buffer_.back() == '\r' ? 1 : 0);
      if (content > max_line_) {
        // Over-long line with no end in sight: drop what we have and keep
        // skipping until its LF arrives; report it once, right now.
        const bool first_report = !skipping_;
        skipping_ = true;
        pos_ = buffer_.size();
        scanned_ = 0;
        compact();
        if (first_report) return Line{{}, true, false};
      }
      return std::nullopt;
    }
    const std::size_t begin = pos_;
    pos_ = lf + 1;
    scanned_ = 0;
    if (skipping_) {
      skipping_ = false;  // the rest of the over-long line; already reported
      continue;
    }
    std::size_t end = lf;
    const bool bare_lf = !(end > begin && buffer_[end - 1] == '\r');
    if (!bare_lf) --end;
    if (end - begin > max_line_) return Line{{}, true, bare_lf};
    return Line{std::string_view(buffer_).substr(begin, end - begin), false, bare_lf};
  }
}

std::string_view LineBuffer::take_raw(std::size_t n) {
  const std::size_t count = std::min(n, buffered());
  std::string_view out = std::string_view(buffer_).substr(pos_, count);
  pos_ += count;
  scanned_ = 0;
  return out;
}

void LineBuffer::discard() {
  buffer_.clear();
  pos_ = 0;
  scanned_ = 0;
  skipping_ = false;
}

void LineBuffer::compact() {
  // Views handed out stay valid until the next call; compacting here (on
  // append) is the only place that moves bytes.
  if (pos_ == 0) return;
  buffer_.erase(0, pos_);
  pos_ = 0;
}

}  // namespace mailsim::net
