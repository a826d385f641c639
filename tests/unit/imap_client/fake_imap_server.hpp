#pragma once
// A scripted IMAP peer for client tests: one connection on 127.0.0.1 (an
// ephemeral port), driven by a list of steps on its own thread. It checks
// what the client sends and answers with fixed bytes, including malformed
// and hostile ones a real server would never produce.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/net/asio.hpp"

namespace mailsim::client::imap::testing {

struct Step {
  enum class Kind { send, expect, starttls, close, wait_close };
  Kind kind;
  std::string text;
};

// Writes bytes; "{tag}" is replaced by the tag of the last command received.
Step send(std::string bytes);
// Reads one command (with its literals: a synchronizing one is answered with
// "+ go"); the text after the tag must start with prefix.
Step expect(std::string prefix);
// Server side of a TLS handshake.
Step starttls();
Step close_connection();
// Reads until the client closes.
Step wait_close();

class FakeImapServer {
 public:
  explicit FakeImapServer(std::vector<Step> script, bool implicit_tls = false);
  ~FakeImapServer();

  std::uint16_t port() const { return port_; }
  // The PEM of the CA that issued the server's certificate.
  const std::string& ca_pem() const;
  // Waits for the script to end (the client must close or finish).
  void join();
  // Every command received, literals inline, without CRLF.
  std::vector<std::string> received() const;
  // Steps that did not go as scripted.
  std::vector<std::string> problems() const;

 private:
  struct Session;
  void serve(std::vector<Step> script, bool implicit_tls);

  net::asio::io_context io_;
  net::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::shared_ptr<net::asio::ssl::context> tls_;
  mutable std::mutex mutex_;
  std::vector<std::string> received_;
  std::vector<std::string> problems_;
  std::thread thread_;
};

}  // namespace mailsim::client::imap::testing
