#pragma once
// Drives a sans-I/O SmtpSession with byte strings, as the server would.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/smtp/smtp_credentials.hpp"
#include "mockserver/smtp/smtp_session.hpp"
#include "mockserver/transcript.hpp"

namespace mailsim::mock::smtp_test {

inline constexpr std::string_view kUser = "alice@example.com";
inline constexpr std::string_view kPassword = "Corr3ct-Horse!";
inline constexpr std::string_view kToken = "ya29.good-token";

inline SmtpSessionContext test_context() {
  SmtpSessionContext context;
  context.session_id = "t-1";
  context.connection = 1;
  context.client_ip = "127.0.0.1";
  context.client_port = 40000;
  context.cram_md5_nonce = "4242";
  return context;
}

inline std::chrono::system_clock::time_point test_time() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
}

// Splits output bytes into reply lines (without CRLF).
inline std::vector<std::string> lines_of(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    const auto end = bytes.find("\r\n");
    if (end == std::string_view::npos) {
      lines.emplace_back(bytes);
      break;
    }
    lines.emplace_back(bytes.substr(0, end));
    bytes.remove_prefix(end + 2);
  }
  return lines;
}

class SessionHarness {
 public:
  explicit SessionHarness(SmtpSessionConfig config = {}, SmtpSessionHooks* hooks = nullptr,
                          SmtpSessionContext context = test_context())
      : credentials_({{std::string(kUser), std::string(kPassword)}},
                     [](std::string_view user, std::string_view token) {
                       sasl::TokenVerdict verdict;
                       verdict.valid = user == kUser && token == kToken;
                       return verdict;
                     }),
        session_(std::move(config), std::move(context), credentials_, transcript_, hooks) {}

  std::string open() { return take(session_.open(test_time())); }
  // Feeds bytes; returns everything the session wrote.
  std::string send(std::string_view bytes) { return take(session_.receive(bytes, test_time())); }
  std::vector<std::string> replies(std::string_view bytes) { return lines_of(send(bytes)); }
  // Opens and says EHLO, dropping those replies.
  void greet() {
    open();
    send("EHLO client.example\r\n");
  }
  void start_transaction() {
    greet();
    send("MAIL FROM:<sender@example.com>\r\nRCPT TO:<rcpt@example.net>\r\n");
  }

  SmtpSession& session() { return session_; }
  Transcript& transcript() { return transcript_; }
  const std::vector<CapturedMessage>& messages() const { return messages_; }
  SmtpSessionOutput::Action last_action() const { return last_action_; }

 private:
  std::string take(SmtpSessionOutput out) {
    last_action_ = out.action;
    for (auto& m : out.messages) messages_.push_back(std::move(m));
    return std::move(out.bytes);
  }

  SmtpCredentials credentials_;
  Transcript transcript_;
  SmtpSession session_;
  std::vector<CapturedMessage> messages_;
  SmtpSessionOutput::Action last_action_ = SmtpSessionOutput::Action::none;
};

}  // namespace mailsim::mock::smtp_test
