#pragma once
// Sans-I/O reader of DATA content (RFC 5321 4.5.2): removes dot-stuffing and
// finds the end of data, which is only ever CRLF "." CRLF. "LF . LF",
// "LF . CRLF" and "CRLF . LF" are content, never an end: a server that reads
// them as the end lets a client smuggle a second message (CVE-2023-51766).
// Bare LFs are counted so the session can refuse them. Memory is bounded by
// the size limit: content past it is counted and dropped, the line length
// does not matter.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace mailsim::mock {

class SmtpDataReader {
 public:
  // starts_after_crlf: the DATA command line itself ended with CRLF, so an
  // immediate ".\r\n" ends an empty message.
  explicit SmtpDataReader(std::size_t size_limit, bool starts_after_crlf = true);

  // Consumes bytes up to and including the end marker; returns how many it used.
  std::size_t feed(std::string_view bytes);

  bool finished() const { return finished_; }
  bool over_limit() const { return size_ > limit_; }
  std::uint64_t size() const { return size_; }  // content octets, kept or not
  const std::string& content() const { return content_; }
  std::string take_content() { return std::move(content_); }
  std::size_t bare_lf_count() const { return bare_lfs_; }
  std::size_t line_count() const { return lines_; }
  std::size_t longest_line() const { return longest_line_; }

 private:
  enum class State { line_start, dot, dot_cr, middle };
  void put(char c);
  void put_run(std::string_view run);  // bytes holding no LF, within a line

  std::size_t limit_;
  std::string content_;
  std::uint64_t size_ = 0;
  State state_ = State::line_start;
  bool line_after_crlf_;
  bool last_cr_ = false;
  std::size_t line_length_ = 0;
  std::size_t longest_line_ = 0;
  std::size_t lines_ = 0;
  std::size_t bare_lfs_ = 0;
  bool finished_ = false;
};

}  // namespace mailsim::mock
