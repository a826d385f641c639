#pragma once
// SMTP replies (RFC 5321 section 4.2) and a sans-I/O reader that assembles
// them from received bytes: multi-line replies, enhanced status codes
// (RFC 3463), and bounds on line length and line count.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/line_buffer.hpp"

namespace mailsim::client::smtp {

// "5.7.8": class 2, 4 or 5 (the same as the reply's first digit).
struct EnhancedCode {
  int klass = 0;
  int subject = 0;
  int detail = 0;
  std::string to_string() const;
  friend bool operator==(const EnhancedCode&, const EnhancedCode&) = default;
};

struct SmtpReply {
  int code = 0;
  // Text of each line after "250-" / "250 ", enhanced code included.
  std::vector<std::string> lines;
  // From the first line, when it carries one whose class matches the code.
  std::optional<EnhancedCode> enhanced;

  bool positive() const { return code >= 200 && code < 400; }
  bool permanent_failure() const { return code >= 500; }
  // The reply as the server wrote it ("250-a\n250 b"), without CRLF.
  std::string to_string() const;
};

// Enhanced code at the start of a reply line text ("5.7.8 Bad" -> 5.7.8),
// accepted only when its class equals the reply code's first digit.
std::optional<EnhancedCode> parse_enhanced_code(int reply_code, std::string_view text);

struct ReplyLimits {
  // RFC 5321 allows 512 octets per reply line; real servers go a little
  // beyond, so the bound is generous but still a bound.
  std::size_t max_line = 2048;
  std::size_t max_lines = 128;
};

class ReplyReader {
 public:
  explicit ReplyReader(ReplyLimits limits = {});

  struct Result {
    enum class Kind { need_more, reply, error } kind = Kind::need_more;
    SmtpReply reply;    // when kind == reply
    std::string error;  // when kind == error: what was wrong (no secrets: replies carry none)
  };

  void append(std::string_view bytes);
  // The next complete reply, need_more, or error. After an error the stream
  // is out of sync and the reader must not be used again.
  Result next();
  // Drops buffered bytes and any half-read reply (after STARTTLS: nothing
  // received in plaintext may be taken as a reply over TLS). Returns about
  // how many bytes were dropped (exact unless a half-read reply was dropped).
  std::size_t discard();
  std::size_t buffered() const { return lines_.buffered(); }

 private:
  Result fail(std::string message);
  ReplyLimits limits_;
  net::LineBuffer lines_;
  SmtpReply partial_;  // lines so far of a multi-line reply
  bool failed_ = false;
};

}  // namespace mailsim::client::smtp
