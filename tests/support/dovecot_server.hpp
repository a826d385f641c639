#pragma once
// A real Dovecot IMAP server for interop tests: started from a config in a
// temporary folder on a free loopback port (never as a system service), with
// maildir users seeded from raw messages, stopped on destruction. Dovecot
// drops privileges to its own system users, so the tests run as root.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace mailsim::test {

struct DovecotOptions {
  std::map<std::string, std::string> users;  // user -> password
  // Messages per user, put in INBOX in this order (UIDs 1..n), bytes as given.
  std::map<std::string, std::vector<std::string>> inbox;
  bool implicit_tls = false;    // listener speaks TLS from the first byte
  bool starttls = false;        // plain listener that offers STARTTLS
  std::string certificate_pem;  // leaf + chain, for either TLS mode
  std::string private_key_pem;
};

class DovecotServer {
 public:
  // Throws std::runtime_error (with Dovecot's words) when it cannot start.
  explicit DovecotServer(DovecotOptions options);
  ~DovecotServer();
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string log() const;
  // Dovecot is installed, with the system user it runs mail processes as.
  static bool available();

 private:
  void write_config(const DovecotOptions& options);
  // Stops the master (read from its pid file) and waits until it is gone.
  void stop();

  TempDir dir_;
  std::string config_;
  std::uint16_t port_ = 0;
};

// A port nobody listens on right now (bound, read, released).
std::uint16_t free_loopback_port();

}  // namespace mailsim::test
