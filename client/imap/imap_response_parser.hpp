#pragma once
// Sans-I/O IMAP response parser: bytes in (any split), complete typed
// responses out. It frames a response as its lines plus the literals they
// announce, with every size bounded, then parses the grammar. Literal bytes
// are copied once, into the string the response finally holds.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "client/imap/imap_response.hpp"
#include "common/net/line_buffer.hpp"

namespace mailsim::client::imap {

struct ParserLimits {
  std::size_t max_line = std::size_t{4} << 20;        // one line (a big SEARCH answer)
  std::size_t max_literal = std::size_t{64} << 20;    // one literal (a whole message)
  std::size_t max_response = std::size_t{128} << 20;  // a response with all its literals
  std::size_t max_depth = 64;                         // nested lists (BODYSTRUCTURE)
};

struct ParseResult {
  enum class Kind { need_more, response, error };
  Kind kind = Kind::need_more;
  Response response;       // kind == response
  std::string transcript;  // the response's lines, literal contents shown as "<N bytes>"
  std::string error;       // kind == error
  std::size_t size = 0;    // bytes the response took on the wire, literals included
  // After a fatal error the byte stream cannot be resynchronised (a limit
  // was exceeded); the connection must be dropped. A non-fatal error is one
  // malformed response: parsing can go on with the next one.
  bool fatal = false;
};

class ResponseParser {
 public:
  explicit ResponseParser(ParserLimits limits = {});

  void feed(std::string_view bytes);
  // The next complete response, need_more, or an error. After a fatal error
  // every call returns that error again.
  ParseResult next();
  // Forgets every buffered byte and any response in progress: after the
  // STARTTLS OK nothing the server sent in plaintext may be read as if it
  // came over TLS (CVE-2011-0411 style command injection).
  void discard();
  std::size_t buffered() const { return lines_.buffered(); }

 private:
  ParseResult fail(std::string message);
  void reset_response();

  ParserLimits limits_;
  net::LineBuffer lines_;
  std::string wire_;        // the response's lines so far, joined by CRLF
  std::vector<std::string> literals_;  // its literals' bytes, in order, kept aside
  std::size_t literal_bytes_ = 0;      // their announced sizes, summed
  std::string transcript_;  // the lines, for the transcript
  std::size_t literal_remaining_ = 0;
  bool in_literal_ = false;
  std::string fatal_error_;
};

// Parses one complete framed response (lines joined by CRLF, each literal's
// bytes after its "{n}" CRLF). Throws SyntaxError.
Response parse_response(std::string_view wire, std::size_t max_depth = ParserLimits{}.max_depth);

}  // namespace mailsim::client::imap
