#pragma once
// The DATA payload (RFC 5321 4.5.2): the message with a '.' added before
// every line that starts with '.', then the end-of-data mark ".\r\n".
//
// Choices, documented because they change bytes:
// - The message is sent as given: bare LF is NOT turned into CRLF (the
//   MIME builder already writes CRLF; an .eml file's bytes are the user's).
// - A line counts as starting after any LF, bare or not. A server that
//   treats bare LF as a line end would otherwise see "\n.\r\n" inside the
//   message as its end (the "SMTP smuggling" class of bugs); stuffing there
//   makes no end-of-data sequence possible for any server reading.
// - The message is made to end in CRLF before ".\r\n": nothing is added
//   when it ends in CRLF; a final bare LF gets its CR; otherwise CRLF is
//   appended. An empty message is sent as ".\r\n" alone.
#include <string>
#include <string_view>

namespace mailsim::client::smtp {

std::string dot_stuff(std::string_view message);
// The same, appended to out: a pipelined batch puts the body and the next
// commands in one buffer without a second copy of the body.
void append_dot_stuffed(std::string& out, std::string_view message);

}  // namespace mailsim::client::smtp
