#include "hostile/hostile_support.hpp"

#include <cstdlib>
#include <exception>
#include <fstream>
#include <string_view>

#include "hostile/raw_peer.hpp"

namespace mailsim::hostile {
namespace {

// Checks one reply line against the prefix it must start with.
std::string expect(const std::string& got, std::string_view prefix, std::string_view step) {
  if (got.starts_with(prefix)) return {};
  return std::string(step) + ": expected '" + std::string(prefix) + "...', got '" + got + "'";
}

}  // namespace

std::size_t rss_kib() {
#if defined(__SANITIZE_ADDRESS__)
  return 0;
#endif
  std::ifstream status("/proc/self/status");
  std::string word;
  while (status >> word) {
    if (word == "VmRSS:") {
      std::size_t kib = 0;
      status >> kib;
      return kib;
    }
  }
  return 0;
}

std::size_t scale(const char* variable, std::size_t fallback) {
  const char* text = std::getenv(variable);
  if (!text) return fallback;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  return (end && *end == '\0' && value > 0) ? static_cast<std::size_t>(value) : fallback;
}

std::string smtp_session_problem(std::uint16_t port) {
  try {
    RawPeer peer(port);
    if (auto p = expect(peer.read_line(), "220 ", "greeting"); !p.empty()) return p;
    peer.send("EHLO good.example\r\n");
    if (auto p = expect(peer.read_until_line_starting("250 "), "250-", "EHLO"); !p.empty()) return p;
    peer.send("MAIL FROM:<good@example.com>\r\n");
    if (auto p = expect(peer.read_line(), "250 ", "MAIL"); !p.empty()) return p;
    peer.send("RCPT TO:<rcpt@example.net>\r\n");
    if (auto p = expect(peer.read_line(), "250 ", "RCPT"); !p.empty()) return p;
    peer.send("DATA\r\n");
    if (auto p = expect(peer.read_line(), "354 ", "DATA"); !p.empty()) return p;
    peer.send("Subject: still here\r\n\r\nhello\r\n.\r\n");
    if (auto p = expect(peer.read_line(), "250 ", "end of data"); !p.empty()) return p;
    peer.send("QUIT\r\n");
    if (auto p = expect(peer.read_line(), "221 ", "QUIT"); !p.empty()) return p;
    return {};
  } catch (const std::exception& e) {
    return std::string("well-behaved SMTP session failed: ") + e.what();
  }
}

std::string imap_session_problem(std::uint16_t port) {
  try {
    RawPeer peer(port);
    if (auto p = expect(peer.read_line(), "* OK", "greeting"); !p.empty()) return p;
    peer.send("a LOGIN alice secret\r\n");
    if (auto p = expect(peer.read_until_line_starting("a "), "a OK", "LOGIN"); !p.empty()) return p;
    peer.send("b SELECT INBOX\r\n");
    const std::string select = peer.read_until_line_starting("b ");
    if (select.find("\r\nb OK") == std::string::npos) return "SELECT: " + select;
    peer.send("c NOOP\r\n");
    if (auto p = expect(peer.read_until_line_starting("c "), "c OK", "NOOP"); !p.empty()) return p;
    peer.send("d LOGOUT\r\n");
    if (auto p = expect(peer.read_until_line_starting("d "), "* BYE", "LOGOUT"); !p.empty()) return p;
    return {};
  } catch (const std::exception& e) {
    return std::string("well-behaved IMAP session failed: ") + e.what();
  }
}

}  // namespace mailsim::hostile
