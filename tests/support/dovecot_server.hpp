#pragma once
// A real Dovecot IMAP server for interop tests: started from a config in a
// temporary folder on a free loopback port (never as a system service), with
// maildir users seeded from raw messages, stopped on destruction.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace mailsim::test {

struct DovecotOptions {
  std::map<std::string, std::string> users;  // user -> password
  // Messages per user, put in INBOX in this order (UIDs 1..n).
  std::map<std::string, std::vector<std::string>> inbox;
  bool implicit_tls = false;    // listener speaks TLS from the first byte
  bool starttls = false;        // plain listener that offers STARTTLS
  std::string certificate_pem;  // leaf + chain, for either TLS mode
  std::string private_key_pem;
};

class DovecotServer {
 public:
  explicit DovecotServer(DovecotOptions options);
  ~DovecotServer();
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string log() const;
  static bool available();  // dovecot installed

 private:
  TempDir dir_;
  std::string config_;
  std::uint16_t port_ = 0;
};

// A port nobody listens on right now (bound, read, released).
std::uint16_t free_loopback_port();

}  // namespace mailsim::test
