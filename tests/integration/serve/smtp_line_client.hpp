#pragma once
// A blocking SMTP client that speaks exactly the lines a test gives it, for
// the mechanisms curl does not let us choose (it prefers OAUTHBEARER over
// XOAUTH2).
#include <cstdint>
#include <string>

namespace mailsim::test {

class SmtpLineClient {
 public:
  explicit SmtpLineClient(std::uint16_t port);  // connects to 127.0.0.1 and reads the greeting
  ~SmtpLineClient();
  SmtpLineClient(const SmtpLineClient&) = delete;
  SmtpLineClient& operator=(const SmtpLineClient&) = delete;

  // Sends line + CRLF and returns the whole reply (every line, CRLF kept);
  // "" when the connection ended first.
  std::string command(const std::string& line);
  const std::string& greeting() const { return greeting_; }

 private:
  std::string reply();
  int fd_ = -1;
  std::string buffer_;
  std::string greeting_;
};

}  // namespace mailsim::test
