#include "mockserver/smtp/smtp_data_reader.hpp"

#include <algorithm>

namespace mailsim::mock {

SmtpDataReader::SmtpDataReader(std::size_t size_limit, bool starts_after_crlf)
    : limit_(size_limit), line_after_crlf_(starts_after_crlf) {}

void SmtpDataReader::put_run(std::string_view run) {
  if (run.empty()) return;
  if (size_ < limit_) {
    const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(run.size(), limit_ - size_));
    content_.append(run.substr(0, room));
  }
  size_ += run.size();
  line_length_ += run.size();
  last_cr_ = run.back() == '\r';
  state_ = State::middle;
}

void SmtpDataReader::put(char c) {
  if (c != '\n') {
    put_run(std::string_view(&c, 1));
    return;
  }
  if (size_ < limit_) content_ += c;
  ++size_;
  const bool bare = !last_cr_;
  if (bare) ++bare_lfs_;
  ++lines_;
  longest_line_ = std::max(longest_line_, bare ? line_length_ : line_length_ - 1);
  line_length_ = 0;
  last_cr_ = false;
  line_after_crlf_ = !bare;
  state_ = State::line_start;
}

std::size_t SmtpDataReader::feed(std::string_view bytes) {
  // Room for all of these bytes at once (what the limit allows), doubling
  // after: a message that comes in one read is allocated once, not grown.
  const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), limit_ - std::min(size_, limit_)));
  if (content_.size() + room > content_.capacity())
    content_.reserve(std::max(content_.size() + room, std::min(2 * content_.capacity(), limit_)));
  std::size_t i = 0;
  while (i < bytes.size() && !finished_) {
    const char c = bytes[i];
    switch (state_) {
      case State::middle: {
        // Fast path: copy up to the next LF in one go.
        const std::size_t lf = std::min(bytes.find('\n', i), bytes.size());
        put_run(bytes.substr(i, lf - i));
        if (lf < bytes.size()) put('\n');
        i = lf < bytes.size() ? lf + 1 : lf;
        continue;
      }
      case State::line_start:
        if (c == '.') state_ = State::dot;
        else put(c);
        break;
      case State::dot:
        if (c == '\r') {
          state_ = State::dot_cr;
        } else if (c == '\n') {
          put('.');  // "." ended by a bare LF: content, never the end
          put('\n');
        } else {
          put(c);  // the leading dot was stuffing
        }
        break;
      case State::dot_cr:
        if (c == '\n' && line_after_crlf_) {
          finished_ = true;
        } else if (c == '\n') {
          put('.');  // "LF . CRLF": content
          put('\r');
          put('\n');
        } else {
          put('\r');  // the leading dot was stuffing
          put(c);
        }
        break;
    }
    ++i;
  }
  return i;
}

}  // namespace mailsim::mock
